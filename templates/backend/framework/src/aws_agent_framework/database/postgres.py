"""Direct Postgres through psycopg 3, for local mode and tests.

Takes the same `:name` SQL as the Data API client and returns the same Python values
(UUID, Decimal, aware datetimes, JSON decoded only from json/jsonb columns), so code
written against one runs on the other. Each thread gets its own connection, so the
in-process agents that run concurrently do not share a transaction.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from aws_agent_framework.database.base import Row

# Quoted strings, quoted identifiers, dollar-quoted bodies and comments are copied as
# they are; `::` casts are not parameters; a `:name` outside them is.
_TOKENS = re.compile(
    r"""
    (?P<skip>'(?:[^']|'')*'|"(?:[^"]|"")*"|(?P<tag>\$[A-Za-z_]*\$).*?(?P=tag)|--[^\n]*|/\*.*?\*/|::)
    | :(?P<param>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<percent>%)
    """,
    re.VERBOSE | re.DOTALL,
)


def to_pyformat(sql: str) -> str:
    """`:name` placeholders as psycopg's `%(name)s` (and a literal `%` as `%%`).

    >>> to_pyformat("SELECT * FROM jobs WHERE id = :id AND note LIKE '%:x' AND n::int > 0 -- 5%")
    "SELECT * FROM jobs WHERE id = %(id)s AND note LIKE '%%:x' AND n::int > 0 -- 5%%"
    """

    def replace(match: re.Match[str]) -> str:
        if match.group("param"):
            return f"%({match.group('param')})s"
        # psycopg reads every `%` as a placeholder, even in literals and comments.
        return match.group(0).replace("%", "%%")

    return _TOKENS.sub(replace, sql)


class PostgresDatabase:
    """SQL against Postgres at `url`, e.g. ``PostgresDatabase("postgresql://localhost/app")``."""

    def __init__(self, url: str) -> None:
        # Imported here: psycopg is a local-mode dependency, absent from the Lambda zips.
        import psycopg
        from psycopg.rows import dict_row
        from psycopg.types.json import Jsonb

        self.url = url
        self._psycopg = psycopg
        self._row_factory = dict_row
        self._jsonb = Jsonb
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        with self._connection().cursor() as cursor:
            cursor.execute(to_pyformat(sql), self._adapt(params or {}))
            return list(cursor.fetchall()) if cursor.description else []

    def execute_many(self, sql: str, param_sets: Sequence[Mapping[str, Any]]) -> int:
        if not param_sets:
            return 0
        with self._connection().cursor() as cursor:
            cursor.executemany(to_pyformat(sql), [self._adapt(p) for p in param_sets])
        return len(param_sets)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._connection().transaction():
            yield

    def close(self) -> None:
        """Closes every connection this client opened (in any thread)."""
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            connection = self._psycopg.connect(
                self.url, autocommit=True, row_factory=self._row_factory
            )
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def _adapt(self, params: Mapping[str, Any]) -> dict[str, Any]:
        # dict and list go in as jsonb, as the Data API client sends them with a JSON hint.
        return {
            name: self._jsonb(value) if isinstance(value, dict | list) else value
            for name, value in params.items()
        }
