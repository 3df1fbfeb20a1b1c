"""The job lifecycle, pending → running → completed | failed, as conditional updates: a
transition happens only from the state it expects, so a redelivered SQS message or a
second invocation finds nothing to do instead of running the job again.

A run holds a lease: claiming a job sets `lease_until` to the run's Lambda deadline
(plus a little grace), after which the run cannot be alive any more. A job still
`running` past its lease was abandoned (out of memory, timeout, crash): the next
delivery of its message reclaims it, up to `max_attempts` runs in all, and then fails it
with a message saying so. A job inside its lease belongs to a live run, and another
delivery is a duplicate.

Each agent's part of a job is a row of `job_results` (job_id, agent): the agent starts
it (running), then saves its result (completed, with the payload) or its failure (failed,
with a safe error). An agent writes only its own row, and only while the job is running,
so a result that arrives after the job finished (a late worker, a replaced run) is not
stored. The orchestrator's completion stores its own result and completes the job in one
statement.

The `jobs` table has `status`, `attempts`, `lease_until`, `started_at`, `completed_at`
and `error_message`; `job_results` has `status`, `payload`, `started_at`, `finished_at`
and `error` (see the app's migrations).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
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

    def __init__(
        self, db: Database, table: str = "jobs", results_table: str = "job_results"
    ) -> None:
        self.db = db
        self._table = quote_identifier(table)
        self._results = quote_identifier(results_table)

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

    def fail_abandoned(
        self, job_id: uuid.UUID, max_attempts: int = MAX_ATTEMPTS, agent: str | None = None
    ) -> bool:
        """running past its lease with no attempts left → failed, and with `agent` (the
        orchestrator) its row too; False otherwise."""
        return self._finish_failed(
            "WHERE id = :id AND status = 'running' AND lease_until < now() "
            "AND attempts >= :max_attempts",
            {"id": job_id, "max_attempts": max_attempts},
            abandoned_message(max_attempts),
            agent,
        )

    def abandoned(self, older_than_seconds: float = 0.0, limit: int = 100) -> list[Row]:
        """Running jobs whose lease ran out more than `older_than_seconds` ago."""
        return self.db.execute(
            f"SELECT id, attempts, lease_until FROM {self._table} "
            "WHERE status = 'running' "
            "AND lease_until < now() - make_interval(secs => :older_than) "
            "ORDER BY lease_until LIMIT :limit",
            {"older_than": float(older_than_seconds), "limit": limit},
        )

    def start_agent(self, job_id: uuid.UUID, agent: str) -> bool:
        """`agent`'s row → running (a new run starts over: no payload, no error), while
        the job runs; False if the job is not running."""
        rows = self.db.execute(
            f"INSERT INTO {self._results} AS r (job_id, agent, status, started_at) "
            f"SELECT id, :agent, 'running', now() FROM {self._table} "
            "WHERE id = :id AND status = 'running' "
            "ON CONFLICT (job_id, agent) DO UPDATE SET status = 'running', payload = NULL, "
            "started_at = EXCLUDED.started_at, finished_at = NULL, error = NULL "
            "RETURNING r.job_id",
            {"id": job_id, "agent": agent},
        )
        return bool(rows)

    def save_result(self, job_id: uuid.UUID, agent: str, payload: Any) -> bool:
        """`agent`'s row running (or not started) → completed with its result, while the
        job runs; False if the job is no longer running or the row was already finished
        (a duplicate)."""
        rows = self.db.execute(
            f"INSERT INTO {self._results} AS r (job_id, agent, status, payload, finished_at) "
            f"SELECT id, :agent, 'completed', CAST(:payload AS jsonb), now() FROM {self._table} "
            "WHERE id = :id AND status = 'running' "
            f"{_FINISH_ROW} RETURNING r.job_id",
            {"id": job_id, "agent": agent, "payload": payload},
        )
        return bool(rows)

    def fail_agent(self, job_id: uuid.UUID, agent: str, error: str) -> bool:
        """`agent`'s row running (or not started) → failed with `error` (safe to show the
        user), while the job runs; False otherwise. The job itself is failed by whoever
        runs it (`fail`)."""
        rows = self.db.execute(
            f"INSERT INTO {self._results} AS r (job_id, agent, status, error, finished_at) "
            f"SELECT id, :agent, 'failed', :error, now() FROM {self._table} "
            "WHERE id = :id AND status = 'running' "
            f"{_FINISH_ROW} RETURNING r.job_id",
            {"id": job_id, "agent": agent, "error": error},
        )
        return bool(rows)

    def complete(
        self, job_id: uuid.UUID, agent: str, payload: Any, attempt: int | None = None
    ) -> bool:
        """running → completed, storing the orchestrator's (`agent`'s) own result in the
        same statement; with `attempt`, only if that run still holds the job."""
        rows = self.db.execute(
            f"WITH job AS (UPDATE {self._table} SET status = 'completed', "
            "completed_at = now(), lease_until = NULL "
            f"WHERE id = :id AND status = 'running'{_attempt_is(attempt)} "
            "RETURNING id, completed_at) "
            f"INSERT INTO {self._results} AS r (job_id, agent, status, payload, finished_at) "
            "SELECT id, :agent, 'completed', CAST(:payload AS jsonb), completed_at FROM job "
            "ON CONFLICT (job_id, agent) DO UPDATE SET status = 'completed', "
            "payload = EXCLUDED.payload, finished_at = EXCLUDED.finished_at, error = NULL "
            "RETURNING r.job_id",
            {"id": job_id, "agent": agent, "payload": payload, **_attempt(attempt)},
        )
        return bool(rows)

    def fail(
        self,
        job_id: uuid.UUID,
        message: str,
        attempt: int | None = None,
        agent: str | None = None,
    ) -> bool:
        """pending | running → failed, with a message that is safe to show the user; with
        `attempt`, only if that run still holds the job; with `agent` (the one running
        the job), its row fails too, in the same statement."""
        return self._finish_failed(
            f"WHERE id = :id AND status IN ('pending', 'running'){_attempt_is(attempt)}",
            {"id": job_id, **_attempt(attempt)},
            message,
            agent,
        )

    def results(self, job_id: uuid.UUID) -> list[Row]:
        """The job's rows of `job_results` (job_id, agent, status, payload, started_at,
        finished_at, error), in the order the agents started."""
        return self.results_of([job_id])

    def results_of(self, job_ids: Sequence[uuid.UUID]) -> list[Row]:
        """The rows of `job_results` of all of `job_ids` (a page of jobs) in one query, in
        the order the agents started."""
        if not job_ids:
            return []
        return self.db.execute(
            "SELECT job_id, agent, status, payload, started_at, finished_at, error "
            f"FROM {self._results} WHERE job_id IN "
            "(SELECT CAST(value AS uuid) FROM jsonb_array_elements_text(CAST(:ids AS jsonb))) "
            "ORDER BY started_at, agent",
            {"ids": [str(job_id) for job_id in job_ids]},
        )

    def _finish_failed(
        self, where: str, params: dict[str, Any], message: str, agent: str | None
    ) -> bool:
        """jobs → failed under `where`; with `agent`, its running row fails too."""
        job = (
            f"WITH job AS (UPDATE {self._table} SET status = 'failed', completed_at = now(), "
            f"lease_until = NULL, error_message = :message {where} RETURNING id, completed_at)"
        )
        row = (
            ""
            if agent is None
            else f", agent_row AS (INSERT INTO {self._results} AS r "
            "(job_id, agent, status, error, finished_at) "
            "SELECT id, :agent, 'failed', :message, completed_at FROM job "
            f"{_FINISH_ROW})"
        )
        rows = self.db.execute(
            f"{job}{row} SELECT id FROM job",
            {**params, "message": message, **({} if agent is None else {"agent": agent})},
        )
        return bool(rows)


# An agent's row moves to its outcome once: a running (or missing) row finishes, a
# finished one stays as it is.
_FINISH_ROW = (
    "ON CONFLICT (job_id, agent) DO UPDATE SET status = EXCLUDED.status, "
    "payload = EXCLUDED.payload, finished_at = EXCLUDED.finished_at, error = EXCLUDED.error "
    "WHERE r.status = 'running'"
)


def _attempt_is(attempt: int | None) -> str:
    return "" if attempt is None else " AND attempts = :attempt"


def _attempt(attempt: int | None) -> dict[str, Any]:
    return {} if attempt is None else {"attempt": attempt}
