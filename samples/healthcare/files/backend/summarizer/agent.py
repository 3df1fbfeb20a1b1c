"""The summarizer agent: its output type, tools and `run`, which its Lambda handler
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
from summarizer.templates import INSTRUCTIONS

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task summarizer takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class SummarizerNotes(BaseModel):
    """What the model writes."""

    situation: str = Field(description="S: why the patient is here, in a sentence")
    background: str = Field(description="B: what the intake says about the patient")
    assessment: str = Field(description="A: the observations and what the score means")
    recommendation: str = Field(description="R: what the receiving clinician should do, and when")


class SummarizerResult(SummarizerNotes):
    """What summarizer returns: the model's SBAR handover, and the score, urgency and
    response it rests on as database/news2.py computes them (not the model). Stored as
    JSON in its row of job_results and shown on the dashboard."""

    news2_total: int = Field(description="NEWS2, 0 to 20")
    urgency: news2.Risk
    response: str = Field(description="What the urgency calls for")
    disclaimer: str = Field(description="What this summary is not")


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
        "summarizer",
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
            f"the task is {len(text):,} characters long; summarizer takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The triage agent writes this agent's task: the length is the only check it needs.
    return accept()


DISCLAIMER = "Decision support from a synthetic sample: a clinician makes the triage decision."


def assessment(job: JobContext) -> news2.Assessment:
    return news2.assess_request(job.db, JobRequest.model_validate(job.request))


@function_tool
async def triage_facts(ctx: RunContextWrapper[JobContext]) -> str:
    """The facts the handover rests on (JSON: the NEWS2 parameters and total, the risk,
    the red flags, the urgency, its reason and the response it calls for)."""
    return (await asyncio.to_thread(assessment, ctx.context)).model_dump_json()


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="summarizer",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            triage_facts,
        ],
        output_type=SummarizerNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> SummarizerResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The
    score, urgency and response are database/news2.py's, whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(SummarizerNotes, raise_if_incorrect_type=True)
    assessed = await asyncio.to_thread(assessment, job)
    return SummarizerResult(
        **notes.model_dump(),
        news2_total=assessed.total,
        urgency=assessed.urgency,
        response=assessed.response,
        disclaimer=DISCLAIMER,
    )
