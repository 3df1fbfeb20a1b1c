"""Schemathesis fuzzes every operation of the API's OpenAPI schema in-process (ASGI, no
server, no network), signed in with a local token and signed out, with data that fits
the schema and data that does not: no answer may be a server error, every status must
be one the operation documents, and every body must match its documented schema."""

from collections import Counter

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from api.main import create_app
from aws_agent_framework.database import migrate
from aws_agent_framework.database.postgres import PostgresDatabase
from aws_agent_framework.settings import Settings
from aws_agent_framework.testing import RecordingQueue
from database.models import MIGRATIONS
from database.schemas import JobRequest

# Per operation and generation mode: enough to reach every validation branch, and the
# whole file stays well under a minute.
MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def app(database_url):
    # One client kind is enough here: test_jobs_api.py runs the routes on both.
    db = PostgresDatabase(database_url)
    migrate(db, MIGRATIONS)
    yield create_app(Settings(auth_provider="local"), db=db, queue=RecordingQueue())
    db.close()


def fuzz(app, headers):
    """Runs every operation; returns the statuses seen per operation."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    seen: dict[str, Counter] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        statuses = seen.setdefault(operation.label, Counter())
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                derandomize=True,  # the same examples on every run
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                response = case.call_and_validate(headers=headers, checks=CHECKS)
                statuses[response.status_code] += 1  # noqa: B023 - used within the loop

            try:
                run()
            except Unsatisfiable:
                # An operation with no inputs (GET /health) has no invalid input.
                assert mode is GenerationMode.NEGATIVE, operation.label
    return seen


def test_fuzzing_finds_no_server_error_or_undocumented_status(app):
    client = TestClient(app)
    token = client.post("/auth/local/token", params={"user_id": "fuzzer"}).json()["token"]
    client.post("/jobs", json=JobRequest.EXAMPLE, headers={"Authorization": f"Bearer {token}"})
    signed_in = fuzz(app, {"Authorization": f"Bearer {token}"})
    signed_out = fuzz(app, {})
    for label, statuses in signed_in.items():
        print(f"signed in  {label}: {dict(statuses)}")
        assert sum(statuses.values()) > 0, label
    for label, statuses in signed_out.items():
        print(f"signed out {label}: {dict(statuses)}")
        assert not any(status >= 500 for status in statuses), label
    # Signed out, only health and the local sign-in answer anything but 401 or 422 (or
    # 400 for a body that is not UTF-8, which FastAPI refuses before authentication).
    assert set(signed_out["GET /jobs"]) <= {401, 422}
    assert set(signed_out["POST /jobs"]) <= {400, 401, 422}
    # Signed in, the fuzzer gets through to the routes.
    assert 201 in signed_in["POST /jobs"]
    assert 200 in signed_in["GET /jobs"]
