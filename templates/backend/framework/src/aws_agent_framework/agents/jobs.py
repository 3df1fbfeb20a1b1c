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

Each tool call of a run is a row of `job_tool_calls` (`start_tool_call` as it starts,
`finish_tool_call` when it ends): with the agents' rows, the job's timeline.

A finished row also records what the run used (a `RunUsage`: model, requests, input and
output tokens, estimated cost in USD), failed runs included: they cost money too.

A completed job may carry the online judge's score (`record_quality`).

The `jobs` table has `status`, `attempts`, `lease_until`, `started_at`, `completed_at`,
`error_message` and the judge's `quality_score`, `quality_reason`, `quality_judge`;
`job_results` has `status`, `payload`, `started_at`, `finished_at`,
`error` and the usage columns `model`, `requests`, `input_tokens`, `output_tokens` and
`cost_usd` (see the app's migrations).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aws_agent_framework.database import Database, Row, quote_identifier

if TYPE_CHECKING:
    from aws_agent_framework.agents.usage import RunUsage

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
        self,
        db: Database,
        table: str = "jobs",
        results_table: str = "job_results",
        tool_calls_table: str = "job_tool_calls",
    ) -> None:
        self.db = db
        self._table = quote_identifier(table)
        self._results = quote_identifier(results_table)
        self._tool_calls = quote_identifier(tool_calls_table)

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

    def save_result(
        self, job_id: uuid.UUID, agent: str, payload: Any, usage: RunUsage | None = None
    ) -> bool:
        """`agent`'s row running (or not started) → completed with its result (and what
        the run used), while the job runs; False if the job is no longer running or the
        row was already finished (a duplicate)."""
        rows = self.db.execute(
            f"INSERT INTO {self._results} AS r (job_id, agent, status, payload, finished_at"
            f"{_USAGE_COLUMNS}) SELECT id, :agent, 'completed', CAST(:payload AS jsonb), now()"
            f"{_USAGE_VALUES} FROM {self._table} WHERE id = :id AND status = 'running' "
            f"{_FINISH_ROW} RETURNING r.job_id",
            {"id": job_id, "agent": agent, "payload": payload, **_usage(usage)},
        )
        return bool(rows)

    def fail_agent(
        self, job_id: uuid.UUID, agent: str, error: str, usage: RunUsage | None = None
    ) -> bool:
        """`agent`'s row running (or not started) → failed with `error` (safe to show the
        user) and what the run used, while the job runs; False otherwise. The job itself
        is failed by whoever runs it (`fail`)."""
        rows = self.db.execute(
            f"INSERT INTO {self._results} AS r (job_id, agent, status, error, finished_at"
            f"{_USAGE_COLUMNS}) SELECT id, :agent, 'failed', :error, now(){_USAGE_VALUES} "
            f"FROM {self._table} WHERE id = :id AND status = 'running' "
            f"{_FINISH_ROW} RETURNING r.job_id",
            {"id": job_id, "agent": agent, "error": error, **_usage(usage)},
        )
        return bool(rows)

    def complete(
        self,
        job_id: uuid.UUID,
        agent: str,
        payload: Any,
        attempt: int | None = None,
        usage: RunUsage | None = None,
    ) -> bool:
        """running → completed, storing the orchestrator's (`agent`'s) own result and
        usage in the same statement; with `attempt`, only if that run still holds the job."""
        rows = self.db.execute(
            f"WITH job AS (UPDATE {self._table} SET status = 'completed', "
            "completed_at = now(), lease_until = NULL "
            f"WHERE id = :id AND status = 'running'{_attempt_is(attempt)} "
            "RETURNING id, completed_at) "
            f"INSERT INTO {self._results} AS r (job_id, agent, status, payload, finished_at"
            f"{_USAGE_COLUMNS}) SELECT id, :agent, 'completed', CAST(:payload AS jsonb), "
            f"completed_at{_USAGE_VALUES} FROM job "
            "ON CONFLICT (job_id, agent) DO UPDATE SET status = 'completed', "
            f"payload = EXCLUDED.payload, finished_at = EXCLUDED.finished_at, error = NULL"
            f"{_USAGE_UPDATE} RETURNING r.job_id",
            {
                "id": job_id,
                "agent": agent,
                "payload": payload,
                **_attempt(attempt),
                **_usage(usage),
            },
        )
        return bool(rows)

    def fail(
        self,
        job_id: uuid.UUID,
        message: str,
        attempt: int | None = None,
        agent: str | None = None,
        usage: RunUsage | None = None,
    ) -> bool:
        """pending | running → failed, with a message that is safe to show the user; with
        `attempt`, only if that run still holds the job; with `agent` (the one running
        the job), its row fails too, with `usage`, in the same statement."""
        return self._finish_failed(
            f"WHERE id = :id AND status IN ('pending', 'running'){_attempt_is(attempt)}",
            {"id": job_id, **_attempt(attempt)},
            message,
            agent,
            usage,
        )

    def record_quality(self, job_id: uuid.UUID, score: float, reason: str, judge: str) -> bool:
        """The online judge's score (0 to 1), its reason and the judge's model, on a
        completed job; False if the job is not completed."""
        rows = self.db.execute(
            f"UPDATE {self._table} SET quality_score = CAST(:score AS DOUBLE PRECISION), "
            "quality_reason = :reason, quality_judge = :judge "
            "WHERE id = :id AND status = 'completed' RETURNING id",
            {"id": job_id, "score": score, "reason": reason, "judge": judge},
        )
        return bool(rows)

    def results(self, job_id: uuid.UUID) -> list[Row]:
        """The job's rows of `job_results` (job_id, agent, status, payload, started_at,
        finished_at, error and the usage columns), in the order the agents started."""
        return self.results_of([job_id])

    def results_of(self, job_ids: Sequence[uuid.UUID]) -> list[Row]:
        """The rows of `job_results` of all of `job_ids` (a page of jobs) in one query, in
        the order the agents started."""
        if not job_ids:
            return []
        return self.db.execute(
            "SELECT job_id, agent, status, payload, started_at, finished_at, error, "
            f"model, requests, input_tokens, output_tokens, cost_usd FROM {self._results} "
            "WHERE job_id IN "
            "(SELECT CAST(value AS uuid) FROM jsonb_array_elements_text(CAST(:ids AS jsonb))) "
            "ORDER BY started_at, agent",
            {"ids": [str(job_id) for job_id in job_ids]},
        )

    def start_tool_call(
        self, job_id: uuid.UUID, agent: str, call_id: str, tool: str, at: dt.datetime
    ) -> None:
        """`agent` started calling `tool` at `at` (the call's id ties its end to it)."""
        self.db.execute(
            f"INSERT INTO {self._tool_calls} (job_id, agent, call_id, tool, started_at) "
            "VALUES (:id, :agent, :call_id, :tool, :at)",
            {"id": job_id, "agent": agent, "call_id": call_id, "tool": tool, "at": at},
        )

    def finish_tool_call(
        self, job_id: uuid.UUID, agent: str, call_id: str, at: dt.datetime
    ) -> None:
        """`agent`'s call `call_id` ended at `at`."""
        self.db.execute(
            f"UPDATE {self._tool_calls} SET finished_at = :at WHERE job_id = :id "
            "AND agent = :agent AND call_id = :call_id AND finished_at IS NULL",
            {"id": job_id, "agent": agent, "call_id": call_id, "at": at},
        )

    def tool_calls(self, job_id: uuid.UUID) -> list[Row]:
        """The job's tool calls (agent, call_id, tool, started_at, finished_at), in the
        order they started."""
        return self.db.execute(
            "SELECT agent, call_id, tool, started_at, finished_at "
            f"FROM {self._tool_calls} WHERE job_id = :id ORDER BY started_at, id",
            {"id": job_id},
        )

    def _finish_failed(
        self,
        where: str,
        params: dict[str, Any],
        message: str,
        agent: str | None,
        usage: RunUsage | None = None,
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
            f"(job_id, agent, status, error, finished_at{_USAGE_COLUMNS}) "
            f"SELECT id, :agent, 'failed', :message, completed_at{_USAGE_VALUES} FROM job "
            f"{_FINISH_ROW})"
        )
        agent_params = {} if agent is None else {"agent": agent, **_usage(usage)}
        rows = self.db.execute(
            f"{job}{row} SELECT id FROM job", {**params, "message": message, **agent_params}
        )
        return bool(rows)


# What a finished run used, as columns of its row (RunUsage.columns), with their types:
# a NULL parameter in a SELECT list has none of its own.
_USAGE_TYPES = {
    "model": "text",
    "requests": "integer",
    "input_tokens": "bigint",
    "output_tokens": "bigint",
    "cost_usd": "double precision",
}
_USAGE_COLUMNS = "".join(f", {name}" for name in _USAGE_TYPES)
_USAGE_VALUES = "".join(f", CAST(:{name} AS {kind})" for name, kind in _USAGE_TYPES.items())
_USAGE_UPDATE = "".join(f", {name} = EXCLUDED.{name}" for name in _USAGE_TYPES)

# An agent's row moves to its outcome once: a running (or missing) row finishes, a
# finished one stays as it is.
_FINISH_ROW = (
    "ON CONFLICT (job_id, agent) DO UPDATE SET status = EXCLUDED.status, "
    "payload = EXCLUDED.payload, finished_at = EXCLUDED.finished_at, error = EXCLUDED.error"
    f"{_USAGE_UPDATE} WHERE r.status = 'running'"
)


def _usage(usage: RunUsage | None) -> dict[str, Any]:
    """The usage columns' parameters; a run that made no model call used nothing."""
    if usage is not None:
        return usage.columns()
    return {"model": None, "requests": 0, "input_tokens": 0, "output_tokens": 0, "cost_usd": None}


def _attempt_is(attempt: int | None) -> str:
    return "" if attempt is None else " AND attempts = :attempt"


def _attempt(attempt: int | None) -> dict[str, Any]:
    return {} if attempt is None else {"attempt": attempt}
