{% set part = "1_permissions" %}
{% include "_partials/terraform_header.jinja" %}

# Who may deploy {{ app_name }}: an IAM group whose policies reach only resources named
# "${var.app_name}-…" in this account and region. Apply this part once with an
# administrator's credentials, then add your deploying user to the group.

locals {
  account = data.aws_caller_identity.current.account_id
  arn     = data.aws_partition.current.partition
  region  = var.aws_region
  prefix  = var.app_name
}

resource "aws_iam_group" "deployers" {
  # checkov:skip=CKV2_AWS_14:Members are existing users, added by deployer_user_names or in the console; users are not created here.
  name = "${var.app_name}-deployers"
}

# Non-exclusive: members added in the console stay.
resource "aws_iam_user_group_membership" "deployers" {
  # checkov:skip=CKV2_AWS_21:The users exist outside this part; this only adds them to the deployers group.
  for_each = toset(var.deployer_user_names)
  user     = each.value
  groups   = [aws_iam_group.deployers.name]
}

# --- Compute, queue, data ------------------------------------------------------------

data "aws_iam_policy_document" "backend" {
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
      values   = ["lambda.amazonaws.com"{% if vectors != "none" and embeddings == "sagemaker" %}, "sagemaker.amazonaws.com"{% endif %}{% if async_service != "none" %}, "apprunner.amazonaws.com", "tasks.apprunner.amazonaws.com", "scheduler.amazonaws.com"{% endif %}]
    }
  }

  statement {
    sid       = "AppFunctions"
    actions   = ["lambda:*"]
    resources = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*"]
  }

  statement {
    sid       = "QueueTriggersForAppFunctions"
    actions   = ["lambda:CreateEventSourceMapping", "lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping", "lambda:TagResource"]
    resources = ["arn:${local.arn}:lambda:${local.region}:${local.account}:event-source-mapping:*"]
    condition {
      test     = "ArnLike"
      variable = "lambda:FunctionArn"
      values   = ["arn:${local.arn}:lambda:${local.region}:${local.account}:function:${local.prefix}-*"]
    }
  }

  statement {
    sid       = "AppQueues"
    actions   = ["sqs:*"]
    resources = ["arn:${local.arn}:sqs:${local.region}:${local.account}:${local.prefix}-*"]
  }

  statement {
    sid = "AppLogGroups"
    actions = [
      "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
      "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup",
      "logs:CreateLogDelivery", "logs:GetLogEvents", "logs:FilterLogEvents",
    ]
    resources = [
      "arn:${local.arn}:logs:${local.region}:${local.account}:log-group:/aws/lambda/${local.prefix}-*",
      "arn:${local.arn}:logs:${local.region}:${local.account}:log-group:/aws/apigateway/${local.prefix}-*",
      "arn:${local.arn}:logs:${local.region}:${local.account}:log-group:/aws/rds/cluster/${local.prefix}-*",
    ]
  }

  statement {
    sid = "AppDatabase"
    actions = [
      "rds:CreateDBCluster", "rds:DeleteDBCluster", "rds:ModifyDBCluster", "rds:DescribeDBClusters",
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
    ]
  }

  statement {
    sid       = "DatabaseCredentialsCreatedByRds"
    actions   = ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret", "secretsmanager:RotateSecret"]
    resources = ["arn:${local.arn}:secretsmanager:${local.region}:${local.account}:secret:rds!*"]
  }

  statement {
    sid       = "AppSecrets"
    actions   = ["secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:TagResource", "secretsmanager:GetResourcePolicy"]
    resources = ["arn:${local.arn}:secretsmanager:${local.region}:${local.account}:secret:${local.prefix}-*"]
  }

  statement {
    sid       = "DatabaseSecurityGroupInTheDefaultVpc"
    actions   = ["ec2:CreateSecurityGroup", "ec2:CreateTags"]
    resources = ["arn:${local.arn}:ec2:${local.region}:${local.account}:security-group/*", "arn:${local.arn}:ec2:${local.region}:${local.account}:vpc/*"]
  }

  statement {
    sid       = "OnlyAppSecurityGroupsChange"
    actions   = ["ec2:DeleteSecurityGroup", "ec2:RevokeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupEgress"]
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
      values   = ["rds.amazonaws.com"{% if async_service != "none" %}, "apprunner.amazonaws.com"{% endif %}{% if vectors == "opensearch" %}, "observability.aoss.amazonaws.com"{% endif %}]
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
      "cloudfront:CreateDistribution", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution",
      "cloudfront:GetDistribution", "cloudfront:TagResource", "cloudfront:ListTagsForResource", "cloudfront:CreateInvalidation",
      "cloudfront:CreateOriginAccessControl", "cloudfront:GetOriginAccessControl", "cloudfront:UpdateOriginAccessControl",
      "cloudfront:DeleteOriginAccessControl", "cloudfront:CreateResponseHeadersPolicy", "cloudfront:GetResponseHeadersPolicy",
      "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy",
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
    actions   = ["cloudfront:CreateFunction", "cloudfront:UpdateFunction", "cloudfront:DeleteFunction", "cloudfront:PublishFunction", "cloudfront:DescribeFunction", "cloudfront:GetFunction"]
    resources = ["arn:${local.arn}:cloudfront::${local.account}:function/${local.prefix}-*"]
  }

  statement {
    sid       = "HttpApis"
    actions   = ["apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE", "apigateway:TagResource"]
    resources = ["arn:${local.arn}:apigateway:${local.region}::/apis", "arn:${local.arn}:apigateway:${local.region}::/apis/*", "arn:${local.arn}:apigateway:${local.region}::/tags/*"]
  }

  statement {
    sid       = "AppDashboardsAndAlarms"
    actions   = ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards", "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:TagResource", "cloudwatch:ListTagsForResource"]
    resources = ["arn:${local.arn}:cloudwatch::${local.account}:dashboard/${local.prefix}*", "arn:${local.arn}:cloudwatch:${local.region}:${local.account}:alarm:${local.prefix}-*"]
  }

  statement {
    sid       = "AppAlertTopics"
    actions   = ["sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:TagResource", "sns:ListTagsForResource"]
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
    actions = ["cognito-idp:CreateUserPool", "cognito-idp:DeleteUserPool", "cognito-idp:UpdateUserPool", "cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:SetUserPoolMfaConfig", "cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient", "cognito-idp:DescribeUserPoolClient", "cognito-idp:CreateUserPoolDomain", "cognito-idp:DeleteUserPoolDomain", "cognito-idp:DescribeUserPoolDomain", "cognito-idp:TagResource"]
    # Pool ids are assigned by Cognito, so only the account and region can be named.
    resources = ["arn:${local.arn}:cognito-idp:${local.region}:${local.account}:userpool/*"]
  }
{% endif %}
}
{% if vectors != "none" or async_service != "none" %}

# --- Knowledge base and async service ------------------------------------------------

data "aws_iam_policy_document" "optional" {
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

{% endif %}
{% if vectors == "opensearch" %}
  statement {
    sid       = "AppVectorCollections"
    actions   = ["aoss:CreateCollection", "aoss:DeleteCollection", "aoss:UpdateCollection", "aoss:BatchGetCollection", "aoss:TagResource", "aoss:ListTagsForResource"]
    resources = ["arn:${local.arn}:aoss:${local.region}:${local.account}:collection/*"]
    condition {
      test     = "StringLike"
      variable = "aoss:collection"
      values   = ["${local.prefix}-*"]
    }
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
{% if async_service != "none" %}
  statement {
    sid       = "AppServiceImages"
    actions   = ["ecr:CreateRepository", "ecr:DeleteRepository", "ecr:DescribeRepositories", "ecr:PutLifecyclePolicy", "ecr:GetLifecyclePolicy", "ecr:DeleteLifecyclePolicy", "ecr:PutImageScanningConfiguration", "ecr:TagResource", "ecr:ListTagsForResource", "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = ["arn:${local.arn}:ecr:${local.region}:${local.account}:repository/${local.prefix}-*"]
  }

  statement {
    sid       = "AppServices"
    actions   = ["apprunner:*"]
    resources = ["arn:${local.arn}:apprunner:${local.region}:${local.account}:service/${local.prefix}-*/*", "arn:${local.arn}:apprunner:${local.region}:${local.account}:autoscalingconfiguration/${local.prefix}-*/*"]
  }

  statement {
    sid       = "AppSchedules"
    actions   = ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule", "scheduler:TagResource"]
    resources = ["arn:${local.arn}:scheduler:${local.region}:${local.account}:schedule/default/${local.prefix}-*"]
  }

{% endif %}
  statement {
    sid       = "ImageRegistrySignIn"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # GetAuthorizationToken accepts no resource-level permission.
  }
}
{% endif %}

# --- Read-only look-ups that accept no resource-level permission ---------------------

data "aws_iam_policy_document" "describe" {
  statement {
    sid = "DescribeOnly"
    actions = [
      "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeAccountAttributes", "ec2:DescribeAvailabilityZones",
      "logs:DescribeLogGroups", "lambda:ListEventSourceMappings", "lambda:GetAccountSettings",
      "cloudfront:ListDistributions", "cloudfront:ListOriginAccessControls", "cloudfront:ListCachePolicies",
      "cloudfront:ListResponseHeadersPolicies", "cloudfront:ListFunctions", "rds:DescribeDBEngineVersions",
      "rds:DescribeOrderableDBInstanceOptions", "sts:GetCallerIdentity", "wafv2:ListWebACLs",
    ]
    resources = ["*"]
  }
}

locals {
  policies = merge(
    {
      backend  = data.aws_iam_policy_document.backend.json
      web      = data.aws_iam_policy_document.web.json
      describe = data.aws_iam_policy_document.describe.json
    },
{% if vectors != "none" or async_service != "none" %}
    { optional = data.aws_iam_policy_document.optional.json },
{% endif %}
  )
}

resource "aws_iam_policy" "deploy" {
  for_each    = local.policies
  name        = "${var.app_name}-deploy-${each.key}"
  description = "Deploys ${var.app_name}: ${each.key} resources named ${var.app_name}-*"
  policy      = each.value
}

resource "aws_iam_group_policy_attachment" "deploy" {
  for_each   = aws_iam_policy.deploy
  group      = aws_iam_group.deployers.name
  policy_arn = each.value.arn
}
