{% set part = "4_async_service" %}
{% include "_partials/terraform_header.jinja" %}
{% import "_partials/terraform_macros.jinja" as tf %}

# {{ async_service }}: the async service of {{ app_name }}. An App Runner service runs your
# container image from its own ECR repository; an EventBridge schedule calls its
# POST /run endpoint with a key only EventBridge and the service know.

locals {
  account = data.aws_caller_identity.current.account_id
  arn     = data.aws_partition.current.partition
  service = "${var.app_name}-{{ async_service | kebab }}"

{% include "_partials/terraform_bedrock_model.jinja" %}
}

resource "aws_ecr_repository" "service" {
  name                 = local.service
  image_tag_mutability = "IMMUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_lifecycle_policy" "service" {
  repository = aws_ecr_repository.service.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 10 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 10 }
      action       = { type = "expire" }
    }]
  })
}

# --- Roles ---------------------------------------------------------------------------

{{ tf.assume_role_policy("build_assume", "build.apprunner.amazonaws.com") }}
resource "aws_iam_role" "pull" {
  name               = "${local.service}-pull"
  assume_role_policy = data.aws_iam_policy_document.build_assume.json
}

data "aws_iam_policy_document" "pull" {
  statement {
    sid       = "PullOwnImages"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:DescribeImages"]
    resources = [aws_ecr_repository.service.arn]
  }
  statement {
    sid       = "RegistrySignIn"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # GetAuthorizationToken accepts no resource-level permission.
  }
}

resource "aws_iam_role_policy" "pull" {
  name   = "pull"
  role   = aws_iam_role.pull.id
  policy = data.aws_iam_policy_document.pull.json
}

{{ tf.assume_role_policy("task_assume", "tasks.apprunner.amazonaws.com") }}
resource "aws_iam_role" "task" {
  name               = "${local.service}-task"
  assume_role_policy = data.aws_iam_policy_document.task_assume.json
}

data "aws_iam_policy_document" "task" {
  statement {
    sid       = "InvokeTheConfiguredModel"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = local.bedrock_model_arns
  }
  statement {
    sid       = "ReadTheScheduleKey"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.schedule_key.arn]
  }
{% if vectors == "s3-vectors" %}
  statement {
    sid       = "WriteTheKnowledgeBase"
    actions   = ["s3vectors:PutVectors", "s3vectors:QueryVectors", "s3vectors:GetIndex"]
    resources = ["arn:${local.arn}:s3vectors:${var.aws_region}:${local.account}:bucket/${var.app_name}-vectors/index/*"]
  }
{% endif %}
{% if vectors != "none" and embeddings == "sagemaker" %}
  statement {
    sid       = "Embeddings"
    actions   = ["sagemaker:InvokeEndpoint"]
    resources = ["arn:${local.arn}:sagemaker:${var.aws_region}:${local.account}:endpoint/${var.app_name}-embeddings"]
  }
{% endif %}
}

resource "aws_iam_role_policy" "task" {
  name   = "task"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

# --- The key the schedule presents ---------------------------------------------------

data "aws_secretsmanager_random_password" "schedule_key" {
  password_length     = 40
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "schedule_key" {
  # checkov:skip=CKV2_AWS_57:Rotating the key would need the EventBridge connection updated in step; replace it by tainting both when needed.
  # checkov:skip=CKV_AWS_149:Encrypted with the AWS-managed Secrets Manager key; a customer key costs $1/month and guards nothing more here.
  name                    = "${local.service}-schedule-key"
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "schedule_key" {
  secret_id     = aws_secretsmanager_secret.schedule_key.id
  secret_string = data.aws_secretsmanager_random_password.schedule_key.random_password

  lifecycle {
    ignore_changes = [secret_string] # generated once; a new random value each plan is not a change
  }
}

# --- Service -------------------------------------------------------------------------

resource "aws_apprunner_service" "service" {
  service_name = local.service

  source_configuration {
    auto_deployments_enabled = false

    authentication_configuration {
      access_role_arn = aws_iam_role.pull.arn
    }

    image_repository {
      image_identifier      = "${aws_ecr_repository.service.repository_url}:${var.image_tag}"
      image_repository_type = "ECR"

      image_configuration {
        port = tostring(var.port)
        runtime_environment_variables = {
          APP_NAME       = var.app_name
          MODEL          = "bedrock/${var.bedrock_model_id}"
          BEDROCK_REGION = var.bedrock_region
        }
        runtime_environment_secrets = {
          SCHEDULE_KEY = aws_secretsmanager_secret.schedule_key.arn
        }
      }
    }
  }

  instance_configuration {
    cpu               = var.cpu
    memory            = var.memory
    instance_role_arn = aws_iam_role.task.arn
  }

  health_check_configuration {
    protocol = "HTTP"
    path     = "/health"
  }

  depends_on = [aws_iam_role_policy.pull, aws_secretsmanager_secret_version.schedule_key]
}

# --- Schedule ------------------------------------------------------------------------

resource "aws_cloudwatch_event_connection" "service" {
  name               = local.service
  authorization_type = "API_KEY"

  auth_parameters {
    api_key {
      key   = "X-Schedule-Key"
      value = aws_secretsmanager_secret_version.schedule_key.secret_string
    }
  }
}

resource "aws_cloudwatch_event_api_destination" "run" {
  name                             = "${local.service}-run"
  invocation_endpoint              = "https://${aws_apprunner_service.service.service_url}/run"
  http_method                      = "POST"
  invocation_rate_limit_per_second = 1
  connection_arn                   = aws_cloudwatch_event_connection.service.arn
}

resource "aws_cloudwatch_event_rule" "schedule" {
  name                = "${local.service}-schedule"
  description         = "Runs ${local.service} on its schedule"
  schedule_expression = var.schedule
  state               = var.schedule_enabled ? "ENABLED" : "DISABLED"
}

{{ tf.assume_role_policy("events_assume", "events.amazonaws.com") }}
resource "aws_iam_role" "events" {
  name               = "${local.service}-events"
  assume_role_policy = data.aws_iam_policy_document.events_assume.json
}

data "aws_iam_policy_document" "events" {
  statement {
    sid       = "CallTheServiceOnly"
    actions   = ["events:InvokeApiDestination"]
    resources = [aws_cloudwatch_event_api_destination.run.arn]
  }
}

resource "aws_iam_role_policy" "events" {
  name   = "invoke"
  role   = aws_iam_role.events.id
  policy = data.aws_iam_policy_document.events.json
}

resource "aws_cloudwatch_event_target" "run" {
  rule     = aws_cloudwatch_event_rule.schedule.name
  arn      = aws_cloudwatch_event_api_destination.run.arn
  role_arn = aws_iam_role.events.arn

  retry_policy {
    maximum_retry_attempts       = 2
    maximum_event_age_in_seconds = 3600
  }
}
