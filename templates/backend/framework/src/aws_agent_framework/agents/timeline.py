"""The job timeline's tool calls: `ToolCallRecorder` is the Agents SDK run hooks every
agent run gets as `job.hooks` (an agent's `run` passes it to `Runner.run(...,
hooks=job.hooks)`). It adds a row to job_tool_calls as each tool call starts and
finishes it when the call ends, so the dashboard can draw what every agent is doing
while the job runs. Recording never fails a run: a write that fails is logged and the
run goes on without that bar.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from agents import RunHooks

from aws_agent_framework.agents.jobs import JobStore
from aws_agent_framework.observability import logger


class ToolCallRecorder(RunHooks[Any]):
    """Records `agent`'s tool calls on job `job_id` in `store`."""

    def __init__(self, store: JobStore, job_id: uuid.UUID, agent: str) -> None:
        self.store = store
        self.job_id = job_id
        self.agent = agent

    async def on_tool_start(self, context: Any, agent: Any, tool: Any) -> None:
        await self._write(
            self.store.start_tool_call,
            self.job_id,
            self.agent,
            _call_id(context),
            tool.name,
            _now(),
        )

    async def on_tool_end(self, context: Any, agent: Any, tool: Any, result: object) -> None:
        await self._write(
            self.store.finish_tool_call, self.job_id, self.agent, _call_id(context), _now()
        )

    async def _write(self, write: Callable[..., None], *args: Any) -> None:
        try:
            await asyncio.to_thread(write, *args)
        except Exception:  # the timeline must never fail the job
            logger.warning("Could not record a tool call for the timeline", exc_info=True)


def _call_id(context: Any) -> str:
    """The model's id of the call (function tools get a ToolContext that has it)."""
    return str(getattr(context, "tool_call_id", None) or id(context))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
