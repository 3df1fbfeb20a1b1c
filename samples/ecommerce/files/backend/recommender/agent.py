"""The recommender agent: its output type, tools and `run`, which its Lambda handler
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
from database import shop
from database.models import Jobs
from database.schemas import JobRequest
from recommender.templates import INSTRUCTIONS

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task recommender takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class RecommenderNotes(BaseModel):
    """What the model writes."""

    summary: str = Field(
        description="A markdown note to the shopper on the picks: what each is good for"
    )


class RecommenderResult(RecommenderNotes):
    """What recommender returns: the model's note, and the picks and the products left
    out as the shop's rules decide them (database/shop.py), not the model. Stored as JSON
    in its row of job_results and shown on the dashboard."""

    picks: list[shop.Pick] = Field(description="At most three products that fit, best first")
    left_out: list[shop.LeftOut] = Field(description="Products found that do not fit, and why")


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
        "recommender",
    )
    return json.dumps(earlier)


@function_tool
async def recommend_products(ctx: RunContextWrapper[JobContext]) -> str:
    """The products that fit the shopper's request, budget and cart (JSON): `picks`
    (sku, name, price in USD, why), best first, and `left_out` (sku, why)."""
    job = ctx.context
    request = JobRequest.model_validate(job.request)
    picks, left_out = await asyncio.to_thread(shop.recommend_for, job.db, job.settings, request)
    return json.dumps(
        {"picks": [p.model_dump() for p in picks], "left_out": [p.model_dump() for p in left_out]}
    )


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
            f"the task is {len(text):,} characters long; recommender takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The shopper writes this agent's task: the length is the only check it needs.
    return accept()


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="recommender",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            recommend_products,
        ],
        output_type=RecommenderNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> RecommenderResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The
    picks are the shop's rules', whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(RecommenderNotes, raise_if_incorrect_type=True)
    request = JobRequest.model_validate(job.request)
    picks, left_out = await asyncio.to_thread(shop.recommend_for, job.db, job.settings, request)
    return RecommenderResult(summary=notes.summary, picks=picks, left_out=left_out)
