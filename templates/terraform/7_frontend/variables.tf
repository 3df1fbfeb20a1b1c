{% include "_partials/terraform_variables.jinja" %}

{% include "_partials/terraform_database_variables.jinja" %}

variable "job_queue_url" {
  description = "URL of the job queue (output job_queue_url of 6_agents)."
  type        = string

  validation {
    condition     = can(regex("^https?://", var.job_queue_url))
    error_message = "job_queue_url must be an SQS queue URL (terraform output -raw job_queue_url in 6_agents)."
  }
}

variable "job_queue_arn" {
  description = "ARN of the job queue (output job_queue_arn of 6_agents)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:", var.job_queue_arn))
    error_message = "job_queue_arn must be an SQS queue ARN (terraform output -raw job_queue_arn in 6_agents)."
  }
}
{% if auth_provider == "clerk" %}

variable "clerk_jwks_url" {
  description = "Clerk JWKS URL, from the Clerk dashboard: https://<your-app>.clerk.accounts.dev/.well-known/jwks.json"
  type        = string

  validation {
    condition     = can(regex("^https://.+/\\.well-known/jwks\\.json$", var.clerk_jwks_url))
    error_message = "clerk_jwks_url must be an https URL ending in /.well-known/jwks.json."
  }
}

variable "clerk_issuer" {
  description = "Clerk issuer (the Frontend API URL), e.g. https://<your-app>.clerk.accounts.dev"
  type        = string

  validation {
    condition     = can(regex("^https://", var.clerk_issuer))
    error_message = "clerk_issuer must be an https URL."
  }
}
{% else %}

variable "cognito_deletion_protection" {
  description = "Refuse to delete the user pool (and its users). Turn on once real users sign up."
  type        = bool
  default     = false
}
{% endif %}

{% include "_partials/terraform_lambda_architecture.jinja" %}

variable "extra_cors_origins" {
  description = "Origins besides the CloudFront site allowed to call the API, e.g. a custom domain."
  type        = list(string)
  default     = []
}

variable "price_class" {
  description = "CloudFront price class: PriceClass_100 (North America, Europe) is cheapest."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "enable_waf" {
  description = "Put an AWS WAF web ACL (common and known-bad-input rules) in front of the site."
  type        = bool
  default     = false
}

variable "api_burst_limit" {
  description = "Requests the API accepts in a burst before throttling."
  type        = number
  default     = 50

  validation {
    condition     = var.api_burst_limit > 0
    error_message = "api_burst_limit must be positive."
  }
}

variable "api_rate_limit" {
  description = "Steady requests per second the API accepts."
  type        = number
  default     = 20

  validation {
    condition     = var.api_rate_limit > 0
    error_message = "api_rate_limit must be positive."
  }
}

{% if snapstart %}
variable "snap_start" {
  description = "Lambda SnapStart for the API function: resume new execution environments from a snapshot, through the alias live. false turns it off; then delete the published versions (guides/7_frontend.md)."
  type        = bool
  default     = true
}

{% endif %}
{% include "_partials/terraform_log_retention.jinja" %}
