"""Job outcomes are CloudWatch metrics (embedded metric format) on Lambda: a failed job is
stored and acknowledged, so Lambda Errors and the dead-letter queue stay at zero, and
only JobsFailed lets terraform/8_enterprise raise an alarm. Its alarm and dashboard use
namespace = APP_NAME and dimension service = APP_NAME: what is asserted here. Runs that
call their model send its use too (tokens, requests, estimated cost)."""

import json
import os
from pathlib import Path

import pytest
from agents import Agent, Runner

from aws_agent_framework.agents import AgentHandler, AgentInvoker, InProcessTransport
from aws_agent_framework.database import migrate
from aws_agent_framework.local import LambdaContext, sqs_event, sqs_record
from aws_agent_framework.settings import Settings

MIGRATIONS = Path(__file__).parent / "jobs_migrations"
APP_NAME = os.environ.get("APP_NAME") or "agent-app"


@pytest.fixture
def jobs_db(db):
    migrate(db, MIGRATIONS)
    return db


def run_one_job(db, run):
    handlers = {}
    boss = AgentHandler(
        "boss",
        run,
        role="orchestrator",
        settings=Settings(time_budget_margin_seconds=1),
        db=db,
        invoker=AgentInvoker(InProcessTransport(handlers)),
    )
    job_id = db.execute("INSERT INTO jobs DEFAULT VALUES RETURNING id")[0]["id"]
    answer = boss(sqs_event(sqs_record({"job_id": str(job_id)})), LambdaContext())
    return answer, db.execute("SELECT status FROM jobs WHERE id = :id", {"id": job_id})[0]


def emitted(out):
    """The EMF documents Powertools printed: {metric name: (document, definition)}."""
    found = {}
    for line in out.splitlines():
        if '"_aws"' not in line:
            continue
        document = json.loads(line)
        for definition in document["_aws"]["CloudWatchMetrics"]:
            for metric in definition["Metrics"]:
                found[metric["Name"]] = (document, definition)
    return found


def test_a_failed_job_is_counted_as_jobs_failed(jobs_db, monkeypatch, capsys):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "app-boss")

    async def fails(job):
        raise RuntimeError("the model said no")

    answer, job = run_one_job(jobs_db, fails)

    assert answer == {"batchItemFailures": []}  # acknowledged: SQS and Lambda see success
    assert job["status"] == "failed"
    metrics = emitted(capsys.readouterr().out)
    assert set(metrics) == {"JobsFailed"}
    document, definition = metrics["JobsFailed"]
    assert definition["Namespace"] == APP_NAME
    assert definition["Dimensions"] == [["service"]]
    assert document["service"] == APP_NAME
    assert definition["Metrics"] == [{"Name": "JobsFailed", "Unit": "Count"}]
    assert document["JobsFailed"] == [1.0]


def test_a_completed_job_is_counted_with_the_same_namespace_and_dimension(
    jobs_db, monkeypatch, capsys
):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "app-boss")

    async def succeeds(job):
        return {"ok": True}

    _, job = run_one_job(jobs_db, succeeds)

    assert job["status"] == "completed"
    document, definition = emitted(capsys.readouterr().out)["JobsCompleted"]
    assert (definition["Namespace"], definition["Dimensions"]) == (APP_NAME, [["service"]])
    assert document["service"] == APP_NAME


def test_a_runs_model_use_is_sent_as_token_and_cost_metrics(jobs_db, monkeypatch, capsys):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "app-boss")

    async def asks_the_model(job):
        agent = Agent(name="boss", instructions="Answer briefly.", model=job.model)
        return {"answer": (await Runner.run(agent, "a question")).final_output}

    _, job = run_one_job(jobs_db, asks_the_model)

    assert job["status"] == "completed"
    metrics = emitted(capsys.readouterr().out)
    assert {"ModelRequests", "InputTokens", "OutputTokens", "EstimatedCostUSD"} <= set(metrics)
    document, definition = metrics["InputTokens"]
    assert (definition["Namespace"], definition["Dimensions"]) == (APP_NAME, [["service"]])
    assert document["ModelRequests"] == [1.0] and document["InputTokens"][0] > 0
    # The offline model costs nothing.
    assert document["EstimatedCostUSD"] == [0.0]


def test_off_lambda_nothing_is_emitted(jobs_db, monkeypatch, capsys):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)

    async def fails(job):
        raise RuntimeError("no")

    run_one_job(jobs_db, fails)
    assert emitted(capsys.readouterr().out) == {}
