"""What an agent run used: model requests, tokens and their estimated cost.

The handler gives every run its model wrapped in a `MeteredModel`, so whatever an
agent's `run` does with `job.model` (one Runner.run or several), each model response's
usage is counted, with no code in the agent. The handler stores the total with the
agent's row of job_results and sends it to CloudWatch as metrics.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from agents import ModelResponse, Usage
from agents.models.interface import Model

from aws_agent_framework.pricing import estimate_cost


@dataclass
class RunUsage:
    """Model use of one agent run; `cost_usd` is None when the model has no price."""

    model: str
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    def add(self, usage: Usage | None) -> None:
        if usage is None:
            return
        self.requests += usage.requests or 0
        self.input_tokens += usage.input_tokens or 0
        self.output_tokens += usage.output_tokens or 0

    @property
    def cost_usd(self) -> float | None:
        return estimate_cost(self.model, self.input_tokens, self.output_tokens)

    def columns(self) -> dict[str, Any]:
        """As the usage columns of job_results (001_v3_agent_usage.sql)."""
        return {
            "model": self.model,
            "requests": self.requests,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_usd": self.cost_usd,
        }


class MeteredModel(Model):
    """`model`, adding the usage of every response it gives to `usage`."""

    def __init__(self, model: Model, usage: RunUsage) -> None:
        self.model = model
        self.usage = usage

    async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
        response = await self.model.get_response(*args, **kwargs)
        self.usage.add(response.usage)
        return response

    async def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        async for event in self.model.stream_response(*args, **kwargs):
            # The completed response carries the turn's usage (Responses API events).
            if getattr(event, "type", None) == "response.completed":
                usage = getattr(event.response, "usage", None)
                if usage is not None:
                    self.usage.add(
                        Usage(
                            requests=1,
                            input_tokens=usage.input_tokens,
                            output_tokens=usage.output_tokens,
                            total_tokens=usage.total_tokens,
                        )
                    )
            yield event

    async def close(self) -> None:
        await self.model.close()

    def get_retry_advice(self, request: Any) -> Any:
        return self.model.get_retry_advice(request)
