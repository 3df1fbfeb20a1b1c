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

output "migrate_function_name" {
  description = "Lambda function that applies the database migrations (scripts/deploy.py invokes it: aws-agent-framework migrate --function <name>)."
  value       = module.migrate.function_name
}

output "migrate_function_arn" {
  description = "ARN of the migrate function; its region is the one to invoke it in."
  value       = module.migrate.function_arn
}

output "orchestrator_timeout_seconds" {
  description = "The orchestrator's timeout (8_enterprise alarms near it)."
  value       = var.orchestrator_timeout_seconds
}

output "worker_timeout_seconds" {
  description = "The workers' timeout (8_enterprise alarms near it)."
  value       = var.worker_timeout_seconds
}

output "bedrock_model_id" {
  description = "The model the agents call (8_enterprise charts its Bedrock metrics)."
  value       = var.bedrock_model_id
}

output "bedrock_region" {
  description = "Region where the agents call Bedrock, where its metrics are published."
  value       = var.bedrock_region
}
{% if guardrails == "bedrock" %}

output "guardrail_id" {
  description = "The Bedrock guardrail the agents' model calls carry (BEDROCK_GUARDRAIL_ID)."
  value       = aws_bedrock_guardrail.agents.guardrail_id
}

output "guardrail_version" {
  description = "The guardrail version the agents use (BEDROCK_GUARDRAIL_VERSION)."
  value       = aws_bedrock_guardrail_version.agents.version
}
{% endif %}
