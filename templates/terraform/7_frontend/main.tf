{% set part = "7_frontend" %}
{% include "_partials/terraform_header.jinja" %}

# The web side of {{ app_name }}: the Next.js static site in a private S3 bucket behind
# CloudFront, and the FastAPI app as a Lambda behind an HTTP API that accepts calls only
# from the site's origin.{% if auth_provider == "cognito" %} Users sign in with a Cognito user pool.{% endif %}


locals {
  account     = data.aws_caller_identity.current.account_id
  arn         = data.aws_partition.current.partition
  site_origin = "https://${aws_cloudfront_distribution.site.domain_name}"
}

# --- Static site ---------------------------------------------------------------------

resource "aws_s3_bucket" "site" {
  # checkov:skip=CKV_AWS_18:Access logs for a static site cost more than they tell; CloudFront metrics cover traffic. Enable with a logging bucket if you need them.
  # checkov:skip=CKV_AWS_144:The site is rebuilt from the repository; replicating it to a second region adds cost without recovery value.
  # checkov:skip=CKV_AWS_145:Public web assets gain nothing from a customer key, and CloudFront would need a KMS key policy to read them; SSE-S3 encrypts them at rest.
  # checkov:skip=CKV2_AWS_62:Nothing reacts to uploads of the built site.
  bucket        = "${var.app_name}-site-${local.account}"
  force_destroy = true
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    id     = "expire-old-builds"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

data "aws_iam_policy_document" "site" {
  statement {
    sid       = "CloudFrontReadsTheSite"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.site.arn]
    }
  }
  statement {
    sid       = "HttpsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.site.arn, "${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket     = aws_s3_bucket.site.id
  policy     = data.aws_iam_policy_document.site.json
  depends_on = [aws_s3_bucket_public_access_block.site]
}

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "${var.app_name}-site"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# The static export writes /dashboard/index.html for /dashboard: add the index.html.
resource "aws_cloudfront_function" "index_html" {
  name    = "${var.app_name}-index-html"
  runtime = "cloudfront-js-2.0"
  publish = true
  code    = <<-JS
    function handler(event) {
      var request = event.request;
      if (request.uri.endsWith('/')) {
        request.uri += 'index.html';
      } else if (!request.uri.split('/').pop().includes('.')) {
        request.uri += '/index.html';
      }
      return request;
    }
  JS
}

resource "aws_cloudfront_response_headers_policy" "security" {
  name = "${var.app_name}-security-headers"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
  }
}

resource "aws_cloudfront_distribution" "site" {
  # checkov:skip=CKV_AWS_86:Access logs need a logging bucket and cost per request; enable when you need request-level audit.
  # checkov:skip=CKV_AWS_174:The default *.cloudfront.net certificate fixes the TLS policy; use a custom domain and certificate to set TLSv1.2_2021.
  # checkov:skip=CKV2_AWS_42:A custom certificate needs a domain you own; see guides/7_frontend.md.
  # checkov:skip=CKV_AWS_310:One S3 origin in one region; a failover origin would need a replicated bucket.
  # checkov:skip=CKV_AWS_374:The app serves users everywhere; add geo restrictions for your market if needed.
  # checkov:skip=CKV_AWS_68:WAF costs at least $5/month plus per request; turn it on with enable_waf = true (guides/8_enterprise.md).
  # checkov:skip=CKV2_AWS_47:WAF is optional (enable_waf); when on, its AWSManagedRulesKnownBadInputsRuleSet covers Log4j.
  enabled             = true
  comment             = "${var.app_name} site"
  default_root_object = "index.html"
  price_class         = var.price_class
  http_version        = "http2and3"
  web_acl_id          = var.enable_waf ? aws_wafv2_web_acl.site[0].arn : null

  origin {
    origin_id                = "site"
    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  default_cache_behavior {
    target_origin_id           = "site"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = "658327ea-f89d-4fab-a63d-7e88639e58f6" # Managed-CachingOptimized
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.index_html.arn
    }
  }

  custom_error_response {
    error_code         = 403
    response_code      = 404
    response_page_path = "/404.html"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# Optional web application firewall in front of the site (CloudFront scope lives in us-east-1).
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.default_tags # so the WAF counts in the app's budget too
  }
}

resource "aws_wafv2_web_acl" "site" {
  # checkov:skip=CKV2_AWS_31:WAF logging needs a Firehose or log group named aws-waf-logs-*; sampled requests and metrics are on.
  count    = var.enable_waf ? 1 : 0
  provider = aws.us_east_1
  name     = "${var.app_name}-site"
  scope    = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "common"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.app_name}-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "known-bad-inputs"
    priority = 2
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.app_name}-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.app_name}-site"
    sampled_requests_enabled   = true
  }
}
{% if auth_provider == "cognito" %}

# --- Sign-in (Cognito) ---------------------------------------------------------------

resource "aws_cognito_user_pool" "users" {
  name                     = "${var.app_name}-users"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  mfa_configuration        = "OPTIONAL"
  deletion_protection      = var.cognito_deletion_protection ? "ACTIVE" : "INACTIVE"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = false
    temporary_password_validity_days = 3
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }
}

resource "aws_cognito_user_pool_client" "web" {
  name                                 = "${var.app_name}-web"
  user_pool_id                         = aws_cognito_user_pool.users.id
  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = ["${local.site_origin}/dashboard/", "http://localhost:3000/dashboard/"]
  logout_urls                          = [local.site_origin, "http://localhost:3000"]
  prevent_user_existence_errors        = "ENABLED"
  explicit_auth_flows                  = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
  access_token_validity                = 1
  id_token_validity                    = 1
  token_validity_units {
    access_token = "hours"
    id_token     = "hours"
  }
}

resource "aws_cognito_user_pool_domain" "web" {
  domain       = "${var.app_name}-${local.account}"
  user_pool_id = aws_cognito_user_pool.users.id
}
{% endif %}

# --- API -----------------------------------------------------------------------------

data "aws_iam_policy_document" "api" {
{% include "_partials/terraform_data_api_statement.jinja" %}
  statement {
    sid       = "ReadTheDatabaseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.aurora_secret_arn]
  }
  statement {
    sid       = "SendJobs"
    actions   = ["sqs:SendMessage"]
    resources = [var.job_queue_arn]
  }
}

module "api" {
  source = "../modules/lambda_function"

  function_name   = "${var.app_name}-api"
  description     = "FastAPI app of ${var.app_name}"
  package_path    = "${path.module}/../../backend/dist/api.zip"
  architecture    = var.lambda_architecture
  timeout_seconds = 30
  memory_mb       = 1024
  policy_json     = data.aws_iam_policy_document.api.json
{% if snapstart %}
  snap_start      = var.snap_start
{% endif %}

  environment = merge(
    {
      APP_NAME           = var.app_name
      AURORA_CLUSTER_ARN = var.aurora_cluster_arn
      AURORA_SECRET_ARN  = var.aurora_secret_arn
      DATABASE_NAME      = var.database_name
      JOB_QUEUE_URL      = var.job_queue_url
      CORS_ORIGINS       = local.site_origin
      AUTH_PROVIDER      = "{{ auth_provider }}"
    },
{% if auth_provider == "clerk" %}
    { CLERK_JWKS_URL = var.clerk_jwks_url, CLERK_ISSUER = var.clerk_issuer },
{% else %}
    { COGNITO_USER_POOL_ID = aws_cognito_user_pool.users.id, COGNITO_APP_CLIENT_ID = aws_cognito_user_pool_client.web.id },
{% endif %}
  )

  log_retention_days = var.log_retention_days
}

resource "aws_apigatewayv2_api" "api" {
  name          = "${var.app_name}-api"
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = concat([local.site_origin], var.extra_cors_origins)
    allow_methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    allow_headers = ["authorization", "content-type"]
    max_age       = 3600
  }
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.api.id
  integration_type       = "AWS_PROXY"
  integration_uri        = module.api.target_invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "api" {
  # checkov:skip=CKV_AWS_309:The API verifies every JWT itself (signature, expiry, issuer, audience) so /health stays public and local development uses the same code.
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_cloudwatch_log_group" "api_access" {
  # checkov:skip=CKV_AWS_158:Encrypted at rest by CloudWatch; a customer key adds cost without a threat this app models.
  # checkov:skip=CKV_AWS_338:30 days by default keeps a new app cheap; raise log_retention_days for compliance needs.
  name              = "/aws/apigateway/${var.app_name}-api"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "api" {
  api_id      = aws_apigatewayv2_api.api.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.api_burst_limit
    throttling_rate_limit  = var.api_rate_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      method    = "$context.httpMethod"
      path      = "$context.path"
      status    = "$context.status"
      latencyMs = "$context.responseLatency"
    })
  }
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = module.api.function_name
{% if snapstart %}
  qualifier     = module.api.qualifier # API Gateway invokes the alias (SnapStart): the grant names it
{% endif %}
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.api.execution_arn}/*/*"
}
