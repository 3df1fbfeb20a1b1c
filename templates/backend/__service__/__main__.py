"""Runs {{ async_service }} once on this machine, through the same handler as the deployed
function: `make service` (or `cd backend && uv run python -m {{ async_service }}`).

Locally the run is not claimed (no RUNS_TABLE), so every call runs. It uses the offline
model unless MODEL is set{% if vectors != "none" %}, and adds its findings to the local knowledge base under
backend/.local/ (the one `make ingest` and the agents use locally){% endif %}.
"""

import argparse
import json
from datetime import UTC, datetime

from aws_agent_framework.events import LambdaContext
from {{ async_service }}.lambda_handler import handler

FUNCTION_NAME = "{{ app_name }}-{{ async_service | kebab }}"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scheduled-time",
        default=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        help="the time this run stands for (default: now, as the schedule sends it)",
    )
    args = parser.parse_args()
    result = handler(
        {"scheduled_time": args.scheduled_time}, LambdaContext(function_name=FUNCTION_NAME)
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
