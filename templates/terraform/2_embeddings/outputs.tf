output "endpoint_name" {
  description = "SageMaker endpoint the app calls for embeddings (3_vectors and 6_agents take it as embedding_endpoint_name)."
  value       = aws_sagemaker_endpoint.embeddings.name
}

output "endpoint_arn" {
  description = "ARN of the endpoint."
  value       = aws_sagemaker_endpoint.embeddings.arn
}
