"""Migrations on AWS without database access for people: the migrate Lambda applies the
SQL files bundled in its zip through the Data API (here the emulator over a real
Postgres), and `aws-agent-framework migrate --function` invokes it and reports."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from aws_agent_framework import cli
from aws_agent_framework.database.migrate_handler import MigrateHandler, MigrationFailedError
from aws_agent_framework.testing import offline_client
from aws_agent_framework.testing.fixtures import open_client

MIGRATIONS = Path(__file__).parent / "migrations"


@pytest.fixture
def data_api(database_url):
    db, emulator = open_client("data_api", database_url)
    yield db
    emulator.close()


def test_the_function_applies_the_bundled_migrations_through_the_data_api(data_api):
    migrate = MigrateHandler(MIGRATIONS, db=data_api)

    first = migrate({}, None)
    assert first == {"applied": ["001_notes", "002_tags"], "already_applied": 0, "migrations": 2}
    rows = data_api.execute(
        "INSERT INTO notes (owner) VALUES (:owner) RETURNING tags, body", {"owner": "u"}
    )
    assert rows == [{"tags": [], "body": ""}]

    again = migrate({}, None)
    assert again == {"applied": [], "already_applied": 2, "migrations": 2}


def test_a_failing_migration_is_rolled_back_and_named(data_api, tmp_path):
    (tmp_path / "001_ok.sql").write_text("CREATE TABLE ok (id INT);\n")
    (tmp_path / "002_broken.sql").write_text(
        "CREATE TABLE half (id INT);\nALTER TABLE missing ADD COLUMN x INT;\n"
    )
    migrate = MigrateHandler(tmp_path, db=data_api)

    with pytest.raises(MigrationFailedError, match=r"migration 002_broken failed .*001_ok"):
        migrate({}, None)
    recorded = data_api.execute("SELECT version FROM schema_migrations ORDER BY version")
    assert [row["version"] for row in recorded] == ["001_ok"]
    # The failed file's first statement was rolled back with it.
    assert data_api.execute("SELECT to_regclass('half') AS t") == [{"t": None}]

    (tmp_path / "002_broken.sql").write_text("CREATE TABLE half (id INT);\n")
    assert migrate({}, None)["applied"] == ["002_broken"]


def test_no_migrations_in_the_zip_is_an_error(data_api, tmp_path):
    with pytest.raises(MigrationFailedError, match="no migrations found"):
        MigrateHandler(tmp_path / "absent", db=data_api)({}, None)


# --- aws-agent-framework migrate --function ------------------------------------------


def payload(body):
    raw = json.dumps(body).encode()
    return StreamingBody(io.BytesIO(raw), len(raw))


def invoke_params(function="app-migrate"):
    return {"FunctionName": function, "InvocationType": "RequestResponse", "Payload": b"{}"}


def test_the_command_prints_what_the_function_applied(monkeypatch, capsys):
    client = offline_client("lambda")
    answer = {"applied": ["001_schema"], "already_applied": 0, "migrations": 1}
    with Stubber(client) as stub:
        stub.add_response(
            "invoke", {"StatusCode": 200, "Payload": payload(answer)}, invoke_params()
        )
        monkeypatch.setattr(cli, "_lambda_client", lambda function, region: client)
        assert cli.main(["migrate", "--function", "app-migrate"]) == 0
        stub.assert_no_pending_responses()
    out = capsys.readouterr().out
    assert "app-migrate: applied 1 migration(s): 001_schema (0 already applied)" in out


def test_a_failed_migration_fails_the_command_with_the_functions_message(monkeypatch, capsys):
    client = offline_client("lambda")
    error = {
        "errorMessage": "migration 002_x failed and was rolled back (applied before it: none)",
        "errorType": "MigrationFailedError",
    }
    response = {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": payload(error)}
    with Stubber(client) as stub:
        stub.add_response("invoke", response, invoke_params())
        monkeypatch.setattr(cli, "_lambda_client", lambda function, region: client)
        assert cli.main(["migrate", "--function", "app-migrate"]) == 1
    err = capsys.readouterr().err
    assert "app-migrate failed (Unhandled: MigrationFailedError): migration 002_x failed" in err


def test_access_denied_right_after_a_deploy_is_retried_while_iam_spreads():
    client = offline_client("lambda")
    denied = {
        "errorMessage": "An error occurred (AccessDeniedException) when calling the "
        "ExecuteStatement operation: ... is not authorized to perform: rds-data:ExecuteStatement",
        "errorType": "ClientError",
    }
    answer = {"applied": [], "already_applied": 1, "migrations": 1}
    waits = []
    with Stubber(client) as stub:
        stub.add_response(
            "invoke",
            {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": payload(denied)},
            invoke_params(),
        )
        stub.add_response(
            "invoke", {"StatusCode": 200, "Payload": payload(answer)}, invoke_params()
        )
        assert cli.invoke_migrate("app-migrate", client=client, sleep=waits.append) == answer
    assert waits == [cli.PERMISSION_WAITS[0]]


def test_the_region_comes_from_a_function_arn():
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:app-migrate"
    assert cli._lambda_client(arn, None).meta.region_name == "eu-west-1"
    assert cli._lambda_client(arn, "us-east-2").meta.region_name == "us-east-2"


class FakeLambda(BaseHTTPRequestHandler):
    """Lambda's Invoke REST API, enough for one function (the rehearsal's emulator role)."""

    answers: ClassVar[list] = []
    paths: ClassVar[list] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.paths.append(self.path)
        status, body, error = self.answers.pop(0)
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(raw)))
        if error:
            self.send_header("X-Amz-Function-Error", error)
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


def test_the_command_honours_aws_endpoint_url(monkeypatch, capsys):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLambda)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for name, value in {
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{server.server_port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    FakeLambda.answers = [
        (200, {"applied": ["001_schema"], "already_applied": 0, "migrations": 1}, None),
        (200, {"errorMessage": "boom", "errorType": "RuntimeError"}, "Unhandled"),
    ]
    FakeLambda.paths = []
    try:
        assert cli.main(["migrate", "--function", "app-migrate"]) == 0
        assert cli.main(["migrate", "--function", "app-migrate"]) == 1
    finally:
        server.shutdown()
        server.server_close()
    assert FakeLambda.paths == ["/2015-03-31/functions/app-migrate/invocations"] * 2
    captured = capsys.readouterr()
    assert "applied 1 migration(s): 001_schema" in captured.out
    assert "app-migrate failed (Unhandled: RuntimeError): boom" in captured.err


def test_an_answer_that_is_not_a_migrate_report_fails_the_command(monkeypatch, capsys):
    client = offline_client("lambda")
    with Stubber(client) as stub:
        stub.add_response(
            "invoke", {"StatusCode": 200, "Payload": payload("Simple Lambda happy path OK")}
        )
        monkeypatch.setattr(cli, "_lambda_client", lambda function, region: client)
        assert cli.main(["migrate", "--function", "app-orchestrator"]) == 1
    assert "not the migrations it applied" in capsys.readouterr().err
