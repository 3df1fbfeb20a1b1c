variable "function_name" {
  description = "Name of the function, its role and its log group."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-_]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 letters, digits, hyphens or underscores."
  }
}

variable "description" {
  description = "What the function does."
  type        = string
  default     = ""
}

variable "package_path" {
  description = "Path of the deployment zip (built by `make package`)."
  type        = string
}

variable "handler" {
  description = "Module and function Lambda calls, e.g. lambda_handler.handler."
  type        = string
  default     = "lambda_handler.handler"
}

variable "architecture" {
  description = "arm64 or x86_64."
  type        = string

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "timeout_seconds" {
  description = "Longest a single invocation may run (at most 900)."
  type        = number

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 1 and 900."
  }
}

variable "memory_mb" {
  description = "Memory (and so CPU) of the function, 128-10240 MB."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240
    error_message = "memory_mb must be between 128 and 10240."
  }
}

variable "reserved_concurrency" {
  description = "Concurrent executions reserved for this function; null reserves none."
  type        = number
  default     = null
}

variable "environment" {
  description = "Environment variables (no secrets: those come from Secrets Manager)."
  type        = map(string)
  default     = {}
}

variable "policy_json" {
  description = "IAM policy with the function's own permissions, beyond writing its logs."
  type        = string
}

{% if snapstart %}
variable "snap_start" {
  description = "Lambda SnapStart: publish a version on each change, resume new execution environments from its snapshot, and invoke it through the alias live (target_arn). Costs extra per cached snapshot and restore."
  type        = bool
  default     = false
}

{% endif %}
{% include "_partials/terraform_log_retention.jinja" %}
