"""The Data API client against botocore's Stubber: the exact requests it sends and how it
reads the answers, without AWS."""

import datetime as dt
import uuid
from decimal import Decimal

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from tenacity import wait_none

from aws_agent_framework.database import DataApiDatabase, connect
from aws_agent_framework.settings import Settings

CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:app-db"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-x"
TARGET = {"resourceArn": CLUSTER, "secretArn": SECRET}


@pytest.fixture
def stubbed():
    client = boto3.client(
        "rds-data", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    with Stubber(client) as stubber:
        yield (
            DataApiDatabase(
                CLUSTER, SECRET, "app", client=client, max_attempts=3, wait=wait_none()
            ),
            stubber,
        )
        stubber.assert_no_pending_responses()


def statement(sql, parameters, **extra):
    return {
        **TARGET,
        "database": "app",
        "sql": sql,
        "parameters": parameters,
        "includeResultMetadata": True,
        **extra,
    }


def test_parameters_are_sent_with_their_types(stubbed):
    db, stubber = stubbed
    job_id = uuid.UUID("6f1c2b9e-8a51-4d6e-9a43-3c1b7f0e2d11")
    params = {
        "id": job_id,
        "payload": {"question": "why?", "tags": ["a"]},
        "amount": Decimal("12.50"),
        "at": dt.datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "day": dt.date(2026, 1, 2),
        "name": '{"looks": "like json"}',
        "count": 3,
        "ratio": 0.5,
        "done": False,
        "nothing": None,
    }
    expected = [
        {"name": "id", "value": {"stringValue": str(job_id)}, "typeHint": "UUID"},
        {
            "name": "payload",
            "value": {"stringValue": '{"question":"why?","tags":["a"]}'},
            "typeHint": "JSON",
        },
        {"name": "amount", "value": {"stringValue": "12.50"}, "typeHint": "DECIMAL"},
        {
            "name": "at",
            "value": {"stringValue": "2026-01-02 01:04:05.000600"},
            "typeHint": "TIMESTAMP",
        },
        {"name": "day", "value": {"stringValue": "2026-01-02"}, "typeHint": "DATE"},
        {"name": "name", "value": {"stringValue": '{"looks": "like json"}'}},
        {"name": "count", "value": {"longValue": 3}},
        {"name": "ratio", "value": {"doubleValue": 0.5}},
        {"name": "done", "value": {"booleanValue": False}},
        {"name": "nothing", "value": {"isNull": True}},
    ]
    sql = "INSERT INTO t VALUES (:id, :payload, :amount, :at, :day, :name, :count, :ratio, :done, :nothing)"
    stubber.add_response(
        "execute_statement", {"numberOfRecordsUpdated": 1}, statement(sql, expected)
    )
    assert db.execute(sql, params) == []


def test_values_are_decoded_by_column_type_and_json_looking_text_stays_text(stubbed):
    db, stubber = stubbed
    columns = [
        ("id", "uuid"),
        ("payload", "jsonb"),
        ("note", "text"),
        ("amount", "numeric"),
        ("created_at", "timestamptz"),
        ("run_at", "timestamp"),
        ("day", "date"),
        ("n", "int8"),
        ("ok", "bool"),
        ("missing", "text"),
        ("tags", "_text"),
    ]
    record = [
        {"stringValue": "6f1c2b9e-8a51-4d6e-9a43-3c1b7f0e2d11"},
        {"stringValue": '{"a": [1, 2]}'},
        {"stringValue": '{"a": [1, 2]}'},
        {"stringValue": "12.50"},
        {"stringValue": "2026-01-02 03:04:05.123"},
        {"stringValue": "2026-01-02 03:04:05"},
        {"stringValue": "2026-01-02"},
        {"longValue": 7},
        {"booleanValue": True},
        {"isNull": True},
        {"arrayValue": {"stringValues": ["x", "y"]}},
    ]
    stubber.add_response(
        "execute_statement",
        {"records": [record], "columnMetadata": [{"name": n, "typeName": t} for n, t in columns]},
        statement("SELECT * FROM t", []),
    )
    (row,) = db.execute("SELECT * FROM t")
    assert row == {
        "id": uuid.UUID("6f1c2b9e-8a51-4d6e-9a43-3c1b7f0e2d11"),
        "payload": {"a": [1, 2]},
        "note": '{"a": [1, 2]}',
        "amount": Decimal("12.50"),
        "created_at": dt.datetime(2026, 1, 2, 3, 4, 5, 123000, tzinfo=dt.UTC),
        "run_at": dt.datetime(2026, 1, 2, 3, 4, 5),
        "day": dt.date(2026, 1, 2),
        "n": 7,
        "ok": True,
        "missing": None,
        "tags": ["x", "y"],
    }


def test_a_resuming_database_is_retried_until_it_answers(stubbed):
    db, stubber = stubbed
    request = statement("SELECT 1", [])
    stubber.add_client_error(
        "execute_statement", "DatabaseResumingException", "resuming", 400, expected_params=request
    )
    stubber.add_client_error(
        "execute_statement", "ThrottlingException", "slow down", 400, expected_params=request
    )
    stubber.add_response(
        "execute_statement",
        {"records": [[{"longValue": 1}]], "columnMetadata": [{"name": "x", "typeName": "int4"}]},
        request,
    )
    assert db.execute("SELECT 1") == [{"x": 1}]


def test_retries_stop_after_max_attempts(stubbed):
    db, stubber = stubbed
    for _ in range(3):
        stubber.add_client_error("execute_statement", "DatabaseResumingException", "resuming", 400)
    with pytest.raises(ClientError, match="DatabaseResumingException"):
        db.execute("SELECT 1")


def test_other_errors_are_raised_at_once(stubbed):
    db, stubber = stubbed
    stubber.add_client_error(
        "execute_statement", "BadRequestException", 'relation "nope" does not exist', 400
    )
    with pytest.raises(ClientError, match="does not exist"):
        db.execute("SELECT * FROM nope")


def test_transaction_commits_on_success_and_rolls_back_on_error(stubbed):
    db, stubber = stubbed
    begin = {**TARGET, "database": "app"}
    stubber.add_response("begin_transaction", {"transactionId": "tx1"}, begin)
    stubber.add_response(
        "execute_statement", {}, statement("UPDATE t SET a = 1", [], transactionId="tx1")
    )
    stubber.add_response(
        "commit_transaction", {"transactionStatus": "committed"}, {**TARGET, "transactionId": "tx1"}
    )
    with db.transaction():
        db.execute("UPDATE t SET a = 1")

    stubber.add_response("begin_transaction", {"transactionId": "tx2"}, begin)
    stubber.add_response(
        "rollback_transaction",
        {"transactionStatus": "rolled back"},
        {**TARGET, "transactionId": "tx2"},
    )
    with pytest.raises(ValueError, match="domain rule"), db.transaction():
        raise ValueError("domain rule broken")
    # After the transaction, statements run on their own again.
    stubber.add_response("execute_statement", {}, statement("SELECT 1", []))
    db.execute("SELECT 1")


def test_execute_many_sends_parameter_sets_in_batches(stubbed):
    db, stubber = stubbed
    sql = "INSERT INTO t (n) VALUES (:n)"
    rows = [{"n": i} for i in range(501)]
    for chunk in (rows[:500], rows[500:]):
        stubber.add_response(
            "batch_execute_statement",
            {"updateResults": []},
            {
                **TARGET,
                "database": "app",
                "sql": sql,
                "parameterSets": [[{"name": "n", "value": {"longValue": r["n"]}}] for r in chunk],
            },
        )
    assert db.execute_many(sql, rows) == 501


def test_an_unsupported_parameter_type_names_the_parameter(stubbed):
    db, _ = stubbed
    with pytest.raises(TypeError, match="parameter 'when': cannot send a set"):
        db.execute("SELECT :when", {"when": {1, 2}})


def test_on_aws_connect_talks_to_the_cluster_secret_and_database_of_the_settings(monkeypatch):
    """AURORA_CLUSTER_ARN, AURORA_SECRET_ARN, DATABASE_NAME and AWS_REGION (what Terraform
    sets on each function) reach every request connect()'s client sends."""
    clients = []
    real_client = boto3.client

    def client(service, region_name=None):
        clients.append((service, region_name))
        made = real_client(
            service, region_name=region_name, aws_access_key_id="t", aws_secret_access_key="t"
        )
        stubber = Stubber(made)
        stubber.add_response("execute_statement", {"records": []}, statement("SELECT 1", []))
        stubber.activate()
        return made

    monkeypatch.setattr("aws_agent_framework.database.data_api.boto3.client", client)
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    settings = Settings(aurora_cluster_arn=CLUSTER, aurora_secret_arn=SECRET, database_name="app")

    db = connect(settings)

    assert isinstance(db, DataApiDatabase)
    assert db.execute("SELECT 1") == []  # the stub answers only the expected request
    assert clients == [("rds-data", "eu-west-1")]
