terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
  # State stays in this folder (terraform.tfstate): each part has its own, so parts are
  # applied and destroyed one at a time. guides/1_permissions.md shows an S3 backend.
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.default_tags
  }
}

locals {
  # On every resource: the budget in 8_enterprise counts costs by Application.
  default_tags = { Application = var.app_name, Part = "6_agents", ManagedBy = "terraform" }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# The agents of triage-desk: a job queue with a dead-letter queue, and one Lambda
# function per agent. triage takes jobs from the queue and is the only
# agent allowed to invoke the workers; every few minutes it also sweeps up jobs whose
# run died (see "Stuck jobs" below).

locals {
  account = data.aws_caller_identity.current.account_id
  arn     = data.aws_partition.current.partition
  package = "${path.module}/../../backend/dist"

  # Each agent's description as it reads in the Lambda console.
  agents = {
    triage = {
      role        = "orchestrator"
      description = "Reads the intake, asks each worker for its part and writes the triage note."
    }
    intake = {
      role        = "worker"
      description = "Checks the complaint for red-flag symptoms that need a clinician sooner than the vital signs say."
    }
    scorer = {
      role        = "worker"
      description = "Scores the vital signs with NEWS2 and gives the urgency and the response it calls for."
    }
  }
  workers = [for name, agent in local.agents : name if agent.role == "worker"]

  model_is_arn  = startswith(var.bedrock_model_id, "arn:")
  base_model_id = local.model_is_arn ? var.bedrock_model_id : replace(var.bedrock_model_id, "/^(us|eu|apac|jp|au|ca|us-gov|global)\\./", "")
  bedrock_model_arns = local.model_is_arn ? [var.bedrock_model_id] : concat(
    ["arn:${local.arn}:bedrock:*::foundation-model/${local.base_model_id}"],
    local.base_model_id != var.bedrock_model_id ? ["arn:${local.arn}:bedrock:${var.bedrock_region}:${local.account}:inference-profile/${var.bedrock_model_id}"] : [],
  )

  environment = merge(
    {
      APP_NAME              = var.app_name
      MODEL                 = "bedrock/${var.bedrock_model_id}"
      BEDROCK_REGION        = var.bedrock_region
      AURORA_CLUSTER_ARN    = var.aurora_cluster_arn
      AURORA_SECRET_ARN     = var.aurora_secret_arn
      DATABASE_NAME         = var.database_name
      AGENT_FUNCTION_PREFIX = "${var.app_name}-"
      POWERTOOLS_LOG_LEVEL  = "INFO"
      # The online judge: this fraction of completed jobs is scored by the same model.
      EVAL_SAMPLE_RATE = tostring(var.quality_sample_rate)
      EVAL_JUDGE_MODEL = "bedrock/${var.bedrock_model_id}"
    },
    { LANGFUSE_SECRET_ARN = var.langfuse_secret_arn },
  )
}

# --- Job queue -----------------------------------------------------------------------

resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "${var.app_name}-jobs-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "jobs" {
  name                    = "${var.app_name}-jobs"
  sqs_managed_sse_enabled = true
  # Above the orchestrator's timeout, so a running job is not handed out twice.
  visibility_timeout_seconds = var.orchestrator_timeout_seconds + 60
  message_retention_seconds  = 345600

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "jobs_dlq" {
  queue_url = aws_sqs_queue.jobs_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.jobs.arn]
  })
}

# --- Permissions ---------------------------------------------------------------------

data "aws_iam_policy_document" "agent" {
  for_each = local.agents

  statement {
    sid       = "InvokeTheConfiguredModel"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = local.bedrock_model_arns
  }

  statement {
    sid = "DataApiOnThisClusterOnly"
    actions = [
      "rds-data:ExecuteStatement",
      "rds-data:BatchExecuteStatement",
      "rds-data:BeginTransaction",
      "rds-data:CommitTransaction",
      "rds-data:RollbackTransaction",
    ]
    resources = [var.aurora_cluster_arn]
  }

  statement {
    sid       = "ReadTheDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = compact([var.aurora_secret_arn, var.langfuse_secret_arn])
  }

  dynamic "statement" {
    for_each = each.value.role == "orchestrator" ? [1] : []
    content {
      sid       = "ReceiveJobs"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      resources = [aws_sqs_queue.jobs.arn]
    }
  }

  dynamic "statement" {
    for_each = each.value.role == "orchestrator" ? [1] : []
    content {
      sid       = "RequeueAbandonedJobs"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.jobs.arn]
    }
  }

  dynamic "statement" {
    for_each = each.value.role == "orchestrator" && length(local.workers) > 0 ? [1] : []
    content {
      sid       = "InvokeTheWorkers"
      actions   = ["lambda:InvokeFunction"]
      resources = [for name in local.workers : "arn:${local.arn}:lambda:${var.aws_region}:${local.account}:function:${var.app_name}-${replace(name, "_", "-")}"]
    }
  }
}

# --- Functions -----------------------------------------------------------------------

module "agent" {
  source   = "../modules/lambda_function"
  for_each = local.agents

  function_name   = "${var.app_name}-${replace(each.key, "_", "-")}"
  description     = each.value.description
  package_path    = "${local.package}/${each.key}.zip"
  architecture    = var.lambda_architecture
  timeout_seconds = each.value.role == "orchestrator" ? var.orchestrator_timeout_seconds : var.worker_timeout_seconds
  memory_mb       = var.memory_mb
  environment     = merge(local.environment, { AGENT_NAME = each.key, JOB_QUEUE_URL = aws_sqs_queue.jobs.url })
  policy_json     = data.aws_iam_policy_document.agent[each.key].json

  log_retention_days = var.log_retention_days
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn        = aws_sqs_queue.jobs.arn
  function_name           = module.agent["triage"].target_arn
  batch_size              = var.batch_size
  function_response_types = ["ReportBatchItemFailures"]

  # Jobs run at the same time; each also holds one concurrent execution per worker it
  # calls at once, from the account's quota (10 on new accounts).
  scaling_config {
    maximum_concurrency = var.max_concurrent_jobs
  }
}

# --- Stuck jobs ----------------------------------------------------------------------

# A job whose run died (out of memory, killed at the timeout) is retried by its
# redelivered message once the run's lease is over. When the message is gone too (in the
# dead-letter queue), this schedule's sweep queues the job again or, after
# JOB_MAX_ATTEMPTS runs, marks it failed (aws_agent_framework/agents/handler.py).
data "aws_iam_policy_document" "sweep_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "sweep" {
  name               = "${var.app_name}-job-sweep"
  assume_role_policy = data.aws_iam_policy_document.sweep_assume.json
}

data "aws_iam_policy_document" "sweep" {
  statement {
    sid       = "InvokeTheOrchestratorOnly"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.agent["triage"].target_arn]
  }
}

resource "aws_iam_role_policy" "sweep" {
  name   = "invoke"
  role   = aws_iam_role.sweep.id
  policy = data.aws_iam_policy_document.sweep.json
}

resource "aws_scheduler_schedule" "sweep" {
  # checkov:skip=CKV_AWS_297:The schedule's only data is its fixed input {"action": "sweep"}; the AWS-owned key encrypts it, a customer key would add cost and protect nothing.
  name                = "${var.app_name}-job-sweep"
  description         = "Retries or fails the jobs of ${var.app_name} whose run died"
  schedule_expression = var.sweep_schedule
  state               = var.sweep_enabled ? "ENABLED" : "DISABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.agent["triage"].target_arn
    role_arn = aws_iam_role.sweep.arn
    input    = jsonencode({ action = "sweep" })

    # The next run sweeps again: no retries.
    retry_policy {
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 300
    }
  }

  depends_on = [aws_iam_role_policy.sweep]
}

# --- Database migrations -------------------------------------------------------------

# Applies backend/database/migrations/ (bundled in migrate.zip) through the Data API.
# scripts/deploy.py invokes it after this part; people need no database access.
data "aws_iam_policy_document" "migrate" {
  statement {
    sid = "DataApiOnThisClusterOnly"
    actions = [
      "rds-data:ExecuteStatement",
      "rds-data:BatchExecuteStatement",
      "rds-data:BeginTransaction",
      "rds-data:CommitTransaction",
      "rds-data:RollbackTransaction",
    ]
    resources = [var.aurora_cluster_arn]
  }

  statement {
    sid       = "ReadTheDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.aurora_secret_arn]
  }
}

module "migrate" {
  source = "../modules/lambda_function"

  function_name   = "${var.app_name}-migrate"
  description     = "Applies the database migrations of ${var.app_name}"
  package_path    = "${local.package}/migrate.zip"
  handler         = "aws_agent_framework.database.migrate_handler.handler"
  architecture    = var.lambda_architecture
  timeout_seconds = 300
  memory_mb       = 256
  environment = {
    APP_NAME             = var.app_name
    AURORA_CLUSTER_ARN   = var.aurora_cluster_arn
    AURORA_SECRET_ARN    = var.aurora_secret_arn
    DATABASE_NAME        = var.database_name
    POWERTOOLS_LOG_LEVEL = "INFO"
  }
  policy_json = data.aws_iam_policy_document.migrate.json

  log_retention_days = var.log_retention_days
}
