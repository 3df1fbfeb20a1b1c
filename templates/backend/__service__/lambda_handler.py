"""Lambda entry point of the {{ async_service }} service (handler: lambda_handler.handler).

EventBridge Scheduler invokes it asynchronously on its schedule with the event
{"scheduled_time": "<the schedule's time>"}, and neither the schedule nor Lambda retries.
Each scheduled time runs at most once: the run is claimed in the RUNS_TABLE DynamoDB table
with Powertools' idempotency utility, so a duplicate delivery does not run the agent
again (it gets the first run's answer, or nothing while that run is still going). A run
that fails releases its claim. Run it by hand with a scheduled_time not used before:

    aws lambda invoke --function-name {{ app_name }}-{{ async_service | kebab }} --cli-binary-format raw-in-base64-out \\
      --payload '{"scheduled_time": "manual-1"}' out.json

Locally (not on Lambda and no RUNS_TABLE) it runs directly, unclaimed: `make service`.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
)
from pydantic import BaseModel, Field, field_validator

{% for line in [
    "from aws_agent_framework.agents import model_for",
    "from aws_agent_framework.observability import configure_tracing, count, flush, logger",
    "from aws_agent_framework.settings import Settings",
    "from " ~ async_service ~ ".agent import SERVICE, ServiceContext, run",
] | sort %}
{{ line }}
{% endfor %}

# How long a scheduled time stays claimed (DynamoDB's TTL then deletes the record).
CLAIM_SECONDS = 24 * 60 * 60
# Longest summary kept with the claim (a DynamoDB item holds at most 400 KB).
SUMMARY_CHARS = 2000


class ServiceSettings(Settings):
    """The framework's settings plus RUNS_TABLE, the table that claims each run."""

    runs_table: str = ""


@lru_cache(maxsize=1)
def service_settings() -> ServiceSettings:
    return ServiceSettings()


class ScheduledRun(BaseModel):
    """The event: which scheduled time to run (the schedule sends its own)."""

    scheduled_time: str = Field(min_length=1, max_length=100)

    @field_validator("scheduled_time")
    @classmethod
    def _filled_in(cls, value: str) -> str:
        # A placeholder the scheduler did not replace would make every run the same one.
        if value.startswith("<aws."):
            raise ValueError(f"{value} was not replaced by EventBridge Scheduler")
        return value


def run_once(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Runs the service for the event's scheduled time, within the Lambda time left."""
    settings = service_settings()
    request = ScheduledRun.model_validate(event)
    service = ServiceContext(
        scheduled_time=request.scheduled_time,
        settings=settings,
        model=model_for(settings, SERVICE),
    )
    remaining = context.get_remaining_time_in_millis() / 1000
    budget = max(1.0, remaining - settings.time_budget_margin_seconds)

    async def within_budget() -> Any:
        return await asyncio.wait_for(run(service), timeout=budget)

    try:
        result = asyncio.run(within_budget())
    except Exception:
        logger.exception("Run failed")
        count("ServiceRunsFailed")
        raise
    logger.info("Run completed", extra={"findings": len(result.findings)})
    count("ServiceRunsCompleted")
    return {
        "scheduled_time": request.scheduled_time,
        "status": "completed",
        "findings": len(result.findings),
        "summary": result.summary[:SUMMARY_CHARS],
    }


def _answered_before(response: Any, record: Any) -> Any:
    """Powertools calls this when the scheduled time already ran: nothing runs again."""
    logger.info("This scheduled time already ran: duplicate delivery ignored")
    count("ServiceDuplicateDeliveries")
    return {**response, "duplicate": True} if isinstance(response, dict) else response


def claimed_run(table: str) -> Any:
    """`run_once`, claimed per scheduled time in `table` (a duplicate is a no-op)."""
    config = IdempotencyConfig(
        event_key_jmespath="scheduled_time",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=CLAIM_SECONDS,
        response_hook=_answered_before,
    )
    store = DynamoDBPersistenceLayer(table_name=table)
    return idempotent(persistence_store=store, config=config)(run_once)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    settings = service_settings()
    configure_tracing(settings)
    request = ScheduledRun.model_validate(event)
    logger.thread_safe_append_keys(agent=SERVICE, scheduled_time=request.scheduled_time)
    try:
        if settings.runs_table:
            return claimed_run(settings.runs_table)(event, context)
        if settings.on_lambda:
            raise RuntimeError("RUNS_TABLE is not set: on Lambda every run must be claimed")
        logger.info("Local run: no RUNS_TABLE, so this run is not claimed")
        return run_once(event, context)
    except IdempotencyAlreadyInProgressError:
        logger.info("This scheduled time is running already: duplicate delivery ignored")
        count("ServiceDuplicateDeliveries")
        return {"scheduled_time": request.scheduled_time, "status": "running", "duplicate": True}
    finally:
        flush()
