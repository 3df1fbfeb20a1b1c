"""The tagger agent: its output type, tools and `run`, which its Lambda handler
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
from database.models import Instruments, Jobs
from database.schemas import AssetClass, JobRequest
from tagger.templates import INSTRUCTIONS

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task tagger takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class Classification(BaseModel):
    symbol: str
    name: str
    asset_class: AssetClass
    region: str
    sector: str
    source: str = Field(description="reference (the instruments table) or tagger")


class TaggerNotes(BaseModel):
    """What the model writes."""

    summary: str = Field(description="A markdown note on how the holdings are classified")


class TaggerResult(TaggerNotes):
    """What tagger returns: the model's note, and each holding's classification as
    stored (from the instruments table, not from the model). Stored as JSON in its row
    of job_results and shown on the dashboard."""

    classified: list[Classification]
    unclassified: list[str] = Field(description="Symbols nobody has classified yet")


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
        "tagger",
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
            f"the task is {len(text):,} characters long; tagger takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # The planner writes this agent's task: the length is the only check it needs.
    return accept()


def _symbols(job: JobContext) -> list[str]:
    return sorted({p.symbol for p in JobRequest.model_validate(job.request).positions})


@function_tool
async def look_up_classifications(ctx: RunContextWrapper[JobContext]) -> str:
    """Look up how each symbol of this portfolio is classified (JSON: `classified`, and
    `missing`: the symbols nobody has classified yet, which you classify)."""
    symbols = _symbols(ctx.context)
    found = await asyncio.to_thread(_classified, ctx.context, symbols)
    missing = [s for s in symbols if s not in {c.symbol for c in found}]
    return json.dumps(
        {"classified": [c.model_dump(mode="json") for c in found], "missing": missing}
    )


@function_tool
async def classify_instrument(
    ctx: RunContextWrapper[JobContext],
    symbol: str,
    name: str,
    asset_class: AssetClass,
    region: str,
    sector: str,
) -> str:
    """Save your classification of a symbol of this portfolio that look_up_classifications
    listed as missing: its name, asset class, region (north_america, international,
    emerging_markets or global) and sector, in snake_case."""
    if symbol not in _symbols(ctx.context):
        return f"{symbol!r} is not a holding of this portfolio: classify only its symbols"
    instrument = {
        "symbol": symbol,
        "name": name[:200],
        "asset_class": asset_class.value,
        "region": region[:60],
        "sector": sector[:60],
    }
    saved = await asyncio.to_thread(Instruments(ctx.context.db).classify, instrument)
    return f"{symbol} is {saved.asset_class} ({saved.source})"


def _classified(job: JobContext, symbols: list[str]) -> list[Classification]:
    instruments = Instruments(job.db)
    found = [instruments.find(symbol) for symbol in symbols]
    return [Classification.model_validate(i.model_dump()) for i in found if i is not None]


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="tagger",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
            look_up_classifications,
            classify_instrument,
        ],
        output_type=TaggerNotes,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> TaggerResult:
    """Runs the agent on the job; `job.task` is what the orchestrator asked for. The
    classifications come from the table after the run, whatever the model wrote."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    notes = result.final_output_as(TaggerNotes, raise_if_incorrect_type=True)
    symbols = _symbols(job)
    classified = await asyncio.to_thread(_classified, job, symbols)
    done = {c.symbol for c in classified}
    return TaggerResult(
        summary=notes.summary,
        classified=classified,
        unclassified=[s for s in symbols if s not in done],
    )
