"""Trail Outfitters's tables as models over the framework's `Table`: every
column name is checked against the row schema, every value is a bound parameter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from aws_agent_framework.agents.jobs import JobStore
from aws_agent_framework.database import Table
from database.schemas import (
    AgentResult,
    AgentStatus,
    Job,
    JobEvent,
    JobRow,
    Product,
    Usage,
    User,
)
from database.schemas import JobEventKind as Kind

MIGRATIONS = Path(__file__).parent / "migrations"

# The agents, orchestrator first; each one's result on a job is its row of job_results.
AGENTS = (
    "shopper",
    "catalog",
    "recommender",
)


class Users(Table[User]):
    name = "users"
    row = User
    key = "user_id"

    def upsert(self, user_id: str, display_name: str | None = None) -> User:
        """The user's row, created on first sight (the auth provider owns the identity)."""
        rows = self.db.execute(
            "INSERT INTO users (user_id, display_name) VALUES (:user_id, :name) "
            "ON CONFLICT (user_id) DO UPDATE "
            "SET display_name = COALESCE(EXCLUDED.display_name, users.display_name) "
            "RETURNING *",
            {"user_id": user_id, "name": display_name},
        )
        return User.model_validate(rows[0])


class Jobs(Table[JobRow]):
    name = "jobs"
    row = JobRow

    def find_for_user(self, job_id: Any, user_id: str) -> Job | None:
        """The job with its results if it belongs to `user_id` (another user's job is as
        good as missing)."""
        rows = self.db.execute(
            "SELECT * FROM jobs WHERE id = :id AND user_id = :user_id",
            {"id": job_id, "user_id": user_id},
        )
        return self.with_results([JobRow.model_validate(rows[0])])[0] if rows else None

    def page_for_user(self, user_id: str, limit: int, offset: int) -> list[Job]:
        """One page of the user's jobs with their results, newest first."""
        return self.with_results(self.list(where={"user_id": user_id}, limit=limit, offset=offset))

    def with_results(self, jobs: list[JobRow]) -> list[Job]:
        """`jobs` with every agent's result and usage so far, and their total (one query
        for all of them)."""
        results: dict[Any, list[AgentResult]] = {job.id: [] for job in jobs}
        for row in JobStore(self.db).results_of(list(results)):
            results[row["job_id"]].append(AgentResult.from_row(row))
        return [
            Job(
                **job.model_dump(),
                results=results[job.id],
                usage=Usage.total([r.usage for r in results[job.id]]),
            )
            for job in jobs
        ]

    def events(self, job: Job) -> list[JobEvent]:
        """What the job's agents did so far, in order: each run's start and end (its row
        of job_results) and each tool call's (job_tool_calls)."""
        events = []
        for result in job.results:
            agent = result.agent
            events.append(JobEvent(at=result.started_at, agent=agent, kind=Kind.AGENT_STARTED))
            if result.finished_at and result.status != AgentStatus.RUNNING:
                failed = result.status == AgentStatus.FAILED
                kind = Kind.AGENT_FAILED if failed else Kind.AGENT_FINISHED
                took = _milliseconds(result.started_at, result.finished_at)
                events.append(
                    JobEvent(at=result.finished_at, agent=agent, kind=kind, duration_ms=took)
                )
        for call in JobStore(self.db).tool_calls(job.id):
            tool = {"agent": call["agent"], "tool": call["tool"], "call_id": call["call_id"]}
            events.append(JobEvent(at=call["started_at"], kind=Kind.TOOL_STARTED, **tool))
            if call["finished_at"]:
                took = _milliseconds(call["started_at"], call["finished_at"])
                finished = Kind.TOOL_FINISHED
                events.append(
                    JobEvent(at=call["finished_at"], kind=finished, duration_ms=took, **tool)
                )
        return sorted(events, key=lambda event: event.at)

    def earlier_results(self, user_id: str, agent: str, limit: int = 3) -> list[dict[str, Any]]:
        """What `agent` produced for this user's earlier completed jobs, newest first."""
        rows = self.db.execute(
            "SELECT r.payload FROM job_results r JOIN jobs j ON j.id = r.job_id "
            "WHERE j.user_id = :user_id AND j.status = 'completed' AND r.agent = :agent "
            "AND r.status = 'completed' AND r.payload IS NOT NULL "
            "ORDER BY j.created_at DESC LIMIT :limit",
            {"user_id": user_id, "agent": agent, "limit": limit},
        )
        return [row["payload"] for row in rows]


class Products(Table[Product]):
    """The shop's products (migrations/002_domain.sql), served by api/routes.py."""

    name = "products"
    row = Product
    key = "sku"
    default_order = "sku"

    def find_many(self, skus: list[str]) -> dict[str, Product]:
        """sku -> product for the skus the table has (a stale search hit has none)."""
        if not skus:
            return {}
        # The skus go in as JSON with either client (the Data API has no arrays).
        rows = self.db.execute(
            "SELECT * FROM products "
            "WHERE sku IN (SELECT jsonb_array_elements_text(CAST(:skus AS jsonb)))",
            {"skus": sorted(set(skus))},
        )
        return {row["sku"]: Product.model_validate(row) for row in rows}


def _milliseconds(start: dt.datetime, end: dt.datetime) -> int:
    return round((end - start).total_seconds() * 1000)
