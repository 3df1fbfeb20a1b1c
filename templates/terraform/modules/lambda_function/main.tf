{% import "_partials/terraform_macros.jinja" as tf %}
# One Lambda function with its own role and log group. Every agent and the API use this
# module, so their settings and their least-privilege baseline are written once.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}

{{ tf.assume_role_policy("assume", "lambda.amazonaws.com") }}
resource "aws_iam_role" "this" {
  name               = var.function_name
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_cloudwatch_log_group" "this" {
  # checkov:skip=CKV_AWS_158:Log groups are encrypted at rest by CloudWatch; a customer key adds cost and key policy work without protecting against a threat this app models.
  # checkov:skip=CKV_AWS_338:30 days by default keeps a new app cheap; raise log_retention_days for compliance needs.
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "OwnLogGroupOnly"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
}

resource "aws_iam_role_policy" "logs" {
  name   = "logs"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.logs.json
}

# Always present: a count on the policy's presence would be unknown at plan time whenever
# the document references a resource created in the same apply (the job queue).
resource "aws_iam_role_policy" "permissions" {
  name   = "permissions"
  role   = aws_iam_role.this.id
  policy = var.policy_json
}

# X-Ray accepts no resource-level permissions, so its managed write-only policy is used.
resource "aws_iam_role_policy_attachment" "xray" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"
}

data "aws_partition" "current" {}

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_116:Invoked synchronously (SQS polling, RequestResponse, API Gateway); a DLQ only applies to asynchronous invocations. Failed jobs go to the job queue's DLQ.
  # checkov:skip=CKV_AWS_117:The function reaches only AWS endpoints (Data API, Bedrock, SQS, Lambda); a VPC would add NAT gateway cost and cold-start latency for no private resource.
  # checkov:skip=CKV_AWS_173:Environment variables hold names and ARNs only; secrets are read from Secrets Manager at run time.
  # checkov:skip=CKV_AWS_272:Code signing needs a signing profile and a signed-artifact pipeline; enable it with a code_signing_config when your organisation has one.
  # checkov:skip=CKV_AWS_115:New accounts have a concurrency quota of 10 and cannot reserve any; set reserved_concurrency once the quota is raised.
  function_name    = var.function_name
  description      = var.description
  role             = aws_iam_role.this.arn
  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)
  handler          = var.handler
  runtime          = "python3.12"
  architectures    = [var.architecture]
  timeout          = var.timeout_seconds
  memory_size      = var.memory_mb

  reserved_concurrent_executions = var.reserved_concurrency
{% if snapstart %}

  # SnapStart initialises a published version once and resumes new execution environments
  # from its snapshot: each change of code or settings publishes one (see the alias below).
  publish = var.snap_start

  dynamic "snap_start" {
    for_each = var.snap_start ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }
{% endif %}

  environment {
    variables = var.environment
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  # The role's permissions exist before the function does, so its first invocation (a
  # queue trigger may fire at once) does not fail on a missing grant.
  depends_on = [aws_iam_role_policy.logs, aws_iam_role_policy.permissions, aws_cloudwatch_log_group.this]
}
{% if snapstart %}

# SnapStart applies only when a published version is invoked, never $LATEST: every caller
# goes through this alias (the outputs target_arn and target_invoke_arn), which each
# deploy moves to the version it publishes.
resource "aws_lambda_alias" "live" {
  count            = var.snap_start ? 1 : 0
  name             = "live"
  description      = "The published version callers invoke (SnapStart)"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}
{% endif %}
