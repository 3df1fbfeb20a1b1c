"""The intake agent: its output type, tools and `run`, which its Lambda handler
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
from database.models import Jobs, RedFlags
from database.schemas import JobRequest
from intake.templates import INSTRUCTIONS

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task intake takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class IntakeNotes(BaseModel):
    """What the model writes."""

    summary: str = Field(
        description="A markdown note on the complaint: its red flags and what each may mean"
    )


class IntakeResult(IntakeNotes):
    """What intake returns: the model's note, and the complaint's red flags as the
    red_flags table finds them (not the model). Stored as JSON in its row of job_results
    and shown on the dashboard."""

    red_flags: dict[str, str] = Field(description="Red-flag phrase -> why it is one")


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
        "intake",
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
            f"the task is {len(text):,} characters long; intake takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The triage agent writes this agent's task: the length is the only check it needs.
    return accept()


def flags_of(job: JobContext) -> dict[str, str]:
    """The red flags of the job's complaint."""
    request = JobRequest.model_validate(job.request)
    return news2.red_flags(request.chief_complaint, RedFlags(job.db).reasons())


@function_tool
async def find_red_flags(ctx: RunContextWrapper[JobContext]) -> str:
    """The red-flag phrases in the patient's complaint (JSON: phrase -> why it is one),
    from the clinic's list."""
    return json.dumps(await asyncio.to_thread(flags_of, ctx.context))


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="intake",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            find_red_flags,
        ],
        output_type=IntakeNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> IntakeResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The red
    flags are the clinic's list's, whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(IntakeNotes, raise_if_incorrect_type=True)
    return IntakeResult(summary=notes.summary, red_flags=await asyncio.to_thread(flags_of, job))
