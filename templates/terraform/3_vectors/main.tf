{% set part = "3_vectors" %}
{% include "_partials/terraform_header.jinja" %}

{% if vectors == "s3-vectors" %}
# The knowledge base of {{ app_name }}: an S3 Vectors bucket and index. AWS provider 5.x
# has no S3 Vectors resources yet, so CloudFormation (which has) creates them; Terraform
# still owns their whole life cycle through the stack.

locals {
  vector_bucket = "${var.app_name}-vectors"
}

resource "aws_cloudformation_stack" "vectors" {
  # checkov:skip=CKV_AWS_124:Stack events are visible in the console and CloudTrail; an SNS topic for two resources adds nothing.
  name = "${var.app_name}-vectors"
  template_body = jsonencode({
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "S3 Vectors bucket and index of ${var.app_name}"
    Resources = {
      VectorBucket = {
        Type       = "AWS::S3Vectors::VectorBucket"
        Properties = { VectorBucketName = local.vector_bucket }
      }
      Index = {
        Type      = "AWS::S3Vectors::Index"
        DependsOn = "VectorBucket"
        Properties = {
          VectorBucketName = local.vector_bucket
          IndexName        = var.index_name
          DataType         = "float32"
          Dimension        = var.dimension
          DistanceMetric   = var.distance_metric
        }
      }
    }
    Outputs = {
      IndexArn = { Value = { "Fn::GetAtt" = ["Index", "IndexArn"] } }
    }
  })
}
{% else %}
# The knowledge base of {{ app_name }}: an OpenSearch Serverless vector collection.
# Agents reach it over HTTPS with their IAM roles; nothing else may read or write it.

locals {
  account    = data.aws_caller_identity.current.account_id
  arn        = data.aws_partition.current.partition
  collection = "${var.app_name}-vectors"
  agent_roles = [
{% for agent in agents %}
    "arn:${local.arn}:iam::${local.account}:role/${var.app_name}-{{ agent.name | kebab }}",
{% endfor %}
    "arn:${local.arn}:iam::${local.account}:role/${var.app_name}-ingest",
{% if async_service != "none" %}
    "arn:${local.arn}:iam::${local.account}:role/${var.app_name}-{{ async_service | kebab }}",
{% endif %}
  ]
}

resource "aws_opensearchserverless_security_policy" "encryption" {
  name = "${var.app_name}-enc"
  type = "encryption"
  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = ["collection/${local.collection}"] }]
    AWSOwnedKey = true
  })
}

resource "aws_opensearchserverless_security_policy" "network" {
  name = "${var.app_name}-net"
  type = "network"
  # Public endpoint, IAM-authenticated: the agents run outside a VPC.
  policy = jsonencode([{
    Rules           = [{ ResourceType = "collection", Resource = ["collection/${local.collection}"] }]
    AllowFromPublic = true
  }])
}

resource "aws_opensearchserverless_access_policy" "agents" {
  name = "${var.app_name}-agents"
  type = "data"
  policy = jsonencode([{
    Rules = [
      {
        ResourceType = "index"
        Resource     = ["index/${local.collection}/*"]
        Permission   = ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:ReadDocument", "aoss:WriteDocument", "aoss:UpdateIndex"]
      },
      {
        ResourceType = "collection"
        Resource     = ["collection/${local.collection}"]
        Permission   = ["aoss:DescribeCollectionItems"]
      },
    ]
    Principal = local.agent_roles
  }])
}

resource "aws_opensearchserverless_collection" "vectors" {
  name             = local.collection
  type             = "VECTORSEARCH"
  standby_replicas = var.standby_replicas ? "ENABLED" : "DISABLED"
  depends_on       = [aws_opensearchserverless_security_policy.encryption, aws_opensearchserverless_security_policy.network]
}
{% endif %}

# --- Ingest function ------------------------------------------------------------------
# Embeds documents and writes them to the knowledge base (backend/ingest/). It may call
# only the embedding model and write only this index.

data "aws_iam_policy_document" "ingest" {
  statement {
    sid       = "Embed"
{% if embeddings == "sagemaker" %}
    actions   = ["sagemaker:InvokeEndpoint"]
    resources = ["arn:${data.aws_partition.current.partition}:sagemaker:${var.aws_region}:${data.aws_caller_identity.current.account_id}:endpoint/${var.app_name}-embeddings"]
{% else %}
    actions   = ["bedrock:InvokeModel"]
    resources = ["arn:${data.aws_partition.current.partition}:bedrock:${var.aws_region}::foundation-model/amazon.titan-embed-text-v2:0"]
{% endif %}
  }

  statement {
    sid       = "WriteVectors"
{% if vectors == "s3-vectors" %}
    actions   = ["s3vectors:PutVectors", "s3vectors:GetIndex"]
    resources = [aws_cloudformation_stack.vectors.outputs["IndexArn"]]
{% else %}
    actions   = ["aoss:APIAccessAll"]
    resources = [aws_opensearchserverless_collection.vectors.arn]
{% endif %}
  }
}

module "ingest" {
  source = "../modules/lambda_function"

  function_name   = "${var.app_name}-ingest"
  description     = "Adds documents to the knowledge base of ${var.app_name}"
  package_path    = "${path.module}/../../backend/dist/ingest.zip"
  architecture    = var.lambda_architecture
  timeout_seconds = 300
  memory_mb       = 1024
  policy_json     = data.aws_iam_policy_document.ingest.json

  environment = merge(
    {
      APP_NAME             = var.app_name
      POWERTOOLS_LOG_LEVEL = "INFO"
      EMBEDDINGS           = "{{ "sagemaker/" if embeddings == "sagemaker" else "bedrock/amazon.titan-embed-text-v2:0" }}{% if embeddings == "sagemaker" %}${var.app_name}-embeddings{% endif %}"
      VECTOR_INDEX         = var.index_name
    },
{% if vectors == "s3-vectors" %}
    { VECTOR_BUCKET = local.vector_bucket },
{% else %}
    { VECTOR_COLLECTION_ENDPOINT = aws_opensearchserverless_collection.vectors.collection_endpoint, VECTOR_DIMENSION = tostring(var.dimension) },
{% endif %}
  )

  log_retention_days = var.log_retention_days
}
