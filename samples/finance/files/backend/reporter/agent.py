"""The reporter agent: its output type, tools and `run`, which its Lambda handler
calls for every request from the orchestrator."""

from __future__ import annotations

import asyncio
import json

from agents import (
    Agent,
    GuardrailFunctionOutput,
    RunContextWrapper,
    Runner,
    TResponseInputItem,
    function_tool,
    input_guardrail,
)
from pydantic import BaseModel, Field

from aws_agent_framework.agents import JobContext
from aws_agent_framework.agents.guardrails import accept, refuse, task_text
from database import portfolio
from database.models import Instruments, Jobs
from database.schemas import JobRequest
from reporter.templates import INSTRUCTIONS

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task reporter takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class ReporterNotes(BaseModel):
    """What the model writes."""

    summary: str = Field(
        description="A markdown report on the allocation and its risks, for the user"
    )


class ReporterResult(ReporterNotes):
    """What reporter returns: the model's commentary, and the portfolio's numbers as
    computed from the request and the instruments table (not by the model). Stored as
    JSON in its row of job_results and shown on the dashboard."""

    total_value: float = Field(description="The portfolio's value in USD")
    by_asset_class: dict[str, float] = Field(description="Share of the value per asset class")
    by_region: dict[str, float] = Field(description="Share of the value per region")
    by_account: dict[str, float] = Field(description="Value per account in USD")
    concentrations: list[str] = Field(description="Holdings above 20 % of the value")


@function_tool
async def read_job_request(ctx: RunContextWrapper[JobContext]) -> str:
    """Read the job's request exactly as the user submitted it (JSON)."""
    job = await asyncio.to_thread(Jobs(ctx.context.db).find, ctx.context.job_id)
    return json.dumps(job.request_payload if job else {})


@function_tool
async def read_earlier_results(ctx: RunContextWrapper[JobContext]) -> str:
    """Read what this agent concluded in the user's three most recent completed jobs
    (JSON list, newest first), to stay consistent with earlier answers."""
    jobs = Jobs(ctx.context.db)
    job = await asyncio.to_thread(jobs.find, ctx.context.job_id)
    if job is None:
        return "[]"
    earlier = await asyncio.to_thread(
        jobs.earlier_results,
        job.user_id,
        "reporter",
    )
    return json.dumps(earlier)


@input_guardrail(run_in_parallel=False)
async def check_task(
    ctx: RunContextWrapper[JobContext],
    agent: Agent[JobContext],
    task: str | list[TResponseInputItem],
) -> GuardrailFunctionOutput:
    """Checks the task before the model sees it. A refusal fails this run and the job, and
    the user sees the reason."""
    text = task_text(task)
    if len(text) > MAX_TASK_CHARS:
        return refuse(
            f"the task is {len(text):,} characters long; reporter takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The planner writes this agent's task: the length is the only check it needs.
    return accept()


def report(job: JobContext) -> dict:
    """The portfolio's numbers: value, shares by asset class and region, value by
    account, and the holdings above portfolio.CONCENTRATION."""
    positions = JobRequest.model_validate(job.request).positions
    symbols = [p.symbol for p in positions]
    instruments = Instruments(job.db)
    return {
        "total_value": portfolio.total(positions),
        "by_asset_class": portfolio.allocation(positions, instruments.classes(symbols)),
        "by_region": portfolio.allocation(positions, instruments.classes(symbols, "region")),
        "by_account": portfolio.by_account(positions),
        "concentrations": portfolio.concentrations(positions),
    }


@function_tool
async def portfolio_report(ctx: RunContextWrapper[JobContext]) -> str:
    """The portfolio's numbers (JSON): total_value in USD, by_asset_class and by_region
    (shares 0-1), by_account (USD) and concentrations (holdings above 20 %)."""
    return json.dumps(await asyncio.to_thread(report, ctx.context))


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="reporter",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            portfolio_report,
        ],
        output_type=ReporterNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> ReporterResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The
    numbers come from `report`, whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(ReporterNotes, raise_if_incorrect_type=True)
    numbers = await asyncio.to_thread(report, job)
    return ReporterResult(summary=notes.summary, **numbers)
