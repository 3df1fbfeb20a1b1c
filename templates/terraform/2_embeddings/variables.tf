{% include "_partials/terraform_variables.jinja" %}

variable "embedding_model" {
  description = "Hugging Face model the endpoint serves; its vector size must match 3_vectors' dimension."
  type        = string
  default     = "sentence-transformers/all-MiniLM-L6-v2"
}

variable "image_account" {
  description = "AWS account of the Hugging Face inference image (763104351884 in most regions; see the SageMaker docs for yours)."
  type        = string
  default     = "763104351884"

  validation {
    condition     = can(regex("^[0-9]{12}$", var.image_account))
    error_message = "image_account must be a 12-digit account id."
  }
}

variable "image_repository" {
  description = "Repository of the inference image."
  type        = string
  default     = "huggingface-pytorch-inference"
}

variable "image_tag" {
  description = "Tag of the inference image (CPU)."
  type        = string
  default     = "1.13.1-transformers4.26.0-cpu-py39-ubuntu20.04"
}

variable "memory_mb" {
  description = "Memory of the serverless endpoint: 1024-6144 in steps of 1024."
  type        = number
  default     = 3072

  validation {
    condition     = contains([1024, 2048, 3072, 4096, 5120, 6144], var.memory_mb)
    error_message = "memory_mb must be one of 1024, 2048, 3072, 4096, 5120, 6144."
  }
}

variable "max_concurrency" {
  description = "Concurrent requests the endpoint serves before throttling."
  type        = number
  default     = 2
}
