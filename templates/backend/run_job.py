"""Runs one job end to end on this machine: `make job` (or `uv run python run_job.py`).

Local mode: Postgres (embedded unless DATABASE_URL is set), the orchestrator fed by the
in-process queue with a real SQS event, workers called in-process through their own
Lambda handlers, and the offline model unless MODEL is set. Prints each agent's result
(its row of job_results) and exits non-zero if the job did not complete.
"""

from __future__ import annotations

import argparse
import json
import sys

from aws_agent_framework.database import connect, migrate
from aws_agent_framework.local import LocalJobQueue
from aws_agent_framework.settings import get_settings
from database.models import AGENTS, MIGRATIONS, Jobs, Users
from database.schemas import AgentResult, AgentStatus, JobRequest, JobStatus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--request",
        default=json.dumps(JobRequest.EXAMPLE),
        help="the job request as JSON (default: JobRequest.EXAMPLE in database/schemas.py)",
    )
    args = parser.parse_args(argv)
    request = JobRequest.model_validate_json(args.request)

    settings = get_settings()
    if not settings.local_mode:
        parser.error("run_job.py runs jobs locally: unset AURORA_CLUSTER_ARN first")
    db = connect(settings)
    migrate(db, MIGRATIONS)
    user = Users(db).upsert("local-user", "Local user")
    job = Jobs(db).create({"user_id": user.user_id, "request_payload": request.model_dump()})
    print(f"Job {job.id} queued for {AGENTS[0]}")

    queue = LocalJobQueue(AGENTS[0])
    queue.send(job.id)
    queue.drain()
    queue.close()

    done = Jobs(db).find_for_user(job.id, user.user_id)
    if done is None:
        parser.error(f"job {job.id} disappeared from the database")
    results = {result.agent: result for result in done.results}
    for agent in AGENTS:
        print(f"\n== {agent} ==\n{describe(results.get(agent))}")
    print(f"\nJob {done.status}" + (f": {done.error_message}" if done.error_message else ""))
    return 0 if done.status == JobStatus.COMPLETED else 1


def describe(result: AgentResult | None) -> str:
    """An agent's result as `make job` prints it: the JSON of a completed result, then
    its status and time; or why there is none."""
    if result is None:
        return "(not started)"
    seconds = (
        f" in {(result.finished_at - result.started_at).total_seconds():.1f} s"
        if result.finished_at
        else ""
    )
    if result.status == AgentStatus.COMPLETED:
        shown = json.dumps(result.payload, indent=2, ensure_ascii=False)
        return f"{shown}\n(completed{seconds})"
    if result.status == AgentStatus.FAILED:
        return f"(failed{seconds}: {result.error})"
    return "(still running)"


if __name__ == "__main__":
    sys.exit(main())
