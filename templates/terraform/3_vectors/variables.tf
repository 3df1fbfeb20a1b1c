{% include "_partials/terraform_variables.jinja" %}

variable "index_name" {
  description = "Name of the vector index."
  type        = string
  default     = "knowledge"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.index_name))
    error_message = "index_name must be 3-63 lowercase letters, digits, dots or hyphens."
  }
}

variable "dimension" {
  description = "Length of the embedding vectors: 384 for all-MiniLM-L6-v2, 1024 for Titan Text Embeddings v2."
  type        = number
  default     = {{ 384 if embeddings == "sagemaker" else 1024 }}

  validation {
    condition     = var.dimension >= 1 && var.dimension <= 4096
    error_message = "dimension must be between 1 and 4096."
  }
}

{% if vectors == "s3-vectors" %}
variable "distance_metric" {
  description = "cosine or euclidean."
  type        = string
  default     = "cosine"

  validation {
    condition     = contains(["cosine", "euclidean"], var.distance_metric)
    error_message = "distance_metric must be cosine or euclidean."
  }
}
{% else %}

variable "standby_replicas" {
  description = "Replicas in a second zone: more available, twice the OCU cost. Off for a first deployment."
  type        = bool
  default     = false
}
{% endif %}

{% include "_partials/terraform_lambda_architecture.jinja" %}

{% include "_partials/terraform_log_retention.jinja" %}
