output "site_url" {
  description = "URL of the site."
  value       = local.site_origin
}

output "site_bucket" {
  description = "Bucket to upload the built site to (frontend/out)."
  value       = aws_s3_bucket.site.bucket
}

output "distribution_id" {
  description = "CloudFront distribution to invalidate after an upload."
  value       = aws_cloudfront_distribution.site.id
}

output "api_url" {
  description = "Base URL of the API (the frontend's NEXT_PUBLIC_API_URL)."
  value       = aws_apigatewayv2_stage.api.invoke_url
}

output "api_function_name" {
  description = "Lambda function of the API."
  value       = module.api.function_name
}
{% if auth_provider == "cognito" %}

output "cognito_user_pool_id" {
  description = "Cognito user pool id."
  value       = aws_cognito_user_pool.users.id
}

output "cognito_app_client_id" {
  description = "Cognito app client id of the site."
  value       = aws_cognito_user_pool_client.web.id
}

output "cognito_domain" {
  description = "Hosted sign-in domain."
  value       = "https://${aws_cognito_user_pool_domain.web.domain}.auth.${var.aws_region}.amazoncognito.com"
}
{% endif %}
