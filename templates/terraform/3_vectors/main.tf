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
