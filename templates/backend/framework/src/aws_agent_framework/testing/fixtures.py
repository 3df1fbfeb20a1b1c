"""pytest fixtures for apps built on the framework, loaded as a pytest plugin wherever
the framework is installed. Override `migrations_dir` in a conftest.py to point at the
app's migrations.

- `postgres_server_url`: one Postgres per test session (DATABASE_URL's or embedded).
- `database_url`: a fresh database for one test, dropped afterwards.
- `db`: a client on that database, once per client kind (psycopg and the Data API
  client over the emulator), so a test using it proves both behave the same.
- `migrated_db`: like `db`, with the app's migrations applied: a copy of a database
  migrated once per test session (Postgres copies a template faster than it runs the
  migrations again; the migrations' own tests use `db` and `migrate`).
- `aws`: moto's mocked AWS with fake credentials, so no test can reach real AWS.
- `lambda_context`: a Lambda context with a 15-minute budget.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from aws_agent_framework.database import DataApiDatabase, Database, migrate
from aws_agent_framework.database.postgres import PostgresDatabase
from aws_agent_framework.events import LambdaContext
from aws_agent_framework.testing.data_api_emulator import DataApiEmulator
from aws_agent_framework.testing.postgres import database_on, postgres_server, throwaway_database

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


@contextmanager
def client_on(kind: str, url: str) -> Iterator[Database]:
    """open_client() for the length of a `with` block."""
    client, closer = open_client(kind, url)
    try:
        yield client
    finally:
        closer.close()  # type: ignore[attr-defined]


@pytest.fixture(params=["postgres", "data_api"])
def db(request: pytest.FixtureRequest, database_url: str) -> Iterator[Database]:
    with client_on(request.param, database_url) as client:
        yield client


@pytest.fixture
def migrations_dir() -> Path:
    raise RuntimeError(
        "migrated_db needs the app's migrations: define a `migrations_dir` fixture in "
        "conftest.py that returns the folder of *.sql files"
    )


@pytest.fixture(scope="session")
def migrated_templates(postgres_server_url: str) -> Iterator[dict[str, str]]:
    """Template databases this session made, by the migrations folder they ran;
    dropped at the end (a DATABASE_URL server keeps running)."""
    import psycopg
    from psycopg import sql

    templates: dict[str, str] = {}
    yield templates
    with psycopg.connect(postgres_server_url, autocommit=True) as admin:
        for name in templates.values():
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def migrated_template(server_url: str, migrations_dir: Path, templates: dict[str, str]) -> str:
    """The name of a database with every migration in `migrations_dir` applied, made on
    the folder's first use in the session (named by a digest of the migrations)."""
    import psycopg
    from psycopg import sql

    folder = str(migrations_dir.resolve())
    if folder not in templates:
        digest = hashlib.sha256()
        for path in sorted(p for p in migrations_dir.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(migrations_dir)}\0".encode() + path.read_bytes())
        name = f"migrated_{digest.hexdigest()[:16]}"
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        database = PostgresDatabase(database_on(server_url, name))
        try:
            migrate(database, migrations_dir)
        finally:
            database.close()  # a template may have no connections when it is copied
        templates[folder] = name
    return templates[folder]


@pytest.fixture(params=["postgres", "data_api"])
def migrated_db(
    request: pytest.FixtureRequest,
    postgres_server_url: str,
    migrations_dir: Path,
    migrated_templates: dict[str, str],
) -> Iterator[Database]:
    template = migrated_template(postgres_server_url, migrations_dir, migrated_templates)
    with (
        throwaway_database(postgres_server_url, template=template) as url,
        client_on(request.param, url) as client,
    ):
        yield client


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
