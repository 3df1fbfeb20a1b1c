"""The retirement agent: its output type, tools and `run`, which its Lambda handler
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
from retirement.templates import INSTRUCTIONS

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task retirement takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class Projection(BaseModel):
    """Savings at retirement in today's USD, over portfolio.PATHS seeded simulations."""

    years: int = Field(description="Years until retirement")
    expected_return: float = Field(description="Mean yearly real return of the mix")
    p10: float = Field(description="Savings in a bad case (10th percentile)")
    median: float = Field(description="Savings in the middle case")
    p90: float = Field(description="Savings in a good case (90th percentile)")
    median_income: float = Field(description="Yearly income the median allows at 4 %")
    p10_income: float = Field(description="Yearly income the bad case allows at 4 %")


class RetirementNotes(BaseModel):
    """What the model writes."""

    summary: str = Field(
        description="A markdown note on the projection and what would change it, for the user"
    )


class RetirementResult(RetirementNotes, Projection):
    """What retirement returns: the model's advice, and the Monte Carlo projection
    computed from the request (not by the model). Stored as JSON in its row of
    job_results and shown on the dashboard."""


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
        "retirement",
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
            f"the task is {len(text):,} characters long; retirement takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The planner writes this agent's task: the length is the only check it needs.
    return accept()


def projection(job: JobContext) -> Projection:
    request = JobRequest.model_validate(job.request)
    symbols = [p.symbol for p in request.positions]
    classes = Instruments(job.db).classes(symbols)
    return Projection(
        **portfolio.project_retirement(
            savings=portfolio.total(request.positions),
            asset_classes=portfolio.allocation(request.positions, classes),
            years=request.retirement_age - request.age,
            yearly_contribution=request.yearly_contribution,
        )
    )


@function_tool
async def project_retirement(ctx: RunContextWrapper[JobContext]) -> str:
    """The Monte Carlo projection of this portfolio to the user's retirement age (JSON):
    savings at the 10th, 50th and 90th percentile and the yearly income each allows."""
    return (await asyncio.to_thread(projection, ctx.context)).model_dump_json()


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="retirement",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            project_retirement,
        ],
        output_type=RetirementNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> RetirementResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The
    projection comes from `projection`, whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(RetirementNotes, raise_if_incorrect_type=True)
    numbers = await asyncio.to_thread(projection, job)
    return RetirementResult(summary=notes.summary, **numbers.model_dump())
