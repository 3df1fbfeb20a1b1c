output "aurora_cluster_arn" {
  description = "ARN of the Aurora cluster (feeds aurora_cluster_arn of 6_agents and 7_frontend)."
  value       = aws_rds_cluster.this.arn
}

output "aurora_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the credentials (feeds aurora_secret_arn)."
  value       = aws_rds_cluster.this.master_user_secret[0].secret_arn
}

output "database_name" {
  description = "Name of the app's database."
  value       = aws_rds_cluster.this.database_name
}

output "cluster_identifier" {
  description = "Identifier of the cluster."
  value       = aws_rds_cluster.this.cluster_identifier
}
