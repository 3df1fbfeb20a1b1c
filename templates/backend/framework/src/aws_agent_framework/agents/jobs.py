"""The job lifecycle, pending → running → completed | failed, as conditional updates: a
transition happens only from the state it expects, so a redelivered SQS message or a
second invocation finds nothing to do instead of running the job again.

A run holds a lease: claiming a job sets `lease_until` to the run's Lambda deadline
(plus a little grace), after which the run cannot be alive any more. A job still
`running` past its lease was abandoned (out of memory, timeout, crash): the next
delivery of its message reclaims it, up to `max_attempts` runs in all, and then fails it
with a message saying so. A job inside its lease belongs to a live run, and another
delivery is a duplicate.

The `jobs` table has `status`, `attempts`, `lease_until`, `started_at`, `completed_at`,
`error_message` and one `<agent>_payload` JSONB column per agent (see the app's
migrations).
"""

from __future__ import annotations

import uuid
from typing import Any

from aws_agent_framework.database import Database, Row, quote_identifier

# Runs of one job: the first, and one retry after a run that crashed or was killed.
MAX_ATTEMPTS = 2


def abandoned_message(attempts: int) -> str:
    """The stored error of a job whose runs kept dying."""
    return (
        "The previous attempt did not finish (timed out or crashed); "
        f"gave up after {attempts} attempts."
    )


class JobStore:
    """Reads and moves jobs; every write names the state it moves from."""

    def __init__(self, db: Database, table: str = "jobs") -> None:
        self.db = db
        self._table = quote_identifier(table)

    def get(self, job_id: uuid.UUID) -> Row | None:
        rows = self.db.execute(f"SELECT * FROM {self._table} WHERE id = :id", {"id": job_id})
        return rows[0] if rows else None

    def claim(
        self, job_id: uuid.UUID, lease_seconds: float = 900.0, max_attempts: int = MAX_ATTEMPTS
    ) -> Row | None:
        """pending → running, or running past its lease → running again (a retry of an
        abandoned run) while it has attempts left; the job's row, or None if it cannot
        be claimed. The run may last `lease_seconds`."""
        rows = self.db.execute(
            f"UPDATE {self._table} SET status = 'running', started_at = now(), "
            "attempts = attempts + 1, "
            "lease_until = now() + make_interval(secs => :lease) "
            "WHERE id = :id AND (status = 'pending' OR (status = 'running' "
            "AND lease_until < now() AND attempts < :max_attempts)) RETURNING *",
            {"id": job_id, "lease": float(lease_seconds), "max_attempts": max_attempts},
        )
        return rows[0] if rows else None

    def fail_abandoned(self, job_id: uuid.UUID, max_attempts: int = MAX_ATTEMPTS) -> bool:
        """running past its lease with no attempts left → failed; False otherwise."""
        rows = self.db.execute(
            f"UPDATE {self._table} SET status = 'failed', completed_at = now(), "
            "lease_until = NULL, error_message = :message "
            "WHERE id = :id AND status = 'running' AND lease_until < now() "
            "AND attempts >= :max_attempts RETURNING id",
            {
                "id": job_id,
                "max_attempts": max_attempts,
                "message": abandoned_message(max_attempts),
            },
        )
        return bool(rows)

    def abandoned(self, older_than_seconds: float = 0.0, limit: int = 100) -> list[Row]:
        """Running jobs whose lease ran out more than `older_than_seconds` ago."""
        return self.db.execute(
            f"SELECT id, attempts, lease_until FROM {self._table} "
            "WHERE status = 'running' "
            "AND lease_until < now() - make_interval(secs => :older_than) "
            "ORDER BY lease_until LIMIT :limit",
            {"older_than": float(older_than_seconds), "limit": limit},
        )

    def save_result(self, job_id: uuid.UUID, agent: str, payload: Any) -> bool:
        """Stores an agent's result while the job runs; False if it is no longer running."""
        column = quote_identifier(f"{agent}_payload")
        rows = self.db.execute(
            f"UPDATE {self._table} SET {column} = :payload "
            "WHERE id = :id AND status = 'running' RETURNING id",
            {"id": job_id, "payload": payload},
        )
        return bool(rows)

    def complete(
        self, job_id: uuid.UUID, agent: str, payload: Any, attempt: int | None = None
    ) -> bool:
        """running → completed, storing the orchestrator's own result; with `attempt`,
        only if that run still holds the job."""
        column = quote_identifier(f"{agent}_payload")
        rows = self.db.execute(
            f"UPDATE {self._table} SET status = 'completed', completed_at = now(), "
            f"lease_until = NULL, {column} = :payload "
            f"WHERE id = :id AND status = 'running'{_attempt_is(attempt)} RETURNING id",
            {"id": job_id, "payload": payload, **_attempt(attempt)},
        )
        return bool(rows)

    def fail(self, job_id: uuid.UUID, message: str, attempt: int | None = None) -> bool:
        """pending | running → failed, with a message that is safe to show the user; with
        `attempt`, only if that run still holds the job."""
        rows = self.db.execute(
            f"UPDATE {self._table} SET status = 'failed', completed_at = now(), "
            "lease_until = NULL, error_message = :message "
            "WHERE id = :id AND status IN ('pending', 'running')"
            f"{_attempt_is(attempt)} RETURNING id",
            {"id": job_id, "message": message, **_attempt(attempt)},
        )
        return bool(rows)


def _attempt_is(attempt: int | None) -> str:
    return "" if attempt is None else " AND attempts = :attempt"


def _attempt(attempt: int | None) -> dict[str, Any]:
    return {} if attempt is None else {"attempt": attempt}
