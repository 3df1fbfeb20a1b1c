{% set part = "2_embeddings" %}
{% include "_partials/terraform_header.jinja" %}
{% import "_partials/terraform_macros.jinja" as tf %}

# The embedding model of {{ app_name }}'s knowledge base: a SageMaker serverless endpoint
# running a sentence-transformers model. Serverless bills per request and scales to zero.

locals {
  account = data.aws_caller_identity.current.account_id
  arn     = data.aws_partition.current.partition
}

{{ tf.assume_role_policy("assume", "sagemaker.amazonaws.com") }}
resource "aws_iam_role" "endpoint" {
  name               = "${var.app_name}-embeddings"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "endpoint" {
  statement {
    sid       = "PullTheModelImage"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = ["arn:${local.arn}:ecr:${var.aws_region}:${var.image_account}:repository/${var.image_repository}"]
  }
  statement {
    sid       = "RegistrySignIn"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # GetAuthorizationToken accepts no resource-level permission.
  }
  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${local.arn}:logs:${var.aws_region}:${local.account}:log-group:/aws/sagemaker/Endpoints/${var.app_name}-embeddings*"]
  }
  statement {
    sid       = "OwnMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"] # PutMetricData accepts no resources; the condition pins the namespace.
    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = ["/aws/sagemaker/Endpoints"]
    }
  }
}

resource "aws_iam_role_policy" "endpoint" {
  name   = "endpoint"
  role   = aws_iam_role.endpoint.id
  policy = data.aws_iam_policy_document.endpoint.json
}

resource "aws_sagemaker_model" "embeddings" {
  # checkov:skip=CKV_AWS_370:The container downloads HF_MODEL_ID from the Hugging Face Hub at start-up, which network isolation blocks; package the model in S3 (model_data_url) to turn isolation on.
  name               = "${var.app_name}-embeddings"
  execution_role_arn = aws_iam_role.endpoint.arn

  primary_container {
    image = "${var.image_account}.dkr.ecr.${var.aws_region}.amazonaws.com/${var.image_repository}:${var.image_tag}"
    environment = {
      HF_MODEL_ID = var.embedding_model
      HF_TASK     = "feature-extraction"
    }
  }

  depends_on = [aws_iam_role_policy.endpoint]
}

resource "aws_sagemaker_endpoint_configuration" "embeddings" {
  # checkov:skip=CKV_AWS_98:Serverless endpoints do not accept a KMS key for storage; SageMaker encrypts their storage with an AWS-owned key.
  name = "${var.app_name}-embeddings"

  production_variants {
    variant_name = "default"
    model_name   = aws_sagemaker_model.embeddings.name

    serverless_config {
      memory_size_in_mb = var.memory_mb
      max_concurrency   = var.max_concurrency
    }
  }
}

resource "aws_sagemaker_endpoint" "embeddings" {
  name                 = "${var.app_name}-embeddings"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.embeddings.name
}
