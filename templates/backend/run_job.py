"""Runs one job end to end on this machine: `make job` (or `uv run python run_job.py`).

Local mode: Postgres (embedded unless DATABASE_URL is set), the orchestrator fed by the
in-process queue with a real SQS event, workers called in-process through their own
Lambda handlers, and the offline model unless MODEL is set. Prints each agent's result
(its row of job_results), then what each agent's model calls used (requests, tokens,
estimated cost) and the job's total, the online judge's score when it sampled the job,
and exits non-zero if the job did not complete.
"""

from __future__ import annotations

import argparse
import json
import sys

from aws_agent_framework.database import connect, migrate
from aws_agent_framework.local import LocalJobQueue
from aws_agent_framework.pricing import PRICES_TAKEN
from aws_agent_framework.settings import get_settings
from database.models import AGENTS, MIGRATIONS, Jobs, Users
from database.schemas import AgentResult, AgentStatus, Job, JobRequest, JobStatus, Usage


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
    print(f"\n== usage ==\n{usage_table(done)}")
    if done.quality:  # the online judge sampled it (EVAL_SAMPLE_RATE, EVAL_JUDGE_MODEL)
        quality = done.quality
        print(f"\n== quality ==\n{quality.score:.2f} of 1, by {quality.judge}: {quality.reason}")
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


def usage_table(job: Job) -> str:
    """Requests, tokens and estimated cost per agent and for the whole job."""
    rows = [("agent", "model", "requests", "input tokens", "output tokens", "cost (USD)")]

    def row(name: str, model: str, usage: Usage) -> tuple[str, ...]:
        cost = "no price" if usage.cost_usd is None else f"{usage.cost_usd:.6f}"
        counts = (usage.requests, usage.input_tokens, usage.output_tokens)
        return (name, model, *(f"{n:,}" for n in counts), cost)

    rows += [row(r.agent, r.usage.model or "-", r.usage) for r in job.results]
    rows.append(row("total", "", job.usage))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    note = (
        f"Costs are estimates from aws_agent_framework/pricing.py (prices of {PRICES_TAKEN}).\n"
        "The offline model charges nothing; its tokens are estimated (4 characters a token)."
    )
    return "\n".join([*lines, note])


if __name__ == "__main__":
    sys.exit(main())
