output "job_queue_url" {
  description = "URL of the job queue (the API sends jobs here)."
  value       = aws_sqs_queue.jobs.url
}

output "job_queue_arn" {
  description = "ARN of the job queue."
  value       = aws_sqs_queue.jobs.arn
}

output "dead_letter_queue_name" {
  description = "Name of the dead-letter queue (8_enterprise alarms on its depth)."
  value       = aws_sqs_queue.jobs_dlq.name
}

output "agent_function_names" {
  description = "Lambda function of each agent."
  value       = { for name, agent in module.agent : name => agent.function_name }
}

output "orchestrator_function_name" {
  description = "Lambda function that receives the jobs."
  value       = module.agent["{{ orchestrator.name }}"].function_name
}
