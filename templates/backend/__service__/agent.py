"""The {{ async_service }} service's agent: on each scheduled run it reads the sources with its
tools and returns its findings{% if vectors != "none" %}, which `run` adds to the knowledge base the agents
search{% endif %}. lambda_handler.py calls `run` once per scheduled time."""

from __future__ import annotations

{% if vectors != "none" %}
import asyncio
import hashlib
{% endif %}
import json
from dataclasses import dataclass

from agents import Agent, RunContextWrapper, Runner, function_tool
from agents.models.interface import Model
from pydantic import BaseModel, Field

{% set imports = [
    "from aws_agent_framework.settings import Settings",
    "from " ~ async_service ~ ".templates import INSTRUCTIONS, SOURCES",
] %}
{% if vectors != "none" %}
{% set imports = imports + [
    "from aws_agent_framework.observability import logger",
    "from aws_agent_framework.vectors import Document, embedder_from, ingest, store_from",
] %}
{% endif %}
{% for line in imports | sort %}
{{ line }}
{% endfor %}

SERVICE = "{{ async_service }}"
# Model turns before the run stops (each tool round trip is one turn).
MAX_TURNS = 10


@dataclass
class ServiceContext:
    """What one run gets (and its tools, as ``ctx.context``)."""

    scheduled_time: str
    settings: Settings
    model: Model


class Finding(BaseModel):
    """One thing worth keeping from the sources."""

    # TODO(domain): Add the fields your domain needs (e.g. published date, topic); the field
    # descriptions tell the model what to put there.
    url: str = Field(description="Link to where it came from; it identifies it across runs")
    title: str = Field(description="A short title")
    text: str = Field(description="The content to keep, as plain self-contained text")


class {{ async_service | pascal }}Result(BaseModel):
    """What a run returns: logged, and kept with the run's claim in the runs table."""

    summary: str = Field(description="A short markdown summary of what this run found")
    findings: list[Finding] = Field(description="What is worth keeping, one entry per item")


@function_tool
async def read_sources(ctx: RunContextWrapper[ServiceContext]) -> str:
    """Read the latest items of every source: a JSON list of {source, url, title, text}."""
    # TODO(domain): Fetch each of SOURCES instead of returning this example (blocking calls such as
    # urllib.request.urlopen go in asyncio.to_thread) and return only the items published
    # since the previous run, which ran about one schedule interval before
    # ctx.context.scheduled_time.
    return json.dumps(
        [
            {
                "source": source,
                "url": source,
                "title": f"Example item from {source}",
                "text": "Replace read_sources with code that fetches the real items.",
            }
            for source in SOURCES
        ]
    )


# TODO(domain): Add the other tools {{ async_service }} needs (an async function with a docstring and
# typed parameters, decorated with @function_tool), and list them in create_agent below.


def create_agent(service: ServiceContext) -> Agent[ServiceContext]:
    return Agent[ServiceContext](
        name=SERVICE,
        instructions=INSTRUCTIONS,
        model=service.model,
        tools=[read_sources],
        output_type={{ async_service | pascal }}Result,
    )
{% if vectors != "none" %}


def add_to_knowledge_base(findings: list[Finding], service: ServiceContext) -> int:
    """Embeds the findings and stores them in the knowledge base; returns how many. A
    finding's id derives from its url, so finding it again updates it."""
    documents = [
        Document(
            id=f"{SERVICE}-{hashlib.sha256(finding.url.encode()).hexdigest()[:32]}",
            text=finding.text,
            metadata={
                "title": finding.title,
                "url": finding.url,
                "source": SERVICE,
                "scheduled_time": service.scheduled_time,
            },
        )
        for finding in findings
        if finding.text.strip()
    ]
    if not documents:
        return 0
    settings = service.settings
    return ingest(documents, embedder_from(settings), store_from(settings))
{% endif %}


async def run(service: ServiceContext) -> {{ async_service | pascal }}Result:
    """One scheduled run: the agent reads the sources, then its findings are {% if vectors != "none" %}stored{% else %}delivered{% endif %}."""
    task = f"Scheduled run of {service.scheduled_time}: read the sources and report what is new."
    result = await Runner.run(create_agent(service), task, context=service, max_turns=MAX_TURNS)
    output = result.final_output_as(
        {{ async_service | pascal }}Result,
        raise_if_incorrect_type=True,
    )
{% if vectors != "none" %}
    stored = await asyncio.to_thread(add_to_knowledge_base, output.findings, service)
    logger.info("Added findings to the knowledge base", extra={"documents": stored})
{% else %}
    # TODO(domain): Deliver the findings where your app needs them (an S3 bucket, an SNS topic, an
    # email...) and grant the function's role exactly that in
    # terraform/4_async_service/main.tf (part 4 is deployed before the database, part 5).
{% endif %}
    return output
