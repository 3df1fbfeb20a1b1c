{% set part = "8_enterprise" %}
{% include "_partials/terraform_header.jinja" %}

# Operating {{ app_name }}: alerts by email, a monthly budget{% if observability %}, and a CloudWatch
# dashboard and alarms over every agent, the jobs, Bedrock, the job queue and the API{% endif %}.
# Resource names follow the other parts' naming; the few settings it shares with
# 6_agents (timeouts, model) are passed from that part's outputs by scripts/deploy.py.

{% if observability %}
locals {
  orchestrator = "{{ orchestrator.name }}"
  agents = {
    for name in [{% for agent in agents %}"{{ agent.name }}"{{ ", " if not loop.last }}{% endfor %}] : name => {
      function = "${var.app_name}-${replace(name, "_", "-")}"
      timeout  = name == local.orchestrator ? var.orchestrator_timeout_seconds : var.worker_timeout_seconds
    }
  }
  api_function = "${var.app_name}-api"
  dlq_name     = "${var.app_name}-jobs-dlq"

  # Bedrock publishes AWS/Bedrock metrics in the Region the agents call (bedrock_region;
  # with a cross-Region inference profile that is the source Region, wherever the
  # request was served) and sets ModelId to the id the call named: for a profile such as
  # us.amazon.nova-pro-v1:0 that is the profile id, not the foundation model's
  # amazon.nova-pro-v1:0. So the dashboard charts var.bedrock_model_id as configured.
  bedrock_model = ["ModelId", var.bedrock_model_id]
}
{% endif %}

resource "aws_sns_topic" "alerts" {
  # checkov:skip=CKV_AWS_26:CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and alerts carry no secrets; a customer key with a CloudWatch grant costs $1/month.
  name = "${var.app_name}-alerts"
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.alert_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_budgets_budget" "monthly" {
  name         = "${var.app_name}-monthly"
  budget_type  = "COST"
  limit_amount = tostring(var.monthly_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  cost_filter {
    name = "TagKeyValue"
    # Cost-allocation tag filter: activate the Application tag in Billing first.
    values = [format("user:Application$%s", var.app_name)]
  }

  dynamic "notification" {
    for_each = var.alert_email == "" ? [] : [["ACTUAL", 80], ["FORECASTED", 100]]
    content {
      comparison_operator        = "GREATER_THAN"
      notification_type          = notification.value[0]
      threshold                  = notification.value[1]
      threshold_type             = "PERCENTAGE"
      subscriber_email_addresses = [var.alert_email]
    }
  }
}
{% if observability %}

# --- Alarms --------------------------------------------------------------------------

# A failed job is stored and acknowledged, so only the agents' own metric shows it. It is
# emitted by aws_agent_framework.agents.handler through Powertools (embedded metric
# format): namespace = APP_NAME, one dimension service = APP_NAME; the alarm and the
# dashboard use exactly these.
resource "aws_cloudwatch_metric_alarm" "failed_jobs" {
  alarm_name          = "${var.app_name}-failed-jobs"
  alarm_description   = "Jobs failed (stored as failed and acknowledged, so Lambda errors and the dead-letter queue stay at zero): read the orchestrator's log."
  namespace           = var.app_name
  metric_name         = "JobsFailed"
  dimensions          = { service = var.app_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.failed_jobs_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name          = "${var.app_name}-dead-letters"
  alarm_description   = "A job failed every delivery and is in the dead-letter queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = local.dlq_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

# The online judge's scores of sampled jobs (quality_sample_rate in terraform/6_agents),
# emitted like JobsFailed: the alarm fires when their hourly average stays below
# quality_alarm_threshold. No scores (judge off, no jobs) is not an alarm.
resource "aws_cloudwatch_metric_alarm" "quality" {
  alarm_name          = "${var.app_name}-quality"
  alarm_description   = "The online judge's average score of sampled jobs fell below ${var.quality_alarm_threshold}: read the reasons in the jobs table (quality_reason) or in LangFuse (score quality)."
  namespace           = var.app_name
  metric_name         = "QualityScore"
  dimensions          = { service = var.app_name }
  statistic           = "Average"
  period              = 3600
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  threshold           = var.quality_alarm_threshold
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

locals {
  # One alarm per function and metric: errors (agents and the API), throttles, and a
  # longest run near the timeout (agents).
{% if snapstart %}
  # The FunctionName dimension sums every version and alias: SnapStart's alias "live" too.
{% endif %}
  functions = merge(local.agents, { api = { function = local.api_function, timeout = 30 } })
  lambda_alarms = merge(
    { for name, f in local.functions : "${name}-errors" => {
      function = f.function, metric = "Errors", statistic = "Sum", threshold = var.error_threshold
      operator = "GreaterThanOrEqualToThreshold", description = "The ${name} function raised errors."
    } },
    { for name, f in local.agents : "${name}-throttles" => {
      function = f.function, metric = "Throttles", statistic = "Sum", threshold = 0
      operator = "GreaterThanThreshold", description = "Invocations of ${name} were throttled: raise the account's concurrency quota or reserve concurrency."
    } },
    { for name, f in local.agents : "${name}-near-timeout" => {
      function = f.function, metric = "Duration", statistic = "Maximum", threshold = f.timeout * 1000 * var.timeout_alarm_percent / 100
      operator = "GreaterThanThreshold", description = "${name} ran longer than ${var.timeout_alarm_percent}% of its timeout."
    } },
  )
}

resource "aws_cloudwatch_metric_alarm" "lambda" {
  for_each            = local.lambda_alarms
  alarm_name          = "${var.app_name}-${replace(each.key, "_", "-")}"
  alarm_description   = each.value.description
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric
  dimensions          = { FunctionName = each.value.function }
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 1
  threshold           = each.value.threshold
  comparison_operator = each.value.operator
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

# --- Dashboard -----------------------------------------------------------------------

resource "aws_cloudwatch_dashboard" "app" {
  dashboard_name = var.app_name
  dashboard_body = jsonencode({
    widgets = concat(
      [
        {
          type = "metric", x = 0, y = 0, width = 12, height = 6
          properties = {
            title  = "Jobs waiting and dead letters"
            region = var.aws_region
            stat   = "Maximum"
            metrics = [
              ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "${var.app_name}-jobs"],
              ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.dlq_name],
            ]
          }
        },
        {
          type = "metric", x = 12, y = 0, width = 12, height = 6
          properties = {
            title  = "API requests and errors"
            region = var.aws_region
            stat   = "Sum"
            metrics = [
              ["AWS/Lambda", "Invocations", "FunctionName", local.api_function],
              ["AWS/Lambda", "Errors", "FunctionName", local.api_function],
            ]
          }
        },
        {
          type = "metric", x = 0, y = 6, width = 12, height = 6
          properties = {
            title  = "Jobs completed and failed"
            region = var.aws_region
            stat   = "Sum"
            period = 300
            metrics = [
              [var.app_name, "JobsCompleted", "service", var.app_name],
              [var.app_name, "JobsFailed", "service", var.app_name],
            ]
          }
        },
        {
          type = "metric", x = 12, y = 6, width = 12, height = 6
          properties = {
            title  = "Bedrock calls, errors and throttles (${var.bedrock_model_id})"
            region = var.bedrock_region
            stat   = "Sum"
            period = 300
            metrics = [
              concat(["AWS/Bedrock", "Invocations"], local.bedrock_model),
              concat(["AWS/Bedrock", "InvocationClientErrors"], local.bedrock_model),
              concat(["AWS/Bedrock", "InvocationServerErrors"], local.bedrock_model),
              concat(["AWS/Bedrock", "InvocationThrottles"], local.bedrock_model),
            ]
          }
        },
        {
          type = "metric", x = 0, y = 12, width = 12, height = 6
          properties = {
            title  = "Bedrock tokens (${var.bedrock_model_id})"
            region = var.bedrock_region
            stat   = "Sum"
            period = 300
            metrics = [
              concat(["AWS/Bedrock", "InputTokenCount"], local.bedrock_model),
              concat(["AWS/Bedrock", "OutputTokenCount"], local.bedrock_model),
            ]
          }
        },
        {
          type = "metric", x = 12, y = 12, width = 12, height = 6
          properties = {
            title  = "Bedrock latency (${var.bedrock_model_id})"
            region = var.bedrock_region
            period = 300
            metrics = [
              concat(["AWS/Bedrock", "InvocationLatency"], local.bedrock_model, [{ stat = "p50" }]),
              concat(["AWS/Bedrock", "InvocationLatency"], local.bedrock_model, [{ stat = "p95" }]),
            ]
          }
        },
      ],
      [
        for index, name in keys(local.agents) : {
          type = "metric", x = (index % 2) * 12, y = 18 + floor(index / 2) * 6, width = 12, height = 6
          properties = {
            title  = "Agent ${name}"
            region = var.aws_region
            metrics = [
              ["AWS/Lambda", "Invocations", "FunctionName", local.agents[name].function, { stat = "Sum" }],
              ["AWS/Lambda", "Errors", "FunctionName", local.agents[name].function, { stat = "Sum" }],
              ["AWS/Lambda", "Throttles", "FunctionName", local.agents[name].function, { stat = "Sum" }],
              ["AWS/Lambda", "Duration", "FunctionName", local.agents[name].function, { stat = "p95", yAxis = "right" }],
            ]
          }
        }
      ],
    )
  })
}
{% endif %}
