{% set part = "6_agents" %}
{% include "_partials/terraform_header.jinja" %}
{% import "_partials/terraform_macros.jinja" as tf %}

# The agents of {{ app_name }}: a job queue with a dead-letter queue, and one Lambda
# function per agent. {{ orchestrator.name }} takes jobs from the queue and is the only
# agent allowed to invoke the workers; every few minutes it also sweeps up jobs whose
# run died (see "Stuck jobs" below).

locals {
  account = data.aws_caller_identity.current.account_id
  arn     = data.aws_partition.current.partition
  package = "${path.module}/../../backend/dist"

  # TODO(domain): Write each agent's description as it should read in the Lambda console
  # (one line on what the function does; the model reads backend/<agent>/templates.py).
  agents = {
{% for agent in agents %}
    {{ agent.name }} = {
      role        = "{{ agent.role }}"
      description = {{ (agent.description or ("The " ~ agent.name ~ " agent")) | hcl }}
    }
{% endfor %}
  }
  workers = [for name, agent in local.agents : name if agent.role == "worker"]
{% if snapstart %}

  # With SnapStart every agent is invoked through the alias modules/lambda_function makes
  # ("live"): the queue trigger, the sweep and the orchestrator's calls to the workers.
  alias_name = var.snap_start ? "live" : ""
  qualifier  = var.snap_start ? ":live" : ""
{% endif %}

{% include "_partials/terraform_bedrock_model.jinja" %}

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
{% if snapstart %}
    { AGENT_FUNCTION_QUALIFIER = local.alias_name },
{% endif %}
{% if observability %}
    { LANGFUSE_SECRET_ARN = var.langfuse_secret_arn },
{% endif %}
{% if guardrails == "bedrock" %}
    {
      BEDROCK_GUARDRAIL_ID      = aws_bedrock_guardrail.agents.guardrail_id
      BEDROCK_GUARDRAIL_VERSION = aws_bedrock_guardrail_version.agents.version
    },
{% endif %}
{% if vectors == "s3-vectors" %}
    { VECTOR_BUCKET = "${var.app_name}-vectors" },
{% elif vectors == "opensearch" %}
    { VECTOR_COLLECTION_ARN = var.vector_collection_arn, VECTOR_COLLECTION_ENDPOINT = var.collection_endpoint },
{% endif %}
{% if vectors != "none" %}
    { VECTOR_INDEX = var.index_name },
    { EMBEDDINGS = "{{ "sagemaker/" if embeddings == "sagemaker" else "bedrock/amazon.titan-embed-text-v2:0" }}{% if embeddings == "sagemaker" %}${var.app_name}-embeddings{% endif %}" },
{% endif %}
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

{% if guardrails == "bedrock" %}
# --- Guardrail -----------------------------------------------------------------------

# Bedrock screens every model call of every agent with this guardrail, request and
# answer (the agents pass it to the Converse API); a blocked call fails its job with the
# message below. It lives where the model is called: the Bedrock region.
provider "aws" {
  alias  = "bedrock"
  region = var.bedrock_region

  default_tags {
    tags = local.default_tags
  }
}

locals {
  # TODO(domain): List the topics {{ app_name }}'s agents must refuse to discuss, each with a
  # name, a one-sentence definition and a few example requests, e.g.
  #   { name = "Legal advice", definition = "Telling someone what the law requires of them in their situation.", examples = ["Can my landlord evict me?"] },
  denied_topics = []
}

resource "aws_bedrock_guardrail" "agents" {
  provider                  = aws.bedrock
  name                      = "${var.app_name}-guardrail"
  description               = "Screens the model calls of the ${var.app_name} agents."
  blocked_input_messaging   = var.guardrail_blocked_input_message
  blocked_outputs_messaging = var.guardrail_blocked_output_message

  content_policy_config {
    dynamic "filters_config" {
      for_each = toset(["HATE", "INSULTS", "MISCONDUCT", "SEXUAL", "VIOLENCE"])
      content {
        type            = filters_config.value
        input_strength  = var.guardrail_filter_strength
        output_strength = var.guardrail_filter_strength
      }
    }
    # Jailbreaks and injected instructions; Bedrock checks them in requests only.
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = var.guardrail_filter_strength
      output_strength = "NONE"
    }
  }

  # Secrets and payment data are refused outright; contact details in answers are masked.
  sensitive_information_policy_config {
    dynamic "pii_entities_config" {
      for_each = toset(["AWS_ACCESS_KEY", "AWS_SECRET_KEY", "PASSWORD", "CREDIT_DEBIT_CARD_NUMBER", "CREDIT_DEBIT_CARD_CVV", "US_SOCIAL_SECURITY_NUMBER", "US_BANK_ACCOUNT_NUMBER"])
      content {
        type   = pii_entities_config.value
        action = "BLOCK"
      }
    }
    dynamic "pii_entities_config" {
      for_each = toset(["EMAIL", "PHONE"])
      content {
        type   = pii_entities_config.value
        action = "ANONYMIZE"
      }
    }
  }

  dynamic "topic_policy_config" {
    for_each = length(local.denied_topics) > 0 ? [1] : []
    content {
      dynamic "topics_config" {
        for_each = local.denied_topics
        content {
          name       = topics_config.value.name
          definition = topics_config.value.definition
          examples   = topics_config.value.examples
          type       = "DENY"
        }
      }
    }
  }

  word_policy_config {
    managed_word_lists_config {
      type = "PROFANITY"
    }
  }
}

# The agents use a numbered version, which never changes under them: any change to the
# guardrail above publishes a new one and the functions switch to it.
resource "aws_bedrock_guardrail_version" "agents" {
  provider      = aws.bedrock
  guardrail_arn = aws_bedrock_guardrail.agents.guardrail_arn
  description   = "Used by the ${var.app_name} agents"

  lifecycle {
    replace_triggered_by = [aws_bedrock_guardrail.agents]
  }
}

{% endif %}
# --- Permissions ---------------------------------------------------------------------

data "aws_iam_policy_document" "agent" {
  for_each = local.agents

  statement {
    sid       = "InvokeTheConfiguredModel"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = local.bedrock_model_arns
  }
{% if guardrails == "bedrock" %}

  statement {
    sid       = "ApplyTheGuardrail"
    actions   = ["bedrock:ApplyGuardrail"]
    resources = [aws_bedrock_guardrail.agents.guardrail_arn]
  }
{% endif %}

{% include "_partials/terraform_data_api_statement.jinja" %}

  statement {
    sid       = "ReadTheDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = compact([var.aurora_secret_arn{% if observability %}, var.langfuse_secret_arn{% endif %}])
  }

{% if vectors == "s3-vectors" %}
  statement {
    sid       = "KnowledgeBase"
    actions   = ["s3vectors:QueryVectors", "s3vectors:GetVectors", "s3vectors:GetIndex"]
    resources = ["arn:${local.arn}:s3vectors:${var.aws_region}:${local.account}:bucket/${var.app_name}-vectors/index/*"]
  }

{% elif vectors == "opensearch" %}
  statement {
    sid       = "KnowledgeBase"
    actions   = ["aoss:APIAccessAll"]
    resources = [var.vector_collection_arn]
  }

{% endif %}
{% if vectors != "none" and embeddings == "sagemaker" %}
  statement {
    sid       = "Embeddings"
    actions   = ["sagemaker:InvokeEndpoint"]
    resources = ["arn:${local.arn}:sagemaker:${var.aws_region}:${local.account}:endpoint/${var.app_name}-embeddings"]
  }

{% elif vectors != "none" %}
  statement {
    sid       = "Embeddings"
    actions   = ["bedrock:InvokeModel"]
    resources = ["arn:${local.arn}:bedrock:${var.aws_region}::foundation-model/amazon.titan-embed-text-v2:0"]
  }

{% endif %}
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
      resources = [for name in local.workers : "arn:${local.arn}:lambda:${var.aws_region}:${local.account}:function:${var.app_name}-${replace(name, "_", "-")}{% if snapstart %}${local.qualifier}{% endif %}"]
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
{% if snapstart %}
  snap_start      = var.snap_start
{% endif %}

  log_retention_days = var.log_retention_days
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn        = aws_sqs_queue.jobs.arn
  function_name           = module.agent["{{ orchestrator.name }}"].target_arn
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
{{ tf.assume_role_policy("sweep_assume", "scheduler.amazonaws.com", "local.account") }}
resource "aws_iam_role" "sweep" {
  name               = "${var.app_name}-job-sweep"
  assume_role_policy = data.aws_iam_policy_document.sweep_assume.json
}

data "aws_iam_policy_document" "sweep" {
  statement {
    sid       = "InvokeTheOrchestratorOnly"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.agent["{{ orchestrator.name }}"].target_arn]
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
    arn      = module.agent["{{ orchestrator.name }}"].target_arn
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
{% include "_partials/terraform_data_api_statement.jinja" %}

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
