"""The copywriter agent: its output type, tools and `run`, which its Lambda handler
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
from copywriter.templates import INSTRUCTIONS
from database import shop
from database.models import Jobs, Products
from database.schemas import JobRequest

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task copywriter takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class CopywriterNotes(BaseModel):
    """What the model writes."""

    headline: str = Field(description="The product page's headline, at most 60 characters")
    description: str = Field(
        description="The product page's description, 20 to 120 words, true to the product's facts"
    )


class CopywriterResult(CopywriterNotes):
    """What copywriter returns: the model's copy for the top pick, which product that is
    and how the copy measures against the shop's rules (database/shop.py). Stored as JSON
    in its row of job_results and shown on the dashboard."""

    sku: str | None = Field(description="The product written about; null if nothing fits")
    price: str | None = Field(description="Its price as the page shows it")
    check: shop.CopyCheck | None = Field(description="The copy against the shop's rules")


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
        "copywriter",
    )
    return json.dumps(earlier)


def top_pick(job: JobContext) -> shop.Pick | None:
    """The recommender's first pick for the job's request, if anything fits."""
    request = JobRequest.model_validate(job.request)
    picks, _ = shop.recommend_for(job.db, job.settings, request)
    return picks[0] if picks else None


@function_tool
async def top_pick_facts(ctx: RunContextWrapper[JobContext]) -> str:
    """The facts of the product to write about, the recommender's top pick (JSON: sku,
    name, category, price in USD, stock, description): the only claims the copy may
    make."""
    pick = await asyncio.to_thread(top_pick, ctx.context)
    product = pick and await asyncio.to_thread(Products(ctx.context.db).find, pick.sku)
    return product.model_dump_json(exclude={"updated_at"}) if product else "{}"


@function_tool
async def check_copy(headline: str, description: str) -> str:
    """Check copy against the shop's rules (JSON: headline_chars, description_words,
    problems, approved); rewrite until `approved` is true."""
    return shop.check_copy(headline, description).model_dump_json()


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
            f"the task is {len(text):,} characters long; copywriter takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The shopper writes this agent's task: the length is the only check it needs.
    return accept()


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="copywriter",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            top_pick_facts,
            check_copy,
        ],
        output_type=CopywriterNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> CopywriterResult:
    """Writes the copy of the recommender's top pick for the job's request; `job.task` is
    what the orchestrator asked for. With no pick there is nothing to write, and no model
    call. Which product, its price and the copy's check come from code."""
    top = await asyncio.to_thread(top_pick, job)
    if top is None:
        nothing = "Nothing in the catalog fits this request, so there is no copy to write."
        return CopywriterResult(headline="", description=nothing, sku=None, price=None, check=None)
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(CopywriterNotes, raise_if_incorrect_type=True)
    return CopywriterResult(
        **notes.model_dump(),
        sku=top.sku,
        price=shop.price_label(top.price),
        check=shop.check_copy(notes.headline, notes.description),
    )
