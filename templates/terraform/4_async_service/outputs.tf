output "service_function_name" {
  description = "Lambda function of the {{ async_service }} service (run it by hand with aws lambda invoke, see guides/4_async_service.md)."
  value       = module.service.function_name
}

output "service_log_group_name" {
  description = "Log group of the service's runs."
  value       = module.service.log_group_name
}

output "service_runs_table_name" {
  description = "DynamoDB table where each scheduled time is claimed once."
  value       = aws_dynamodb_table.runs.name
}

output "service_schedule_name" {
  description = "EventBridge Scheduler schedule that runs the service."
  value       = aws_scheduler_schedule.service.name
}
