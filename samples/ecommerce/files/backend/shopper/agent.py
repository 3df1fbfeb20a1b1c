"""The shopper agent: its output type, tools and `run`, which its Lambda handler
calls for every job."""

from __future__ import annotations

import asyncio
import json
import re

from agents import (
    Agent,
    FunctionTool,
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
from aws_agent_framework.vectors import embedder_from, search, store_from
from database.models import Jobs
from shopper.templates import INSTRUCTIONS, WORKERS

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task shopper takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000
# A request to buy rather than to be advised, e.g. "place the order" or "check out for me".
ORDER = re.compile(
    r"\b(place|submit)\b.{0,20}\borders?\b|\bcheck ?out\b.{0,20}\bfor me\b|\bbuy it\b",
    re.IGNORECASE,
)


class ShopperResult(BaseModel):
    """What shopper returns: stored as JSON in its row of job_results (the payload)
    and shown on the dashboard (`summary` is rendered as markdown)."""

    summary: str = Field(
        description="A markdown answer to the shopper: the picks with their prices and why "
        "each fits, quoting the workers"
    )
    next_steps: list[str] = Field(
        description="At most three things the shopper could do next, one line each"
    )


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
        "shopper",
    )
    return json.dumps(earlier)


@function_tool
async def search_knowledge_base(ctx: RunContextWrapper[JobContext], query: str) -> str:
    """Search the knowledge base for passages about `query`: a JSON list of
    {id, score, text, and the document's metadata}, best match first."""
    settings = ctx.context.settings
    hits = await asyncio.to_thread(search, query, embedder_from(settings), store_from(settings))
    return json.dumps(hits)


def worker_tool(name: str, description: str) -> FunctionTool:
    """A tool that runs the worker agent `name` on this job and returns its result.

    Worker calls are awaited without blocking, so when the model asks for several
    workers in one turn they run at the same time. A failing worker fails the job
    (failure_error_function=None), rather than being papered over by the model.
    """

    async def run_worker(ctx: RunContextWrapper[JobContext], instructions: str) -> str:
        result = await ctx.context.invoker.invoke(name, ctx.context.job_id, instructions)
        return json.dumps(result)

    return function_tool(
        run_worker,
        name_override=f"run_{name}",
        description_override=(
            f"Ask the {name} agent to work on this job: {description} "
            "`instructions` says what to focus on."
        ),
        failure_error_function=None,
    )


WORKER_TOOLS = [worker_tool(name, description) for name, description in WORKERS.items()]


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
            f"the task is {len(text):,} characters long; shopper takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # Trail Outfitters advises; checkout is the shop's, so it does not pretend to buy.
    if ORDER.search(text):
        return refuse(
            "Trail Outfitters recommends gear but cannot place orders; add the picks to "
            "your cart and check out on the shop"
        )
    return accept()


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="shopper",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            search_knowledge_base,
            *WORKER_TOOLS,
        ],
        output_type=ShopperResult,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> ShopperResult:
    """Runs the agent on the job; `job.task` is the request."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    return result.final_output_as(ShopperResult, raise_if_incorrect_type=True)
