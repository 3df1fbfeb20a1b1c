"""The tagger agent on the offline model, against a real database (both clients):
its tools read the job from the database, it returns its declared result type and its
input check refuses what it must not work on."""

import asyncio
import json

import pytest
from agents import InputGuardrailTripwireTriggered

from aws_agent_framework.agents import JobContext, JobStore, resolve_model
from aws_agent_framework.agents.guardrails import refusal_of
from aws_agent_framework.agents.usage import MeteredModel
from database.models import Instruments, Jobs, Users
from database.schemas import JobRequest
from tagger.agent import MAX_TASK_CHARS, TaggerResult, run


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
        agent_name="tagger",
        task="Work on this job",
        request=job.request_payload,
        db=db,
        invoker=invoker,
        model=resolve_model("", agent_name="tagger"),
        settings=settings,
    )


def test_it_reads_the_job_and_returns_its_result_type(migrated_db, local_settings):
    invoker = RecordingInvoker()
    job = job_context(migrated_db, invoker, local_settings)
    result = asyncio.run(run(job))

    assert isinstance(result, TaggerResult)
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

    assert refusal_of(raised.value, "tagger") == (
        f"The tagger agent refused the task: the task is {MAX_TASK_CHARS + 1:,} "
        f"characters long; tagger takes at most {MAX_TASK_CHARS:,}. Shorten the request."
    )
    assert job.usage.requests == 0
    assert invoker.calls == []


def test_its_classifications_come_from_the_instruments_table(migrated_db, local_settings):
    result = asyncio.run(run(job_context(migrated_db, RecordingInvoker(), local_settings)))

    classes = {c.symbol: (c.asset_class, c.region, c.source) for c in result.classified}
    assert classes == {
        "AAPL": ("equity", "north_america", "reference"),
        "BND": ("bond", "north_america", "reference"),
        "VTI": ("equity", "north_america", "reference"),
        "VXUS": ("equity", "international", "reference"),
    }
    # The example's ZZZT is in no reference data; the offline model's made-up symbol was
    # refused (it is not a holding), so nothing else was saved.
    assert result.unclassified == ["ZZZT"]
    assert Instruments(migrated_db).list(where={"source": "tagger"}) == []
