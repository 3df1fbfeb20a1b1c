"""Shapes of {{ app_title | docstring }}'s rows and API bodies (pydantic), shared by the
agents, the API and the frontend's generated types."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


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


class JobRequest(BaseModel):
    """What a user submits to start a job; stored as jobs.request_payload."""

    model_config = ConfigDict(extra="forbid")

    # TODO(domain): Replace `question` with the fields a job of your domain needs (and update
    # EXAMPLE below, the dashboard's form in frontend/, and the agents' instructions).
    question: str = Field(
        min_length=1, max_length=4000, description="What the user wants the agents to work on"
    )

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "question": {{ ("Give me a first overview: " ~ app_description) | py }},
    }


class Job(BaseModel):
    """A job as stored, with one result payload per agent (None until that agent is done)."""

    id: uuid.UUID
    user_id: str
    status: JobStatus
    request_payload: dict[str, Any]
{% for agent in agents %}
    {{ agent.name }}_payload: dict[str, Any] | None = None
{% endfor %}
    error_message: str | None = None
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    updated_at: dt.datetime


class JobPage(BaseModel):
    jobs: list[Job]
    limit: int
    offset: int


# The example domain table (database/migrations/002_domain.sql), served by api/routes.py.
class NoteCreate(BaseModel):
    """What a user sends to add a note."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(default="", max_length=10_000)


class Note(BaseModel):
    id: uuid.UUID
    user_id: str
    title: str
    body: str
    created_at: dt.datetime
    updated_at: dt.datetime


class NotePage(BaseModel):
    notes: list[Note]
    limit: int
    offset: int
