"""A job end to end in local mode, as `make job` runs it: the orchestrator's handler gets
an SQS event from the in-process queue, the workers are called through their own Lambda
handlers, and every agent's result lands in its own row of job_results."""

import importlib
import threading
import time

import pytest

from aws_agent_framework.agents import AgentInvoker, InProcessTransport
from aws_agent_framework.local import LocalJobQueue
from database.models import AGENTS, Jobs, Users
from database.schemas import AgentStatus, JobRequest, JobStatus

WORKER_DELAY = 0.3


def handler_of(agent):
    return importlib.import_module(f"{agent}.lambda_handler").handler


@pytest.fixture
def run_windows(migrated_db, local_settings):
    """Wires every agent's real handler to the test database and local_settings
    (conftest.py); workers are timed."""
    windows, lock = {}, threading.Lock()
    handlers = {}

    def timed(agent):
        real = handler_of(agent)

        def handler(event, context):
            start = time.monotonic()
            time.sleep(WORKER_DELAY)  # a worker that takes a while
            result = real(event, context)
            with lock:
                windows[agent] = (start, time.monotonic())
            return result

        return handler

    for agent in AGENTS[1:]:
        handlers[agent] = timed(agent)
    invoker = AgentInvoker(InProcessTransport(handlers))
    for agent in AGENTS:
        handler_of(agent).configure(settings=local_settings, db=migrated_db, invoker=invoker)
    yield windows
    for agent in AGENTS:
        handler_of(agent).configure()


def run_one_job(db):
    Users(db).upsert("local-user")
    job = Jobs(db).create({"user_id": "local-user", "request_payload": JobRequest.EXAMPLE})
    queue = LocalJobQueue(AGENTS[0])
    queue.send(job.id)
    queue.drain()
    queue.close()
    return Jobs(db).find_for_user(job.id, "local-user")


def test_every_agent_runs_and_stores_its_result(migrated_db, run_windows):
    job = run_one_job(migrated_db)

    assert job.status == JobStatus.COMPLETED, job.error_message
    results = {result.agent: result for result in job.results}
    assert sorted(results) == sorted(AGENTS)
    for agent, result in results.items():
        assert result.status == AgentStatus.COMPLETED, agent
        assert result.payload, f"{agent}'s result is empty"
        assert result.error is None
        assert job.started_at <= result.started_at <= result.finished_at <= job.completed_at
    assert results[AGENTS[0]].finished_at == job.completed_at
    assert sorted(run_windows) == sorted(AGENTS[1:])
{% if workers | length >= 2 %}


def test_workers_run_at_the_same_time(migrated_db, run_windows):
    run_one_job(migrated_db)

    starts = [start for start, _ in run_windows.values()]
    ends = [end for _, end in run_windows.values()]
    assert max(starts) < min(ends), f"worker runs did not overlap: {run_windows}"
{% endif %}


def test_a_redelivered_job_message_is_ignored(migrated_db, run_windows):
    job = run_one_job(migrated_db)
    queue = LocalJobQueue(AGENTS[0])
    queue.send(job.id)
    queue.drain()
    queue.close()
    again = Jobs(migrated_db).find_for_user(job.id, "local-user")
    assert again.completed_at == job.completed_at
    assert again.results == job.results
