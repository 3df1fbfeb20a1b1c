{% set part = "8_enterprise" %}
{% include "_partials/terraform_header.jinja" %}

# Operating {{ app_name }}: alerts by email, a monthly budget{% if observability %}, and a CloudWatch
# dashboard and alarms over every agent, the job queue and the API{% endif %}. Resource
# names follow the other parts' naming, so this part needs no outputs from them.

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

locals {
  # One alarm per function and metric: errors (agents and the API), throttles, and a
  # longest run near the timeout (agents).
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
      ],
      [
        for index, name in keys(local.agents) : {
          type = "metric", x = (index % 2) * 12, y = 6 + floor(index / 2) * 6, width = 12, height = 6
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
