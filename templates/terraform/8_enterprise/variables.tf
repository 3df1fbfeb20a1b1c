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

variable "bedrock_model_id" {
  description = "The model the agents call, as set in 6_agents (the dashboard charts its Bedrock metrics)."
  type        = string
  default     = "{{ bedrock_model_id }}"
}

variable "bedrock_region" {
  description = "Region where the agents call Bedrock, as set in 6_agents (Bedrock publishes its metrics there)."
  type        = string
  default     = "{{ bedrock_region }}"
}

variable "failed_jobs_threshold" {
  description = "Failed jobs within 5 minutes that raise the failed-jobs alarm."
  type        = number
  default     = 1

  validation {
    condition     = var.failed_jobs_threshold >= 1
    error_message = "failed_jobs_threshold must be at least 1."
  }
}

{% if observability %}
variable "quality_alarm_threshold" {
  description = "The online judge's hourly average score (0 to 1) below which the quality alarm fires."
  type        = number
  default     = 0.6

  validation {
    condition     = var.quality_alarm_threshold > 0 && var.quality_alarm_threshold <= 1
    error_message = "quality_alarm_threshold must be above 0 and at most 1."
  }
}

{% endif %}
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
