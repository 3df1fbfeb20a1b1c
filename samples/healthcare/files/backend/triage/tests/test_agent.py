"""The triage agent on the offline model, against a real database (both clients):
its tools read the job from the database, it returns its declared result type and its
input check refuses what it must not work on."""

import asyncio
import json

import pytest
from agents import InputGuardrailTripwireTriggered

from aws_agent_framework.agents import (
    AgentCallError,
    JobContext,
    JobStore,
    find_agent_call_error,
    resolve_model,
)
from aws_agent_framework.agents.guardrails import refusal_of
from aws_agent_framework.agents.usage import MeteredModel
from database.models import Jobs, Users
from database.schemas import JobRequest
from triage.agent import MAX_TASK_CHARS, TriageResult, run
from triage.templates import WORKERS


class RecordingInvoker:
    """Stands in for the other agents: records who was asked, answers like a worker."""

    def __init__(self, fail=()):
        self.calls = []
        self.fail = set(fail)

    async def invoke(self, agent, job_id, task):
        self.calls.append(agent)
        if agent in self.fail:
            raise AgentCallError(agent, "boom")
        return {"summary": f"{agent} looked into: {task}", "key_points": []}


def job_context(db, invoker, settings):
    Users(db).upsert("user-1", "Test user")
    job = Jobs(db).create({"user_id": "user-1", "request_payload": JobRequest.EXAMPLE})
    JobStore(db).claim(job.id)
    return JobContext(
        job_id=job.id,
        agent_name="triage",
        task="Work on this job",
        request=job.request_payload,
        db=db,
        invoker=invoker,
        model=resolve_model("", agent_name="triage"),
        settings=settings,
    )


def test_it_reads_the_job_and_returns_its_result_type(migrated_db, local_settings):
    invoker = RecordingInvoker()
    job = job_context(migrated_db, invoker, local_settings)
    result = asyncio.run(run(job))

    assert isinstance(result, TriageResult)
    # The offline model quotes what each tool returned: the request came from the database
    # (as stored: jsonb orders an object's keys its own way).
    assert f"read_job_request returned {json.dumps(job.request)[:60]}" in result.summary
    assert sorted(invoker.calls) == sorted(WORKERS)


def test_it_refuses_a_task_too_long_before_any_model_call(migrated_db, local_settings):
    invoker = RecordingInvoker()
    job = job_context(migrated_db, invoker, local_settings)
    job.task = "x" * (MAX_TASK_CHARS + 1)
    job.model = MeteredModel(job.model, job.usage)

    with pytest.raises(InputGuardrailTripwireTriggered) as raised:
        asyncio.run(run(job))

    assert refusal_of(raised.value, "triage") == (
        f"The triage agent refused the task: the task is {MAX_TASK_CHARS + 1:,} "
        f"characters long; triage takes at most {MAX_TASK_CHARS:,}. Shorten the request."
    )
    assert job.usage.requests == 0
    assert invoker.calls == []


def test_a_failing_worker_fails_the_run(migrated_db, local_settings):
    failing = next(iter(WORKERS))
    with pytest.raises(Exception) as raised:  # the SDK wraps the tool's error
        asyncio.run(run(job_context(migrated_db, RecordingInvoker(fail={failing}), local_settings)))
    assert find_agent_call_error(raised.value).agent == failing


def test_it_refuses_to_prescribe_before_any_model_call(migrated_db, local_settings):
    invoker = RecordingInvoker()
    job = job_context(migrated_db, invoker, local_settings)
    job.task = "Chest pain. What dose of aspirin should I give?"
    job.model = MeteredModel(job.model, job.usage)

    with pytest.raises(InputGuardrailTripwireTriggered) as raised:
        asyncio.run(run(job))

    assert "does not prescribe or diagnose" in refusal_of(raised.value, "triage")
    assert (job.usage.requests, invoker.calls) == (0, [])
