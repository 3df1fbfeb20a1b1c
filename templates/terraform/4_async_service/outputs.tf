output "repository_url" {
  description = "ECR repository to push the service image to."
  value       = aws_ecr_repository.service.repository_url
}

output "service_url" {
  description = "HTTPS URL of the service."
  value       = "https://${aws_apprunner_service.service.service_url}"
}

output "schedule_key_secret_arn" {
  description = "Secret holding the key the schedule sends as X-Schedule-Key."
  value       = aws_secretsmanager_secret.schedule_key.arn
}
