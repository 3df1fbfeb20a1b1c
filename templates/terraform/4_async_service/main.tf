{% set part = "4_async_service" %}
{% include "_partials/terraform_header.jinja" %}
{% import "_partials/terraform_macros.jinja" as tf %}

# {{ async_service }}: the scheduled agent of {{ app_name }} (backend/{{ async_service }}/), one Lambda
# function that EventBridge Scheduler invokes asynchronously. No run is repeated: neither
# the schedule nor Lambda retries, and the function claims each scheduled time in the runs
# table before running it, so a duplicate delivery does nothing. No container or image
# registry: `make package` builds the function's zip.

locals {
  account    = data.aws_caller_identity.current.account_id
  arn        = data.aws_partition.current.partition
  service    = "${var.app_name}-{{ async_service | kebab }}"
  runs_table = "${local.service}-runs"

{% include "_partials/terraform_bedrock_model.jinja" %}
}

# --- Runs table ----------------------------------------------------------------------
# One item per scheduled time (Powertools idempotency records), deleted by TTL a day later.

resource "aws_dynamodb_table" "runs" {
  # checkov:skip=CKV_AWS_28:Items are short-lived run claims that expire in a day; a restored table would add nothing, and losing it at worst lets one duplicate delivery run again.
  # checkov:skip=CKV_AWS_119:Encrypted at rest with the AWS-owned key; a customer key costs $1/month and protects no data here (scheduled times and run summaries).
  name         = local.runs_table
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  ttl {
    attribute_name = "expiration"
    enabled        = true
  }
}

# --- Function ------------------------------------------------------------------------
# Names, not resource attributes, in the policy: it is known at plan time.

data "aws_iam_policy_document" "service" {
  statement {
    sid       = "InvokeTheConfiguredModel"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = local.bedrock_model_arns
  }

  statement {
    sid       = "ClaimEachRunOnce"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = ["arn:${local.arn}:dynamodb:${var.aws_region}:${local.account}:table/${local.runs_table}"]
  }
{% if vectors != "none" %}

  statement {
    sid       = "Embed"
{% if embeddings == "sagemaker" %}
    actions   = ["sagemaker:InvokeEndpoint"]
    resources = ["arn:${local.arn}:sagemaker:${var.aws_region}:${local.account}:endpoint/${var.app_name}-embeddings"]
{% else %}
    actions   = ["bedrock:InvokeModel"]
    resources = ["arn:${local.arn}:bedrock:${var.aws_region}::foundation-model/amazon.titan-embed-text-v2:0"]
{% endif %}
  }

  statement {
    sid       = "WriteVectors"
{% if vectors == "s3-vectors" %}
    actions   = ["s3vectors:PutVectors", "s3vectors:GetIndex"]
    resources = ["arn:${local.arn}:s3vectors:${var.aws_region}:${local.account}:bucket/${var.app_name}-vectors/index/${var.index_name}"]
{% else %}
    actions   = ["aoss:APIAccessAll"]
    resources = [var.vector_collection_arn]
{% endif %}
  }
{% endif %}
{% if observability %}

  dynamic "statement" {
    for_each = var.langfuse_secret_arn == "" ? [] : [var.langfuse_secret_arn]
    content {
      sid       = "ReadTheLangfuseSecret"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value]
    }
  }
{% endif %}
}

module "service" {
  source = "../modules/lambda_function"

  function_name   = local.service
  description     = "The {{ async_service }} service of ${var.app_name}, run on a schedule"
  package_path    = "${path.module}/../../backend/dist/{{ async_service }}.zip"
  architecture    = var.lambda_architecture
  timeout_seconds = var.timeout_seconds
  memory_mb       = var.memory_mb
  policy_json     = data.aws_iam_policy_document.service.json

  environment = merge(
    {
      APP_NAME             = var.app_name
      AGENT_NAME           = "{{ async_service }}"
      MODEL                = "bedrock/${var.bedrock_model_id}"
      BEDROCK_REGION       = var.bedrock_region
      RUNS_TABLE           = aws_dynamodb_table.runs.name
      POWERTOOLS_LOG_LEVEL = "INFO"
    },
{% if vectors != "none" %}
    {
      EMBEDDINGS   = "{{ "sagemaker/" if embeddings == "sagemaker" else "bedrock/amazon.titan-embed-text-v2:0" }}{% if embeddings == "sagemaker" %}${var.app_name}-embeddings{% endif %}"
      VECTOR_INDEX = var.index_name
    },
{% endif %}
{% if vectors == "s3-vectors" %}
    { VECTOR_BUCKET = "${var.app_name}-vectors" },
{% elif vectors == "opensearch" %}
    { VECTOR_COLLECTION_ENDPOINT = var.collection_endpoint, VECTOR_DIMENSION = tostring(var.dimension) },
{% endif %}
{% if observability %}
    { LANGFUSE_SECRET_ARN = var.langfuse_secret_arn },
{% endif %}
  )

  log_retention_days = var.log_retention_days
}

# Asynchronous invocations (the schedule's) are never retried: a failed run is logged and
# counted (ServiceRunsFailed), and the next scheduled time runs as usual.
resource "aws_lambda_function_event_invoke_config" "service" {
  function_name                = module.service.function_name
  maximum_retry_attempts       = 0
  maximum_event_age_in_seconds = 3600
}

# --- Schedule ------------------------------------------------------------------------

# The role EventBridge Scheduler assumes: it may invoke this function and nothing else,
# and only for this account's schedule. (The underscore keeps the name apart from every
# agent's role, which is "<app>-<agent name with hyphens>".)
{{ tf.assume_role_policy("scheduler_assume", "scheduler.amazonaws.com", "local.account") }}
resource "aws_iam_role" "scheduler" {
  name               = "${var.app_name}-async_service_scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeTheServiceOnly"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.service.function_arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "service" {
  # checkov:skip=CKV_AWS_297:The schedule's only data is its input, a placeholder for the scheduled time; the AWS-owned key encrypts it, a customer key would add cost and protect nothing.
  name                         = local.service
  description                  = "Runs ${local.service} (backend/{{ async_service }}/)"
  schedule_expression          = var.schedule
  schedule_expression_timezone = var.schedule_timezone
  state                        = var.schedule_enabled ? "ENABLED" : "DISABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.service.function_arn
    role_arn = aws_iam_role.scheduler.arn
    # The scheduler fills in the time of each run: the key the function claims. A plain
    # string, not jsonencode(), which would escape the < > the scheduler looks for.
    input = "{\"scheduled_time\": \"<aws.scheduler.scheduled-time>\"}"

    retry_policy {
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 3600
    }
  }

  depends_on = [aws_iam_role_policy.scheduler, aws_lambda_function_event_invoke_config.service]
}
