"""Prints the API's OpenAPI schema (JSON), from which the frontend's types are generated:
`make frontend-types` (no server needed)."""

import json

from api.main import create_app
from aws_agent_framework.settings import Settings

if __name__ == "__main__":
    # Local mode, so the schema includes the development sign-in route too.
    print(json.dumps(create_app(Settings(auth_provider="local")).openapi(), indent=2))
