{% include "_partials/terraform_variables.jinja" %}

variable "bedrock_region" {
  description = "Region where the service calls Bedrock."
  type        = string
  default     = "{{ bedrock_region }}"
}

variable "bedrock_model_id" {
  description = "Bedrock model the service may call."
  type        = string
  default     = "{{ bedrock_model_id }}"
}

variable "image_tag" {
  description = "Tag of the image in the service's repository to run (push it before applying)."
  type        = string
  default     = "v1"
}

variable "port" {
  description = "Port the container listens on."
  type        = number
  default     = 8000
}

variable "cpu" {
  description = "vCPU of an instance: 256, 512, 1024, 2048 or 4096 (units of 1/1024)."
  type        = string
  default     = "1024"
}

variable "memory" {
  description = "Memory of an instance in MB, matching the cpu (e.g. 2048 for 1024 cpu)."
  type        = string
  default     = "2048"
}

variable "schedule" {
  description = "When EventBridge calls POST /run: a rate() or cron() expression."
  type        = string
  default     = "rate(2 hours)"

  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.schedule))
    error_message = "schedule must be a rate(...) or cron(...) expression."
  }
}

variable "schedule_enabled" {
  description = "Whether the schedule runs; off lets you deploy and call /run by hand first."
  type        = bool
  default     = true
}
