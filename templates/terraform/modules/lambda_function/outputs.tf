output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "invoke_arn" {
  description = "Invoke ARN of the function itself ($LATEST); API Gateway uses target_invoke_arn."
  value       = aws_lambda_function.this.invoke_arn
}

{% if snapstart %}
output "target_arn" {
  description = "ARN every trigger and caller invokes: the alias live with SnapStart (which applies only to published versions), else the function."
  value       = var.snap_start ? aws_lambda_alias.live[0].arn : aws_lambda_function.this.arn
}

output "target_invoke_arn" {
  description = "Invoke ARN API Gateway uses: the alias live's with SnapStart, else the function's."
  value       = var.snap_start ? aws_lambda_alias.live[0].invoke_arn : aws_lambda_function.this.invoke_arn
}

output "qualifier" {
  description = "The alias callers name with the function (live with SnapStart), else null."
  value       = var.snap_start ? aws_lambda_alias.live[0].name : null
}
{% else %}
output "target_arn" {
  description = "ARN every trigger and caller invokes (the function)."
  value       = aws_lambda_function.this.arn
}

output "target_invoke_arn" {
  description = "Invoke ARN API Gateway uses (the function's)."
  value       = aws_lambda_function.this.invoke_arn
}
{% endif %}

output "role_name" {
  description = "Name of the function's IAM role."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "Name of the function's log group."
  value       = aws_cloudwatch_log_group.this.name
}
