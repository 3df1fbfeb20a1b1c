"""The {{ agent.name }} agent on the offline model, against a real database (both clients):
its tools read the job from the database, it returns its declared result type and its
input check refuses what it must not work on."""

import asyncio
import json

import pytest
from agents import InputGuardrailTripwireTriggered

{% set fails = agent.role == "orchestrator" and workers %}
{% if fails %}
{% set framework = "from aws_agent_framework.agents import (\n    AgentCallError,\n    JobContext,\n    JobStore,\n    find_agent_call_error,\n    resolve_model,\n)" %}
{% else %}
{% set framework = "from aws_agent_framework.agents import JobContext, JobStore, resolve_model" %}
{% endif %}
{% set under_test = "from " ~ agent.name ~ ".agent import MAX_TASK_CHARS, " ~ (agent.name | pascal) ~ "Result, run" %}
{% if under_test | length > 100 %}
{% set under_test = "from " ~ agent.name ~ ".agent import (\n    MAX_TASK_CHARS,\n    " ~ (agent.name | pascal) ~ "Result,\n    run,\n)" %}
{% endif %}
{% set lines = [
    framework,
    "from aws_agent_framework.agents.guardrails import refusal_of",
    "from aws_agent_framework.agents.usage import MeteredModel",
    "from database.models import Jobs, Users",
    "from database.schemas import JobRequest",
    under_test,
] %}
{% if agent.role == "orchestrator" %}
{% set lines = lines + ["from " ~ agent.name ~ ".templates import WORKERS"] %}
{% endif %}
{% for line in lines | sort %}
{{ line }}
{% endfor %}


class RecordingInvoker:
    """Stands in for the other agents: records who was asked, answers like a worker."""

{% if fails %}
    def __init__(self, fail=()):
        self.calls = []
        self.fail = set(fail)

    async def invoke(self, agent, job_id, task):
        self.calls.append(agent)
        if agent in self.fail:
            raise AgentCallError(agent, "boom")
        return{% else %}
    def __init__(self):
        self.calls = []

    async def invoke(self, agent, job_id, task):
        self.calls.append(agent)
        return{% endif %} {"summary": f"{agent} looked into: {task}", "key_points": []}


def job_context(db, invoker, settings):
    Users(db).upsert("user-1", "Test user")
    job = Jobs(db).create({"user_id": "user-1", "request_payload": JobRequest.EXAMPLE})
    JobStore(db).claim(job.id)
    return JobContext(
        job_id=job.id,
        agent_name="{{ agent.name }}",
        task="Work on this job",
        request=job.request_payload,
        db=db,
        invoker=invoker,
        model=resolve_model("", agent_name="{{ agent.name }}"),
        settings=settings,
    )


def test_it_reads_the_job_and_returns_its_result_type(migrated_db, local_settings):
    invoker = RecordingInvoker()
    job = job_context(migrated_db, invoker, local_settings)
    result = asyncio.run(run(job))

    assert isinstance(result, {{ agent.name | pascal }}Result)
    # The offline model quotes what each tool returned: the request came from the database
    # (as stored: jsonb orders an object's keys its own way).
    assert f"read_job_request returned {json.dumps(job.request)[:60]}" in result.summary
{% if agent.role == "orchestrator" %}
    assert sorted(invoker.calls) == sorted(WORKERS)
{% else %}
    assert invoker.calls == []
{% endif %}


def test_it_refuses_a_task_too_long_before_any_model_call(migrated_db, local_settings):
    invoker = RecordingInvoker()
    job = job_context(migrated_db, invoker, local_settings)
    job.task = "x" * (MAX_TASK_CHARS + 1)
    job.model = MeteredModel(job.model, job.usage)

    with pytest.raises(InputGuardrailTripwireTriggered) as raised:
        asyncio.run(run(job))

    assert refusal_of(raised.value, "{{ agent.name }}") == (
        f"The {{ agent.name }} agent refused the task: the task is {MAX_TASK_CHARS + 1:,} "
        f"characters long; {{ agent.name }} takes at most {MAX_TASK_CHARS:,}. Shorten the request."
    )
    assert job.usage.requests == 0
    assert invoker.calls == []
{% if agent.role == "orchestrator" and workers %}


def test_a_failing_worker_fails_the_run(migrated_db, local_settings):
    failing = next(iter(WORKERS))
    with pytest.raises(Exception) as raised:  # the SDK wraps the tool's error
        asyncio.run(run(job_context(migrated_db, RecordingInvoker(fail={failing}), local_settings)))
    assert find_agent_call_error(raised.value).agent == failing
{% endif %}
