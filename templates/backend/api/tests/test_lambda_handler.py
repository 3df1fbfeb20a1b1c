"""The API's Lambda entry point answers an API Gateway HTTP API event through Mangum."""

from aws_agent_framework.events import LambdaContext, http_api_event


def test_health_through_mangum():
    from api.lambda_handler import handler

    response = handler(http_api_event("GET", "/health"), LambdaContext())
    assert response["statusCode"] == 200
    assert '"status":"ok"' in response["body"]
