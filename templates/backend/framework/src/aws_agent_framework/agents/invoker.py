"""Calling one agent from another: by Lambda on AWS, in-process locally. Both transports
deliver the same direct-invocation event to the same handler and read the answer the
same way, so local runs exercise the code that runs on Lambda.

Calls are awaitable and never block the event loop (boto3 runs in a worker thread), so
`asyncio.gather` over several workers, or one model turn calling several worker tools,
runs them at the same time.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from aws_agent_framework.events import LambdaContext
from aws_agent_framework.observability import logger

Handler = Callable[[dict[str, Any], Any], Any]


class AgentCallError(RuntimeError):
    """An agent call failed; `str()` is safe to store and show, details are in the logs."""

    def __init__(self, agent: str, detail: str) -> None:
        super().__init__(f"The {agent} agent failed")
        self.agent = agent
        self.detail = detail


def find_agent_call_error(error: BaseException) -> AgentCallError | None:
    """The AgentCallError behind `error`, if any (the Agents SDK wraps tool errors)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, AgentCallError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class Transport(Protocol):
    async def send(self, agent: str, event: dict[str, Any]) -> tuple[bool, Any]:
        """Delivers `event`; returns (failed, payload) as Lambda's Invoke reports them."""
        ...


class LambdaTransport:
    """Invokes `<prefix><agent-name>` synchronously (RequestResponse)."""

    def __init__(self, prefix: str, client: Any = None, *, region: str | None = None) -> None:
        if client is None:
            import boto3
            from botocore.config import Config

            # Long reads (a worker may run for minutes), room for parallel calls, and no
            # automatic retry of a call that may already have run.
            config = Config(
                read_timeout=900, max_pool_connections=32, retries={"total_max_attempts": 1}
            )
            client = boto3.client("lambda", region_name=region, config=config)
        self.client = client
        self._prefix = prefix

    def function_name(self, agent: str) -> str:
        return f"{self._prefix}{agent.replace('_', '-')}"

    async def send(self, agent: str, event: dict[str, Any]) -> tuple[bool, Any]:
        response = await asyncio.to_thread(
            self.client.invoke,
            FunctionName=self.function_name(agent),
            InvocationType="RequestResponse",
            Payload=json.dumps(event).encode(),
        )
        payload = json.loads(response["Payload"].read() or b"null")
        return bool(response.get("FunctionError")), payload


class InProcessTransport:
    """Runs the agent's own Lambda handler in a worker thread of this process.

    Handlers are found by convention (`<agent>.lambda_handler.handler`) unless given.
    """

    def __init__(self, handlers: dict[str, Handler] | None = None, timeout: float = 900) -> None:
        self._handlers = handlers if handlers is not None else {}
        self._timeout = timeout

    def handler(self, agent: str) -> Handler:
        if agent not in self._handlers:
            module = importlib.import_module(f"{agent}.lambda_handler")
            self._handlers[agent] = module.handler
        return self._handlers[agent]

    async def send(self, agent: str, event: dict[str, Any]) -> tuple[bool, Any]:
        handler = self.handler(agent)
        # Round-trip through JSON, as Lambda does, so nothing unserialisable slips through.
        wire_event = json.loads(json.dumps(event))
        context = LambdaContext(function_name=agent, timeout_seconds=self._timeout)
        try:
            result = await asyncio.to_thread(handler, wire_event, context)
        except Exception as error:
            return True, {"errorType": type(error).__name__, "errorMessage": str(error)}
        return False, json.loads(json.dumps(result))


class AgentInvoker:
    """``await invoker.invoke("researcher", job_id, "what to do")`` → the worker's result."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    async def invoke(self, agent: str, job_id: uuid.UUID, task: str) -> Any:
        event = {"job_id": str(job_id), "task": task}
        failed, payload = await self.transport.send(agent, event)
        if failed:
            detail = json.dumps(payload)[:2000]
            logger.error("Agent call failed", extra={"agent": agent, "detail": detail})
            raise AgentCallError(agent, detail)
        return payload.get("result") if isinstance(payload, dict) else payload
