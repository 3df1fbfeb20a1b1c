{% include "_partials/terraform_variables.jinja" %}

variable "database_name" {
  description = "Name of the app's database in the cluster."
  type        = string
  default     = "{{ app_name | snake }}"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be a lowercase identifier."
  }
}

variable "engine_version" {
  description = "Aurora PostgreSQL version; 16.3 or later can scale to zero."
  type        = string
  default     = "16.6"
}

variable "min_capacity" {
  description = "Least capacity in ACUs; 0 pauses the database when idle (no compute cost)."
  type        = number
  default     = 0

  validation {
    condition     = var.min_capacity >= 0 && var.min_capacity <= 256
    error_message = "min_capacity must be between 0 and 256 ACUs."
  }
}

variable "max_capacity" {
  description = "Most capacity in ACUs (1 ACU is about 2 GiB of memory)."
  type        = number
  default     = 2

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 256
    error_message = "max_capacity must be between 1 and 256 ACUs."
  }
}

variable "seconds_until_auto_pause" {
  description = "Idle seconds before a min_capacity = 0 cluster pauses (300-86400)."
  type        = number
  default     = 900

  validation {
    condition     = var.seconds_until_auto_pause >= 300 && var.seconds_until_auto_pause <= 86400
    error_message = "seconds_until_auto_pause must be between 300 and 86400."
  }
}

variable "backup_retention_days" {
  description = "Days of point-in-time recovery."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster. Off so a first deployment can be destroyed; turn on for production."
  type        = bool
  default     = false
}

variable "final_snapshot" {
  description = "Take a snapshot when the cluster is destroyed."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for storage; null uses the AWS-managed RDS key."
  type        = string
  default     = null
}
