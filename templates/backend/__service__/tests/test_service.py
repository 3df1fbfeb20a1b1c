"""The {{ async_service }} service on the offline model{% if vectors != "none" %} and the local knowledge base{% endif %}, and its
handler's claim on each scheduled time (DynamoDB mocked by moto): a duplicate delivery
never runs the agent twice."""

import asyncio

import boto3
import pytest
from pydantic import ValidationError

{% set lines = [
    "from aws_agent_framework.agents import resolve_model",
    "from aws_agent_framework.events import LambdaContext",
    "from " ~ async_service ~ " import agent, lambda_handler",
    "from " ~ async_service ~ ".lambda_handler import ServiceSettings, handler",
] %}
{% if vectors != "none" %}
{% set lines = lines + ["from aws_agent_framework.vectors import HashingEmbedder, LocalVectorStore, search"] %}
{% endif %}
{% for line in lines | sort %}
{{ line }}
{% endfor %}

FUNCTION = "{{ app_name }}-{{ async_service | kebab }}"
TABLE = f"{FUNCTION}-runs"


def local_settings(tmp_path, **overrides):
    """Local mode: offline model{% if vectors != "none" %}, hashing embedder and a knowledge base under tmp_path{% endif %}."""
    return ServiceSettings(
        model="",
        local_data_dir=str(tmp_path),
{% if vectors != "none" %}
        embeddings="",
        vector_bucket="",
        vector_collection_endpoint="",
{% endif %}
        **overrides,
    )


def test_a_run_reads_the_sources_and_returns_its_result_type(tmp_path):
    service = agent.ServiceContext(
        scheduled_time="2025-01-01T00:00:00Z",
        settings=local_settings(tmp_path),
        model=resolve_model("", agent_name="{{ async_service }}"),
    )
    result = asyncio.run(agent.run(service))

    assert isinstance(result, agent.{{ async_service | pascal }}Result)
    # The offline model quotes what each tool returned.
    assert "read_sources returned" in result.summary
    assert result.findings
{% if vectors != "none" %}
    # Its findings are in the knowledge base the agents search.
    hits = search(
        result.findings[0].text, HashingEmbedder(), LocalVectorStore(tmp_path / "vectors.json")
    )
    assert hits[0]["source"] == "{{ async_service }}"
    assert hits[0]["scheduled_time"] == "2025-01-01T00:00:00Z"
{% endif %}


@pytest.fixture
def runs_table(aws):
    boto3.client("dynamodb").create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return TABLE


@pytest.fixture
def counted_runs(monkeypatch, tmp_path):
    """The handler on local settings, counting the runs that really start."""
    settings = local_settings(tmp_path, runs_table=TABLE)
    monkeypatch.setattr(lambda_handler, "service_settings", lambda: settings)
    runs = []
    real = lambda_handler.run_once

    def counting(event, context):
        runs.append(event["scheduled_time"])
        return real(event, context)

    monkeypatch.setattr(lambda_handler, "run_once", counting)
    return runs


def test_a_scheduled_time_runs_once_however_often_it_is_delivered(runs_table, counted_runs):
    event = {"scheduled_time": "2025-01-01T00:00:00Z"}
    first = handler(event, LambdaContext())
    again = handler(event, LambdaContext())

    assert counted_runs == ["2025-01-01T00:00:00Z"]
    assert first["status"] == "completed"
    assert again["duplicate"] is True
    assert again["summary"] == first["summary"]

    handler({"scheduled_time": "2025-01-01T02:00:00Z"}, LambdaContext())
    assert counted_runs == ["2025-01-01T00:00:00Z", "2025-01-01T02:00:00Z"]
    items = boto3.client("dynamodb").scan(TableName=runs_table)["Items"]
    assert sorted(item["status"]["S"] for item in items) == ["COMPLETED", "COMPLETED"]
    assert all("expiration" in item for item in items)  # the table's TTL attribute


def test_a_delivery_while_the_run_is_going_does_not_start_another(
    runs_table, counted_runs, monkeypatch
):
    event = {"scheduled_time": "2025-01-01T00:00:00Z"}
    during = []
    first_run = lambda_handler.run_once

    def run_that_is_delivered_again(event, context):
        during.append(handler(event, LambdaContext()))
        return first_run(event, context)

    monkeypatch.setattr(lambda_handler, "run_once", run_that_is_delivered_again)
    handler(event, LambdaContext())

    assert counted_runs == ["2025-01-01T00:00:00Z"]
    assert during == [
        {"scheduled_time": "2025-01-01T00:00:00Z", "status": "running", "duplicate": True}
    ]


def test_a_failed_run_releases_its_claim(runs_table, counted_runs, monkeypatch):
    event = {"scheduled_time": "2025-01-01T00:00:00Z"}

    async def failing(service):
        raise RuntimeError("source unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(lambda_handler, "run", failing)
        with pytest.raises(RuntimeError, match="source unavailable"):
            handler(event, LambdaContext())

    assert handler(event, LambdaContext())["status"] == "completed"  # e.g. run again by hand
    assert len(counted_runs) == 2


def test_on_lambda_a_run_is_never_unclaimed(monkeypatch, tmp_path):
    monkeypatch.setattr(lambda_handler, "service_settings", lambda: local_settings(tmp_path))
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", FUNCTION)
    with pytest.raises(RuntimeError, match="RUNS_TABLE"):
        handler({"scheduled_time": "2025-01-01T00:00:00Z"}, LambdaContext())


def test_an_event_without_a_real_scheduled_time_is_refused():
    with pytest.raises(ValidationError, match="scheduled_time"):
        handler({}, LambdaContext())
    with pytest.raises(ValidationError, match="not replaced"):
        handler({"scheduled_time": "<aws.scheduler.scheduled-time>"}, LambdaContext())
