"""The {{ agent.name }} agent: its output type, tools and `run`, which its Lambda handler
calls for every {% if agent.role == "orchestrator" %}job{% else %}request from the orchestrator{% endif %}."""

from __future__ import annotations

import asyncio
import json

from agents import (
    Agent,
{% if agent.role == "orchestrator" %}
    FunctionTool,
{% endif %}
    GuardrailFunctionOutput,
    RunContextWrapper,
    Runner,
    TResponseInputItem,
    function_tool,
    input_guardrail,
)
from pydantic import BaseModel, Field

{% set instructions = "INSTRUCTIONS, WORKERS" if agent.role == "orchestrator" else "INSTRUCTIONS" %}
{% set imports = [
    "from aws_agent_framework.agents import JobContext",
    "from aws_agent_framework.agents.guardrails import accept, refuse, task_text",
    "from database.models import Jobs",
    "from " ~ agent.name ~ ".templates import " ~ instructions,
] %}
{% if vectors != "none" %}
{% set imports = imports + ["from aws_agent_framework.vectors import embedder_from, search, store_from"] %}
{% endif %}
{% for line in imports | sort %}
{{ line }}
{% endfor %}

# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10
# The longest task {{ agent.name }} takes, in characters: a longer one is refused before
# any model call (it costs tokens, and long inputs are where injected instructions hide).
MAX_TASK_CHARS = 20_000


class {{ agent.name | pascal }}Result(BaseModel):
    """What {{ agent.name }} returns: stored as JSON in its row of job_results (the payload)
    and shown on the dashboard (`summary` is rendered as markdown)."""

    # TODO(domain): Replace or extend these fields with what {{ agent.name }} must produce in your
    # domain; each field's description tells the model what to put there.
{% if agent.role == "orchestrator" %}
    summary: str = Field(description="A markdown summary of the whole job, for the user")
    next_steps: list[str] = Field(description="What the user could do next, one line each")
{% else %}
    summary: str = Field(description="A markdown summary of what this agent found")
    key_points: list[str] = Field(description="The main points, one sentence each")
{% endif %}


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
        "{{ agent.name }}",
    )
    return json.dumps(earlier)
{% if vectors != "none" %}


@function_tool
async def search_knowledge_base(ctx: RunContextWrapper[JobContext], query: str) -> str:
    """Search the knowledge base for passages about `query`: a JSON list of
    {id, score, text, and the document's metadata}, best match first."""
    settings = ctx.context.settings
    hits = await asyncio.to_thread(search, query, embedder_from(settings), store_from(settings))
    return json.dumps(hits)
{% endif %}
{% if agent.role == "orchestrator" %}


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
{% endif %}


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
            f"the task is {len(text):,} characters long; {{ agent.name }} takes at most "
            f"{MAX_TASK_CHARS:,}. Shorten the request."
        )
    # TODO(domain): Refuse what {{ agent.name }} must never work on in your domain, with a
    # reason the user can act on, e.g.
    #     if "password" in text.lower():
    #         return refuse("requests must not contain passwords; remove it and try again")
    return accept()


# TODO(domain): Add the tools {{ agent.name }} needs in your domain (an async function with a
# docstring and typed parameters, decorated with @function_tool), and list them in
# create_agent below. Wrap blocking calls in asyncio.to_thread, as above.


def create_agent(job: JobContext) -> Agent[JobContext]:
    return Agent[JobContext](
        name="{{ agent.name }}",
        instructions=INSTRUCTIONS,
        model=job.model,
        tools=[
            read_job_request,
            read_earlier_results,
{% if vectors != "none" %}
            search_knowledge_base,
{% endif %}
{% if agent.role == "orchestrator" %}
            *WORKER_TOOLS,
{% endif %}
        ],
        output_type={{ agent.name | pascal }}Result,
        input_guardrails=[check_task],
    )


async def run(job: JobContext) -> {{ agent.name | pascal }}Result:
    """Runs the agent on the job; `job.task` is {% if agent.role == "orchestrator" %}the request{% else %}what the orchestrator asked for{% endif %}."""
    # hooks=job.hooks records the tool calls for the job's timeline on the dashboard.
    result = await Runner.run(
        create_agent(job), job.task, context=job, max_turns=MAX_TURNS, hooks=job.hooks
    )
    return result.final_output_as({{ agent.name | pascal }}Result, raise_if_incorrect_type=True)
