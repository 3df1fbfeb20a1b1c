{% include "_partials/terraform_variables.jinja" %}

variable "alert_email" {
  description = "Email that receives alarms and budget alerts (confirm the subscription email); empty sends none."
  type        = string
  default     = ""

  validation {
    condition     = var.alert_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an email address or empty."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly cost (USD) of resources tagged Application = app_name before budget alerts."
  type        = number
  default     = 50

  validation {
    condition     = var.monthly_budget_usd > 0
    error_message = "monthly_budget_usd must be positive."
  }
}
{% if observability %}

variable "orchestrator_timeout_seconds" {
  description = "The orchestrator's timeout, as set in 6_agents."
  type        = number
  default     = 900
}

variable "worker_timeout_seconds" {
  description = "The workers' timeout, as set in 6_agents."
  type        = number
  default     = 300
}

variable "timeout_alarm_percent" {
  description = "Alarm when an agent's longest run exceeds this share of its timeout."
  type        = number
  default     = 80

  validation {
    condition     = var.timeout_alarm_percent > 0 && var.timeout_alarm_percent < 100
    error_message = "timeout_alarm_percent must be between 1 and 99."
  }
}

variable "error_threshold" {
  description = "Errors within 5 minutes that raise a function's error alarm."
  type        = number
  default     = 1
}
{% endif %}
