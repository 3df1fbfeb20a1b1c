{% include "_partials/terraform_variables.jinja" %}

variable "bedrock_region" {
  description = "Region where the agents call Bedrock."
  type        = string
  default     = "{{ bedrock_region }}"
}

variable "bedrock_model_id" {
  description = "Bedrock model id, inference-profile id or ARN the agents use; IAM allows this model only."
  type        = string
  default     = "{{ bedrock_model_id }}"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._:/-]*$", var.bedrock_model_id))
    error_message = "bedrock_model_id must be a model id such as us.amazon.nova-pro-v1:0 or an ARN."
  }
}

{% include "_partials/terraform_database_variables.jinja" %}
{% include "_partials/terraform_function_variables.jinja" %}

{% include "_partials/terraform_lambda_architecture.jinja" %}

variable "orchestrator_timeout_seconds" {
  description = "Time budget of one job; the queue's visibility timeout is this plus a minute."
  type        = number
  default     = 900

  validation {
    condition     = var.orchestrator_timeout_seconds >= 60 && var.orchestrator_timeout_seconds <= 900
    error_message = "orchestrator_timeout_seconds must be between 60 and 900."
  }
}

variable "worker_timeout_seconds" {
  description = "Time budget of one worker call; keep it below the orchestrator's."
  type        = number
  default     = 300

  validation {
    condition     = var.worker_timeout_seconds >= 10 && var.worker_timeout_seconds <= 900
    error_message = "worker_timeout_seconds must be between 10 and 900."
  }
}

variable "memory_mb" {
  description = "Memory of each agent function in MB (CPU grows with it)."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240
    error_message = "memory_mb must be between 128 and 10240."
  }
}

variable "batch_size" {
  description = "Jobs the orchestrator takes per invocation; 1 gives each job the whole time budget."
  type        = number
  default     = 1

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10
    error_message = "batch_size must be between 1 and 10."
  }
}

variable "max_concurrent_jobs" {
  description = "Jobs run at the same time (the queue trigger's maximum concurrency); each also uses one concurrent execution per worker it calls at once, from the account's Lambda quota (10 on new accounts), so raise it with the quota."
  type        = number
  default     = 2

  validation {
    condition     = var.max_concurrent_jobs >= 2 && var.max_concurrent_jobs <= 1000
    error_message = "max_concurrent_jobs must be between 2 and 1000 (Lambda's limits for an SQS trigger)."
  }
}

variable "sweep_schedule" {
  description = "How often the orchestrator sweeps up jobs whose run died (an EventBridge Scheduler expression)."
  type        = string
  default     = "rate(5 minutes)"

  validation {
    condition     = can(regex("^(rate|cron)\\(.+\\)$", var.sweep_schedule))
    error_message = "sweep_schedule must be rate(...) or cron(...), e.g. rate(5 minutes)."
  }
}

variable "sweep_enabled" {
  description = "Whether the stuck-job sweep runs (redelivered messages still retry stuck jobs without it)."
  type        = bool
  default     = true
}

variable "max_receive_count" {
  description = "Deliveries of a job before it moves to the dead-letter queue."
  type        = number
  default     = 3

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

{% if snapstart %}
variable "snap_start" {
  description = "Lambda SnapStart for the agent functions: resume new execution environments from a snapshot, through the alias live. false turns it off; then delete the published versions (guides/6_agents.md)."
  type        = bool
  default     = true
}

{% endif %}
variable "quality_sample_rate" {
  description = "Fraction of completed jobs (0 to 1) the online judge scores against the orchestrator's QUALITY_RUBRIC, one extra model call each; 0 turns it off."
  type        = number
  default     = 0.1

  validation {
    condition     = var.quality_sample_rate >= 0 && var.quality_sample_rate <= 1
    error_message = "quality_sample_rate must be between 0 and 1."
  }
}

{% if guardrails == "bedrock" %}
variable "guardrail_filter_strength" {
  description = "How strictly the guardrail's content filters block hate, insults, misconduct, sexual content, violence and prompt attacks: LOW, MEDIUM or HIGH (HIGH blocks the most)."
  type        = string
  default     = "HIGH"

  validation {
    condition     = contains(["LOW", "MEDIUM", "HIGH"], var.guardrail_filter_strength)
    error_message = "guardrail_filter_strength must be LOW, MEDIUM or HIGH."
  }
}

variable "guardrail_blocked_input_message" {
  description = "What a job that the guardrail stopped at its request says to the user."
  type        = string
  default     = "Sorry, this request cannot be handled: it asks for something this app is not allowed to work on."
}

variable "guardrail_blocked_output_message" {
  description = "What a job says to the user when the guardrail blocked a model's answer."
  type        = string
  default     = "Sorry, the answer to this request was withheld because it broke this app's content rules."
}

{% endif %}
{% include "_partials/terraform_log_retention.jinja" %}
