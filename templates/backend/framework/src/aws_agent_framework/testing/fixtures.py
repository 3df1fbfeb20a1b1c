"""pytest fixtures for apps built on the framework, loaded as a pytest plugin wherever
the framework is installed. Override `migrations_dir` in a conftest.py to point at the
app's migrations.

- `postgres_server_url`: one Postgres per test session (DATABASE_URL's or embedded).
- `database_url`: a fresh database for one test, dropped afterwards.
- `db`: a client on that database, once per client kind (psycopg and the Data API
  client over the emulator), so a test using it proves both behave the same.
- `migrated_db`: `db` with the app's migrations applied.
- `aws`: moto's mocked AWS with fake credentials, so no test can reach real AWS.
- `lambda_context`: a Lambda context with a 15-minute budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aws_agent_framework.database import DataApiDatabase, Database, migrate
from aws_agent_framework.database.postgres import PostgresDatabase
from aws_agent_framework.events import LambdaContext
from aws_agent_framework.testing.data_api_emulator import DataApiEmulator
from aws_agent_framework.testing.postgres import postgres_server, throwaway_database

CLUSTER_ARN = "arn:aws:rds:us-east-1:000000000000:cluster:test"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:test"


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def database_url(postgres_server_url: str) -> Iterator[str]:
    with throwaway_database(postgres_server_url) as url:
        yield url


def open_client(kind: str, url: str) -> tuple[Database, object]:
    """A database client of `kind` ("postgres" or "data_api") on `url`, and its closer."""
    if kind == "postgres":
        client = PostgresDatabase(url)
        return client, client
    emulator = DataApiEmulator(url)
    return DataApiDatabase(CLUSTER_ARN, SECRET_ARN, "test", client=emulator), emulator


@pytest.fixture(params=["postgres", "data_api"])
def db(request: pytest.FixtureRequest, database_url: str) -> Iterator[Database]:
    client, closer = open_client(request.param, database_url)
    yield client
    closer.close()  # type: ignore[attr-defined]


@pytest.fixture
def migrations_dir() -> Path:
    raise RuntimeError(
        "migrated_db needs the app's migrations: define a `migrations_dir` fixture in "
        "conftest.py that returns the folder of *.sql files"
    )


@pytest.fixture
def migrated_db(db: Database, migrations_dir: Path) -> Database:
    migrate(db, migrations_dir)
    return db


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from moto import mock_aws

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext()


def pytest_configure(config: pytest.Config) -> None:
    """No test exports traces: the Agents SDK would otherwise try to reach OpenAI."""
    from agents import set_tracing_disabled

    set_tracing_disabled(True)
