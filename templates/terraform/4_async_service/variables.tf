{% include "_partials/terraform_variables.jinja" %}

variable "bedrock_region" {
  description = "Region where the service calls Bedrock."
  type        = string
  default     = "{{ bedrock_region }}"
}

variable "bedrock_model_id" {
  description = "Bedrock model the service's agent runs on."
  type        = string
  default     = "{{ bedrock_model_id }}"
}

variable "schedule" {
  description = "When EventBridge Scheduler runs the service: a rate(...) or cron(...) expression."
  type        = string
  default     = "rate(2 hours)"

  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.schedule))
    error_message = "schedule must be a rate(...) or cron(...) expression."
  }
}

variable "schedule_timezone" {
  description = "Time zone of a cron() schedule, e.g. Europe/Paris."
  type        = string
  default     = "UTC"
}

variable "schedule_enabled" {
  description = "Whether the schedule runs; off deploys the function so you can run it by hand first."
  type        = bool
  default     = true
}

variable "timeout_seconds" {
  description = "Longest one run may take (at most 900); the agent stops a little before it."
  type        = number
  default     = 900

  validation {
    condition     = var.timeout_seconds >= 60 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 60 and 900."
  }
}

variable "memory_mb" {
  description = "Memory of the function in MB (CPU grows with it)."
  type        = number
  default     = 1024
}
{% include "_partials/terraform_function_variables.jinja" %}
{% if vectors == "opensearch" %}

variable "dimension" {
  description = "Length of the embedding vectors (output dimension of 3_vectors)."
  type        = number
  default     = {{ 384 if embeddings == "sagemaker" else 1024 }}
}
{% endif %}

{% include "_partials/terraform_lambda_architecture.jinja" %}

{% include "_partials/terraform_log_retention.jinja" %}
