"""Shapes of Trail Outfitters's rows and API bodies (pydantic), shared by the
agents, the API and the frontend's generated types."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class JobStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class User(BaseModel):
    user_id: str
    display_name: str | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


# A product's code, as in the products table (migrations/002_domain.sql).
SKU_PATTERN = r"^[A-Z]+-[0-9]{2}$"
# A payment card number: 13 to 19 digits, perhaps grouped by spaces or dashes.
CARD_NUMBER = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")


class JobRequest(BaseModel):
    """What a shopper submits to start a job; stored as jobs.request_payload: what they
    are looking for, the most they want to pay for one item and what is in their cart."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        min_length=1, max_length=500, description="What the shopper is looking for, in words"
    )
    budget: float = Field(gt=0, le=100_000, description="The most to pay for one item, in USD")
    cart: list[Annotated[str, Field(pattern=SKU_PATTERN)]] = Field(
        default_factory=list, max_length=50, description="SKUs already in the cart"
    )

    @field_validator("query")
    @classmethod
    def no_card_number(cls, query: str) -> str:
        # Refused before the request is stored, so a card number never reaches the
        # database, a model or a trace.
        if CARD_NUMBER.search(query):
            raise ValueError(
                "looks like a payment card number; recommendations never need one, remove it"
            )
        return query

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "query": "waterproof rain jacket for hiking",
        "budget": 150.0,
        "cart": ["BOOT-01"],
    }


class AgentStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class Usage(BaseModel):
    """What model calls used: requests, tokens, and their cost in USD estimated from the
    price table in aws_agent_framework/pricing.py."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    requests: int = Field(default=0, description="Model requests (one per model turn)")
    input_tokens: int = Field(default=0, description="Tokens sent to the model")
    output_tokens: int = Field(default=0, description="Tokens the model wrote")
    cost_usd: float | None = Field(
        default=None,
        description="Estimated cost in USD; null when a model used has no price in the table",
    )

    @classmethod
    def total(cls, parts: list[Usage]) -> Usage:
        """The sum of `parts`; its cost is unknown when any part's with requests is."""
        priced = all(p.cost_usd is not None for p in parts if p.requests)
        return cls(
            requests=sum(p.requests for p in parts),
            input_tokens=sum(p.input_tokens for p in parts),
            output_tokens=sum(p.output_tokens for p in parts),
            cost_usd=sum(p.cost_usd or 0.0 for p in parts) if priced else None,
        )


class AgentUsage(Usage):
    """What one agent's run on a job used, and on which model."""

    model: str | None = Field(
        default=None, description="The MODEL it ran on (e.g. bedrock/<model id>, offline)"
    )


class AgentResult(BaseModel):
    """One agent's part of a job (a row of job_results): running once it started, then
    completed with its result or failed with a message that is safe to show the user."""

    # Every field is in every answer: the OpenAPI schema (and the frontend's types) say so.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    agent: str = Field(description="The agent's name, as in database/models.py AGENTS")
    status: AgentStatus = Field(
        description="running, then completed or failed; a row still running on a finished "
        "job was stopped with it"
    )
    payload: dict[str, Any] | None = Field(
        default=None, description="The agent's result (its result type as JSON) once completed"
    )
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    error: str | None = Field(default=None, description="Why the agent failed, if it did")
    usage: AgentUsage = Field(
        default_factory=AgentUsage,
        description="What its model calls used; counted when the run ends, failed runs too",
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AgentResult:
        """From a row of job_results, whose usage columns are flat."""
        usage = {name: row[name] for name in AgentUsage.model_fields if name in row}
        return cls.model_validate({**row, "usage": usage})


class Quality(BaseModel):
    """The online judge's score of a job: a sampled fraction of completed jobs is scored
    against the orchestrator's QUALITY_RUBRIC (README.md, "Evals")."""

    score: float = Field(ge=0, le=1, description="0 (fails the rubric) to 1 (meets it fully)")
    reason: str = Field(description="The judge's reason, in a sentence or two")
    judge: str = Field(description="The judge's model")


class JobRow(BaseModel):
    """A row of the jobs table (the agents' results are rows of job_results)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: uuid.UUID
    user_id: str
    status: JobStatus
    request_payload: dict[str, Any]
    error_message: str | None = None
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    updated_at: dt.datetime
    quality: Quality | None = Field(
        default=None, description="The online judge's score, when it sampled this job"
    )

    @model_validator(mode="before")
    @classmethod
    def _quality_from_columns(cls, data: Any) -> Any:
        """The row's quality_score, quality_reason and quality_judge columns as `quality`."""
        if isinstance(data, dict) and "quality_score" in data:
            data = dict(data)
            score = data.pop("quality_score")
            reason, judge = data.pop("quality_reason", None), data.pop("quality_judge", None)
            if score is not None:
                data["quality"] = {"score": score, "reason": reason or "", "judge": judge or ""}
        return data


class Job(JobRow):
    """A job as the API shows it: its row, every agent's result so far and their usage."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    results: list[AgentResult] = Field(
        description="One entry per agent that has started on the job, in the order they "
        "started; an agent missing from the list has not started (yet)",
    )
    usage: Usage = Field(
        default_factory=Usage, description="What every agent's model calls used, together"
    )


class JobEventKind(StrEnum):
    AGENT_STARTED = "agent_started"
    AGENT_FINISHED = "agent_finished"
    AGENT_FAILED = "agent_failed"
    TOOL_STARTED = "tool_started"
    TOOL_FINISHED = "tool_finished"


class JobEvent(BaseModel):
    """One thing an agent did on a job: its run started, finished or failed; a tool call
    started or finished."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    at: dt.datetime
    agent: str = Field(description="The agent's name, as in database/models.py AGENTS")
    kind: JobEventKind
    tool: str | None = Field(default=None, description="The tool called (tool events)")
    call_id: str | None = Field(
        default=None, description="The tool call's id: ties its end to its start"
    )
    duration_ms: int | None = Field(
        default=None, description="How long the run or the call took (events that end one)"
    )


class JobEvents(BaseModel):
    """The job's timeline so far: its agents' runs and tool calls as events, in order."""

    job_id: uuid.UUID
    status: JobStatus
    now: dt.datetime = Field(
        description="The server's time: a run or call that has not ended is still going"
    )
    events: list[JobEvent]


class JobPage(BaseModel):
    jobs: list[Job]
    limit: int
    offset: int


class Product(BaseModel):
    """A product of the shop (the products table): the source of truth for its price and
    stock; the knowledge base holds its text for search."""

    sku: str
    name: str
    category: str
    price: float = Field(description="USD")
    stock: int = Field(description="Units in stock; 0 is out of stock")
    description: str
    updated_at: dt.datetime


class ProductPage(BaseModel):
    products: list[Product]
    limit: int
    offset: int
