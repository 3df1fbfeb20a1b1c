"""{{ app_title | docstring }}'s tables as models over the framework's `Table`: every
column name is checked against the row schema, every value is a bound parameter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_agent_framework.agents.jobs import JobStore
from aws_agent_framework.database import Table
from database.schemas import AgentResult, Job, JobRow, Note, Usage, User

MIGRATIONS = Path(__file__).parent / "migrations"

# The agents, orchestrator first; each one's result on a job is its row of job_results.
{% if workers %}
AGENTS = (
    "{{ orchestrator.name }}",
{% for worker in workers %}
    "{{ worker.name }}",
{% endfor %}
)
{% else %}
AGENTS = ("{{ orchestrator.name }}",)
{% endif %}


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


class Notes(Table[Note]):
    """The example domain table (migrations/002_domain.sql), served by api/routes.py."""

    name = "notes"
    row = Note

    def find_for_user(self, note_id: Any, user_id: str) -> Note | None:
        """The note if it belongs to `user_id` (another user's note is as good as missing)."""
        rows = self.db.execute(
            "SELECT * FROM notes WHERE id = :id AND user_id = :user_id",
            {"id": note_id, "user_id": user_id},
        )
        return Note.model_validate(rows[0]) if rows else None
