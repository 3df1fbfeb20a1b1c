"""A generic table model: find, create, update, delete and list with paging, over either
database client. Column names come only from the row schema (a pydantic model) and are
quoted; values are always bound parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from aws_agent_framework.database.base import Database
from aws_agent_framework.database.identifiers import quote_identifier

RowT = TypeVar("RowT", bound=BaseModel)

MAX_PAGE_SIZE = 500


class Table(Generic[RowT]):
    """Subclass with the table's name, key column and row schema, e.g.::

    class Jobs(Table[Job]):
        name = "jobs"
        row = Job

    Jobs(db).list(where={"user_id": "u1"}, limit=20)
    """

    name: ClassVar[str]
    row: type[RowT]
    key: ClassVar[str] = "id"
    default_order: ClassVar[str] = "created_at"

    def __init__(self, db: Database) -> None:
        self.db = db
        self._table = quote_identifier(self.name)

    def find(self, key: Any) -> RowT | None:
        rows = self.db.execute(
            f"SELECT * FROM {self._table} WHERE {self.column(self.key)} = :key", {"key": key}
        )
        return self.row.model_validate(rows[0]) if rows else None

    def create(self, values: Mapping[str, Any]) -> RowT:
        """Inserts one row from `values` (column → value) and returns it as stored."""
        if not values:
            raise ValueError(f"create() on {self.name}: give at least one column value")
        columns = list(values)
        names = ", ".join(self.column(c) for c in columns)
        placeholders = ", ".join(f":v{i}" for i in range(len(columns)))
        rows = self.db.execute(
            f"INSERT INTO {self._table} ({names}) VALUES ({placeholders}) RETURNING *",
            {f"v{i}": values[c] for i, c in enumerate(columns)},
        )
        return self.row.model_validate(rows[0])

    def update(self, key: Any, changes: Mapping[str, Any]) -> RowT | None:
        """Sets `changes` on the row with this key; returns it, or None if there is none."""
        if not changes:
            return self.find(key)
        columns = list(changes)
        assignments = ", ".join(f"{self.column(c)} = :v{i}" for i, c in enumerate(columns))
        rows = self.db.execute(
            f"UPDATE {self._table} SET {assignments} "
            f"WHERE {self.column(self.key)} = :key RETURNING *",
            {"key": key, **{f"v{i}": changes[c] for i, c in enumerate(columns)}},
        )
        return self.row.model_validate(rows[0]) if rows else None

    def delete(self, key: Any) -> bool:
        rows = self.db.execute(
            f"DELETE FROM {self._table} WHERE {self.column(self.key)} = :key "
            f"RETURNING {self.column(self.key)}",
            {"key": key},
        )
        return bool(rows)

    def list(
        self,
        *,
        where: Mapping[str, Any] | None = None,
        order_by: str | None = None,
        descending: bool = True,
        limit: int = 50,
        offset: int = 0,
    ) -> list[RowT]:
        """One page of rows whose columns equal `where`, newest first by default."""
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE_SIZE}, not {limit}")
        if offset < 0:
            raise ValueError(f"offset must be 0 or more, not {offset}")
        filters = list((where or {}).items())
        clause = " AND ".join(f"{self.column(c)} = :w{i}" for i, (c, _) in enumerate(filters))
        order = self.column(order_by or self.default_order)
        rows = self.db.execute(
            f"SELECT * FROM {self._table}{' WHERE ' + clause if clause else ''} "
            f"ORDER BY {order} {'DESC' if descending else 'ASC'}, {self.column(self.key)} "
            "LIMIT :limit OFFSET :offset",
            {**{f"w{i}": v for i, (_, v) in enumerate(filters)}, "limit": limit, "offset": offset},
        )
        return [self.row.model_validate(row) for row in rows]

    def column(self, column: str) -> str:
        """`column` quoted, if it is a field of the row schema; ValueError if not."""
        if column not in self.row.model_fields:
            known = ", ".join(self.row.model_fields)
            raise ValueError(f"{self.name} has no column {column!r}; its columns are: {known}")
        return quote_identifier(column)
