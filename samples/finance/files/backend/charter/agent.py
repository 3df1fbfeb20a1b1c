"""The charter agent: its output type, tools and `run`, which its Lambda handler
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
from charter.templates import INSTRUCTIONS
from database import portfolio
from database.models import Instruments, Jobs
from database.schemas import JobRequest

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task charter takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class CharterNotes(BaseModel):
    """What the model writes."""

    summary: str = Field(description="A markdown caption saying what the charts show")


class CharterResult(CharterNotes):
    """What charter returns: the model's caption, and chart data the dashboard draws
    (frontend/components/Chart.tsx), computed from the request and the instruments
    table. Stored as JSON in its row of job_results."""

    asset_classes: dict = Field(description="Pie chart of the value per asset class")
    regions: dict = Field(description="Bar chart of the value per region")


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
        "charter",
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
            f"the task is {len(text):,} characters long; charter takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The planner writes this agent's task: the length is the only check it needs.
    return accept()


def charts(job: JobContext) -> dict:
    """The dashboard's charts of the portfolio: by asset class (pie) and region (bar)."""
    positions = JobRequest.model_validate(job.request).positions
    symbols = [p.symbol for p in positions]
    instruments = Instruments(job.db)
    by_class = portfolio.allocation(positions, instruments.classes(symbols))
    by_region = portfolio.allocation(positions, instruments.classes(symbols, "region"))
    return {
        "asset_classes": portfolio.chart("Value by asset class", by_class),
        "regions": portfolio.chart("Value by region", by_region, kind="bar"),
    }


@function_tool
async def chart_data(ctx: RunContextWrapper[JobContext]) -> str:
    """The charts the dashboard draws for this portfolio (JSON): asset_classes (pie) and
    regions (bar), each as percent of the value."""
    return json.dumps(await asyncio.to_thread(charts, ctx.context))


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="charter",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            chart_data,
        ],
        output_type=CharterNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> CharterResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The
    chart data comes from `charts`, whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(CharterNotes, raise_if_incorrect_type=True)
    return CharterResult(summary=notes.summary, **await asyncio.to_thread(charts, job))
