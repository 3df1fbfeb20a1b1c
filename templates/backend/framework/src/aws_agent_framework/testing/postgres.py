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


def database_on(url: str, database: str) -> str:
    """`url` with its database replaced by `database`."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@contextmanager
def postgres_server() -> Iterator[str]:
    """A URL of a Postgres server's maintenance database, for creating test databases."""
    if os.environ.get("DATABASE_URL"):
        yield database_on(os.environ["DATABASE_URL"], "postgres")
        return
    with tempfile.TemporaryDirectory(prefix="pg-") as folder:
        url = start_embedded_postgres(folder, "postgres")
        try:
            yield url
        finally:
            _stop_embedded(folder)


@contextmanager
def throwaway_database(server_url: str, template: str | None = None) -> Iterator[str]:
    """Creates a database on the server (empty, or a copy of `template`), yields its
    URL, drops it afterwards."""
    import psycopg
    from psycopg import sql

    name = f"test_{uuid.uuid4().hex[:12]}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(create)
    try:
        yield database_on(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _stop_embedded(folder: str) -> None:
    import pgserver

    pgserver.get_server(folder).cleanup()
