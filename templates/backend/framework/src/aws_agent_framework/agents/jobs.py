"""The job lifecycle, pending → running → completed | failed, as conditional updates: a
transition happens only from the state it expects, so a redelivered SQS message or a
second invocation finds nothing to do instead of running the job again.

The `jobs` table has `status`, `started_at`, `completed_at`, `error_message` and one
`<agent>_payload` JSONB column per agent (see the app's migrations).
"""

from __future__ import annotations

import uuid
from typing import Any

from aws_agent_framework.database import Database, Row, quote_identifier


class JobStore:
    """Reads and moves jobs; every write names the state it moves from."""

    def __init__(self, db: Database, table: str = "jobs") -> None:
        self.db = db
        self._table = quote_identifier(table)

    def get(self, job_id: uuid.UUID) -> Row | None:
        rows = self.db.execute(f"SELECT * FROM {self._table} WHERE id = :id", {"id": job_id})
        return rows[0] if rows else None

    def claim(self, job_id: uuid.UUID) -> Row | None:
        """pending → running; the job's row, or None if it was not pending."""
        rows = self.db.execute(
            f"UPDATE {self._table} SET status = 'running', started_at = now() "
            "WHERE id = :id AND status = 'pending' RETURNING *",
            {"id": job_id},
        )
        return rows[0] if rows else None

    def save_result(self, job_id: uuid.UUID, agent: str, payload: Any) -> bool:
        """Stores an agent's result while the job runs; False if it is no longer running."""
        column = quote_identifier(f"{agent}_payload")
        rows = self.db.execute(
            f"UPDATE {self._table} SET {column} = :payload "
            "WHERE id = :id AND status = 'running' RETURNING id",
            {"id": job_id, "payload": payload},
        )
        return bool(rows)

    def complete(self, job_id: uuid.UUID, agent: str, payload: Any) -> bool:
        """running → completed, storing the orchestrator's own result."""
        column = quote_identifier(f"{agent}_payload")
        rows = self.db.execute(
            f"UPDATE {self._table} SET status = 'completed', completed_at = now(), "
            f"{column} = :payload WHERE id = :id AND status = 'running' RETURNING id",
            {"id": job_id, "payload": payload},
        )
        return bool(rows)

    def fail(self, job_id: uuid.UUID, message: str) -> bool:
        """pending | running → failed, with a message that is safe to show the user."""
        rows = self.db.execute(
            f"UPDATE {self._table} SET status = 'failed', completed_at = now(), "
            "error_message = :message "
            "WHERE id = :id AND status IN ('pending', 'running') RETURNING id",
            {"id": job_id, "message": message},
        )
        return bool(rows)
