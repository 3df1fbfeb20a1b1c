{% include "_partials/terraform_variables.jinja" %}
{% if guardrails == "bedrock" %}

variable "bedrock_region" {
  description = "Region where the agents call Bedrock, and where part 6 makes their guardrail."
  type        = string
  default     = "{{ bedrock_region }}"
}
{% endif %}

variable "deployer_user_names" {
  description = "Existing IAM users to add to the deployers group (you can also add them in the console)."
  type        = list(string)
  default     = []
}
