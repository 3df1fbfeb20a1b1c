{% if vectors == "s3-vectors" %}
output "vector_bucket_name" {
  description = "S3 Vectors bucket of the knowledge base."
  value       = local.vector_bucket
}

output "index_arn" {
  description = "ARN of the vector index."
  value       = aws_cloudformation_stack.vectors.outputs["IndexArn"]
}
{% else %}
output "vector_collection_arn" {
  description = "ARN of the vector collection (feeds vector_collection_arn of 6_agents)."
  value       = aws_opensearchserverless_collection.vectors.arn
}

output "collection_endpoint" {
  description = "HTTPS endpoint of the collection."
  value       = aws_opensearchserverless_collection.vectors.collection_endpoint
}
{% endif %}

output "index_name" {
  description = "Vector index of the knowledge base (feeds index_name of 4_async_service and 6_agents)."
  value       = var.index_name
}

output "dimension" {
  description = "Length of the embedding vectors (feeds dimension where a later part declares it)."
  value       = var.dimension
}

output "ingest_function_name" {
  description = "Function that adds documents to the knowledge base (see guides/3_vectors.md)."
  value       = module.ingest.function_name
}
