output "deployers_group" {
  description = "IAM group whose members can deploy the other parts."
  value       = aws_iam_group.deployers.name
}

output "deploy_policy_arns" {
  description = "The policies attached to the group."
  value       = { for name, policy in aws_iam_policy.deploy : name => policy.arn }
}
