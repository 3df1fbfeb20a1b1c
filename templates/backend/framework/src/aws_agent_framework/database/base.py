"""The one interface both database clients implement, so models, migrations and jobs
run unchanged on Aurora (Data API) and on local Postgres (psycopg).

SQL uses `:name` placeholders; values are always bound, never formatted into the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

Row = dict[str, Any]


class Database(Protocol):
    """SQL with `:name` parameters; rows come back as dicts of Python values."""

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Runs one statement and returns its rows (empty for statements without rows)."""
        ...

    def execute_many(self, sql: str, param_sets: Sequence[Mapping[str, Any]]) -> int:
        """Runs one statement for every parameter set; returns how many sets ran."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """Statements inside run in one transaction, rolled back if the block raises."""
        ...
