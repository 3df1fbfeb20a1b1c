"""The scorer agent: its output type, tools and `run`, which its Lambda handler
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
from database import news2
from database.models import Jobs
from database.schemas import JobRequest
from scorer.templates import INSTRUCTIONS

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task scorer takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class ScorerNotes(BaseModel):
    """What the model writes."""

    summary: str = Field(
        description="A markdown note on the score: which observations drive it and why"
    )


class ScorerResult(ScorerNotes):
    """What scorer returns: the model's note, and NEWS2, the urgency and the response as
    database/news2.py computes them (not the model). Stored as JSON in its row of
    job_results and shown on the dashboard."""

    total: int = Field(description="NEWS2, 0 to 20")
    parameters: dict[str, int] = Field(description="Points per parameter, 0 to 3")
    risk: news2.Risk = Field(description="The clinical risk of the score alone")
    urgency: news2.Risk = Field(description="The risk once red flags are counted")
    reason: str = Field(description="Why the urgency is what it is")
    response: str = Field(description="What the urgency calls for")


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
        "scorer",
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
            f"the task is {len(text):,} characters long; scorer takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The triage agent writes this agent's task: the length is the only check it needs.
    return accept()


def assessment(job: JobContext) -> news2.Assessment:
    return news2.assess_request(job.db, JobRequest.model_validate(job.request))


@function_tool
async def score_news2(ctx: RunContextWrapper[JobContext]) -> str:
    """NEWS2 over the intake's vital signs, raised by its red flags (JSON: parameters,
    total, risk, red_flags, urgency, reason, response)."""
    return (await asyncio.to_thread(assessment, ctx.context)).model_dump_json()


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="scorer",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            score_news2,
        ],
        output_type=ScorerNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> ScorerResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The
    score and urgency are database/news2.py's, whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(ScorerNotes, raise_if_incorrect_type=True)
    assessed = await asyncio.to_thread(assessment, job)
    return ScorerResult(summary=notes.summary, **assessed.model_dump(exclude={"red_flags"}))
