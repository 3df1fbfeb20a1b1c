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
{% if vectors != "none" %}

variable "index_name" {
  description = "Vector index the service writes to (output index_name of 3_vectors)."
  type        = string
  default     = "knowledge"
}
{% endif %}
{% if vectors == "opensearch" %}

variable "dimension" {
  description = "Length of the embedding vectors (output dimension of 3_vectors)."
  type        = number
  default     = {{ 384 if embeddings == "sagemaker" else 1024 }}
}

variable "vector_collection_arn" {
  description = "ARN of the vector collection (output vector_collection_arn of 3_vectors)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:aoss:", var.vector_collection_arn))
    error_message = "vector_collection_arn must be an OpenSearch Serverless collection ARN (terraform output -raw vector_collection_arn in 3_vectors)."
  }
}

variable "collection_endpoint" {
  description = "HTTPS endpoint of the vector collection (output collection_endpoint of 3_vectors)."
  type        = string

  validation {
    condition     = can(regex("^https://", var.collection_endpoint))
    error_message = "collection_endpoint must be an https:// URL (terraform output -raw collection_endpoint in 3_vectors)."
  }
}
{% endif %}
{% if observability %}

variable "langfuse_secret_arn" {
  description = "Optional Secrets Manager secret with LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_HOST; empty turns tracing off."
  type        = string
  default     = ""
}
{% endif %}

{% include "_partials/terraform_lambda_architecture.jinja" %}

{% include "_partials/terraform_log_retention.jinja" %}
