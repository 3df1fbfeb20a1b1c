{% include "_partials/terraform_variables.jinja" %}

variable "deployer_user_names" {
  description = "Existing IAM users to add to the deployers group (you can also add them in the console)."
  type        = list(string)
  default     = []
}
