"""Runs the deployed `{{ agent.name }}` function once, on a new test job in the real database,
and prints what happened:

    cd backend && uv run python -m {{ agent.name }}.invoke_deployed

Needs AWS credentials and the app's settings in the environment: AWS_REGION,
AURORA_CLUSTER_ARN, AURORA_SECRET_ARN and DATABASE_NAME (terraform/5_database outputs)
and APP_NAME={{ app_name }} (see guides/6_agents.md).{% if snapstart %} AGENT_FUNCTION_QUALIFIER=live
invokes the SnapStart alias, as the queue and the orchestrator do.{% endif %}
"""

import json
import sys

from aws_agent_framework.agents.deployed import run_deployed
from aws_agent_framework.settings import get_settings
from database.schemas import JobRequest

if __name__ == "__main__":
    result = run_deployed(
        "{{ agent.name }}",
        role="{{ agent.role }}",
        request=JobRequest.EXAMPLE,
        settings=get_settings(),
    )
    print(json.dumps(result, indent=2, default=str, ensure_ascii=False))
    sys.exit(0 if result["ok"] else 1)
