"""Checks a deployed agent function end to end against the real database: creates a
test job, invokes the function the way AWS would (an SQS batch for the orchestrator, a
direct call with a running job for a worker) and returns what happened."""

from __future__ import annotations

import asyncio
from typing import Any

from aws_agent_framework.agents.invoker import LambdaTransport
from aws_agent_framework.agents.jobs import JobStore
from aws_agent_framework.database import Database, connect
from aws_agent_framework.events import sqs_event, sqs_record
from aws_agent_framework.settings import Settings

TEST_USER = "deployed-test"


def run_deployed(
    agent: str,
    *,
    role: str,
    request: dict[str, Any],
    settings: Settings,
    db: Database | None = None,
    lambda_client: Any = None,
) -> dict[str, Any]:
    """Runs `agent`'s deployed function on a new test job; `ok` says whether it worked."""
    db = db or connect(settings)
    prefix = settings.agent_function_prefix or f"{settings.app_name}-"
    transport = LambdaTransport(
        prefix, lambda_client, region=settings.region, qualifier=settings.agent_function_qualifier
    )
    store = JobStore(db)
    db.execute(
        "INSERT INTO users (user_id, display_name) VALUES (:user, 'Deployed test') "
        "ON CONFLICT (user_id) DO NOTHING",
        {"user": TEST_USER},
    )
    job_id = db.execute(
        "INSERT INTO jobs (user_id, request_payload) VALUES (:user, :request) RETURNING id",
        {"user": TEST_USER, "request": request},
    )[0]["id"]
    function = transport.target(agent)
    if role == "orchestrator":
        # An SQS batch of one, as the event source mapping would deliver it.
        event = sqs_event(
            sqs_record({"job_id": str(job_id)}, region=settings.region or "us-east-1")
        )
        failed, answer = asyncio.run(transport.send(agent, event))
        job = store.get(job_id) or {}
        ok = not failed and job.get("status") == "completed"
        return {
            "ok": ok,
            "function": function,
            "job_id": str(job_id),
            "answer": answer,
            "job": job,
            "results": store.results(job_id),
        }
    store.claim(job_id)
    event = {"job_id": str(job_id), "task": "Deployed test: work on the example request."}
    failed, answer = asyncio.run(transport.send(agent, event))
    store.fail(job_id, f"A deployed test of {agent}, not a real job.")
    return {"ok": not failed, "function": function, "job_id": str(job_id), "answer": answer}
