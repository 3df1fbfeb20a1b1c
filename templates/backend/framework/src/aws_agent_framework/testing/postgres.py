"""Throwaway Postgres databases for tests: one server per test session (DATABASE_URL's
server, or an embedded one in a temporary folder), a fresh database per test."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from aws_agent_framework.database.embedded import start_embedded_postgres


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@contextmanager
def postgres_server() -> Iterator[str]:
    """A URL of a Postgres server's maintenance database, for creating test databases."""
    if os.environ.get("DATABASE_URL"):
        yield _with_database(os.environ["DATABASE_URL"], "postgres")
        return
    with tempfile.TemporaryDirectory(prefix="pg-") as folder:
        url = start_embedded_postgres(folder, "postgres")
        try:
            yield url
        finally:
            _stop_embedded(folder)


@contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    """Creates an empty database on the server, yields its URL, drops it afterwards."""
    import psycopg
    from psycopg import sql

    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _stop_embedded(folder: str) -> None:
    import pgserver

    pgserver.get_server(folder).cleanup()
