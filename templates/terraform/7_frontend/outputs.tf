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

output "cognito_authority" {
  description = "OpenID Connect issuer of the user pool (the frontend's NEXT_PUBLIC_COGNITO_AUTHORITY)."
  value       = "https://cognito-idp.${var.aws_region}.amazonaws.com/${aws_cognito_user_pool.users.id}"
}
{% else %}

output "clerk_issuer" {
  description = "Clerk instance whose tokens the API accepts; the site's publishable key must belong to it."
  value       = var.clerk_issuer
}
{% endif %}
