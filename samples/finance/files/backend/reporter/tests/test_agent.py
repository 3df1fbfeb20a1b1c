"""The reporter agent on the offline model, against a real database (both clients):
its tools read the job from the database, it returns its declared result type and its
input check refuses what it must not work on."""

import asyncio
import json

import pytest
from agents import InputGuardrailTripwireTriggered

from aws_agent_framework.agents import JobContext, JobStore, resolve_model
from aws_agent_framework.agents.guardrails import refusal_of
from aws_agent_framework.agents.usage import MeteredModel
from database.models import Jobs, Users
from database.schemas import JobRequest
from reporter.agent import MAX_TASK_CHARS, ReporterResult, run


class RecordingInvoker:
    """Stands in for the other agents: records who was asked, answers like a worker."""

    def __init__(self):
        self.calls = []

    async def invoke(self, agent, job_id, task):
        self.calls.append(agent)
        return {"summary": f"{agent} looked into: {task}", "key_points": []}


def job_context(db, invoker, settings):
    Users(db).upsert("user-1", "Test user")
    job = Jobs(db).create({"user_id": "user-1", "request_payload": JobRequest.EXAMPLE})
    JobStore(db).claim(job.id)
    return JobContext(
        job_id=job.id,
        agent_name="reporter",
        task="Work on this job",
        request=job.request_payload,
        db=db,
        invoker=invoker,
        model=resolve_model("", agent_name="reporter"),
        settings=settings,
    )


def test_it_reads_the_job_and_returns_its_result_type(migrated_db, local_settings):
    invoker = RecordingInvoker()
    job = job_context(migrated_db, invoker, local_settings)
    result = asyncio.run(run(job))

    assert isinstance(result, ReporterResult)
    # The offline model quotes what each tool returned: the request came from the database
    # (as stored: jsonb orders an object's keys its own way).
    assert f"read_job_request returned {json.dumps(job.request)[:60]}" in result.summary
    assert invoker.calls == []


def test_it_refuses_a_task_too_long_before_any_model_call(migrated_db, local_settings):
    invoker = RecordingInvoker()
    job = job_context(migrated_db, invoker, local_settings)
    job.task = "x" * (MAX_TASK_CHARS + 1)
    job.model = MeteredModel(job.model, job.usage)

    with pytest.raises(InputGuardrailTripwireTriggered) as raised:
        asyncio.run(run(job))

    assert refusal_of(raised.value, "reporter") == (
        f"The reporter agent refused the task: the task is {MAX_TASK_CHARS + 1:,} "
        f"characters long; reporter takes at most {MAX_TASK_CHARS:,}. Shorten the request."
    )
    assert job.usage.requests == 0
    assert invoker.calls == []


def test_its_numbers_are_computed_from_the_portfolio(migrated_db, local_settings):
    result = asyncio.run(run(job_context(migrated_db, RecordingInvoker(), local_settings)))

    # 120 x 260 + 200 x 72.5 + 80 x 190 + 150 x 61 + 10 x 40
    assert result.total_value == 70_450.0
    assert result.by_account == {"401k": 45_700.0, "taxable": 24_750.0}
    assert result.by_asset_class == {"equity": 0.7885, "bond": 0.2058, "unclassified": 0.0057}
    assert result.by_region == {
        "north_america": 0.8644,
        "international": 0.1299,
        "unclassified": 0.0057,
    }
    assert result.concentrations == ["VTI", "AAPL", "BND"]
