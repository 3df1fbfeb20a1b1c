"""The catalog agent: its output type, tools and `run`, which its Lambda handler
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
from catalog.templates import INSTRUCTIONS
from database import shop
from database.models import Jobs
from database.schemas import JobRequest

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task catalog takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class CatalogNotes(BaseModel):
    """What the model writes."""

    summary: str = Field(
        description="A markdown note on what the catalog has for the request, and what it lacks"
    )


class CatalogResult(CatalogNotes):
    """What catalog returns: the model's note, and the products the search found for the
    request, with price and stock from the products table (not from the model). Stored as
    JSON in its row of job_results and shown on the dashboard."""

    query: str = Field(description="The shopper's words, as searched")
    matches: list[shop.Match] = Field(description="The products found, best match first")


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
        "catalog",
    )
    return json.dumps(earlier)


@function_tool
async def search_catalog(ctx: RunContextWrapper[JobContext], query: str) -> str:
    """Search the catalog for `query`: a JSON list of products (sku, name, category,
    price in USD, in_stock), best match first."""
    job = ctx.context
    matches = await asyncio.to_thread(shop.search_products, job.db, job.settings, query)
    return json.dumps([found.model_dump() for found in matches])


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
            f"the task is {len(text):,} characters long; catalog takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The shopper writes this agent's task: the length is the only check it needs.
    return accept()


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="catalog",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            search_catalog,
        ],
        output_type=CatalogNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> CatalogResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The
    matches are the search's for the shopper's words, whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(CatalogNotes, raise_if_incorrect_type=True)
    query = JobRequest.model_validate(job.request).query
    matches = await asyncio.to_thread(shop.search_products, job.db, job.settings, query)
    return CatalogResult(summary=notes.summary, query=query, matches=matches)
