"""Calling one agent from another: by Lambda on AWS, in-process locally. Both transports
deliver the same direct-invocation event to the same handler and read the answer the
same way, so local runs exercise the code that runs on Lambda.

Calls are awaitable and never block the event loop (boto3 runs in a worker thread), so
`asyncio.gather` over several workers, or one model turn calling several worker tools,
runs them at the same time. The threads come from a pool of their own, as large as the
most agents an app has: asyncio's default pool holds only CPUs + 4 threads (5 on a
one-vCPU Lambda), which ran an orchestrator's 8 workers in two rounds.

An invoke that Lambda refuses before running the function (throttled by the account's
concurrency limit: TooManyRequestsException; or a transient service error) is tried
again with jittered exponential backoff, a few times and never past the caller's time
budget (`call_deadline`). Trying again is safe: workers only store their result on a
running job, so a repeated call does no harm.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import importlib
import json
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    wait_random_exponential,
)
from tenacity.wait import wait_base

from aws_agent_framework.events import LambdaContext
from aws_agent_framework.observability import count, logger

Handler = Callable[[dict[str, Any], Any], Any]
T = TypeVar("T")

# One thread per agent call in flight: 16 agents at most per app, and the orchestrator's
# own calls besides (the Lambda client's connection pool is as large).
_CALLS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="agent-call")


async def _in_thread(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`asyncio.to_thread` on the agent-call pool (the caller's context variables too)."""
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_CALLS, call)


class AgentCallError(RuntimeError):
    """An agent call failed; `str()` is safe to store and show, details are in the logs."""

    def __init__(self, agent: str, detail: str, message: str | None = None) -> None:
        super().__init__(message or f"The {agent} agent failed")
        self.agent = agent
        self.detail = detail


class AgentUnavailableError(AgentCallError):
    """Lambda did not run the agent (throttled or a service error), however often tried."""

    def __init__(self, agent: str, tries: int, code: str) -> None:
        times = f"{tries} {'try' if tries == 1 else 'tries'}"
        message = f"AWS Lambda did not run the {agent} agent ({code}); gave up after {times}"
        super().__init__(agent, f"{code} on each of {times}", message)
        self.tries = tries
        self.code = code


# Invoke errors Lambda returns before the function ran: trying again is safe.
RETRYABLE_INVOKE_ERRORS = frozenset(
    {"TooManyRequestsException", "EC2ThrottledException", "ServiceException"}
)

# When the current run must have finished (time.monotonic()); the handler sets it.
_deadline: ContextVar[float | None] = ContextVar("agent_call_deadline", default=None)


@contextlib.contextmanager
def call_deadline(seconds: float) -> Iterator[None]:
    """Agent calls made inside (and in tasks started inside) retry only while more than
    the next wait is left of `seconds`."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _invoke_error_code(error: BaseException) -> str | None:
    """The error code of a retryable Lambda invoke error, else None."""
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return None
    code = str(response.get("Error", {}).get("Code", ""))
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code in RETRYABLE_INVOKE_ERRORS or status in (500, 503):
        return code or f"HTTP {status}"
    return None


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
    """Invokes `<prefix><agent-name>` synchronously (RequestResponse); throttled invokes
    are tried again up to `max_tries` times in all (see the module's docstring).

    `qualifier` names the alias to invoke (`live` with Lambda SnapStart, which applies
    only to published versions: an unqualified call would run $LATEST, cold); empty
    invokes the function itself.
    """

    def __init__(
        self,
        prefix: str,
        client: Any = None,
        *,
        region: str | None = None,
        qualifier: str = "",
        max_tries: int = 6,
        wait: wait_base | None = None,
    ) -> None:
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
        self.qualifier = qualifier
        self.max_tries = max_tries
        # 0.5 s, 1 s, 2 s, 4 s … up to 20 s, each drawn at random below that (full jitter).
        self._wait = wait or wait_random_exponential(multiplier=0.5, max=20)

    def function_name(self, agent: str) -> str:
        return f"{self._prefix}{agent.replace('_', '-')}"

    def target(self, agent: str) -> str:
        """What is invoked, as Lambda names it: `<function>` or `<function>:<alias>`."""
        name = self.function_name(agent)
        return f"{name}:{self.qualifier}" if self.qualifier else name

    async def send(self, agent: str, event: dict[str, Any]) -> tuple[bool, Any]:
        deadline = _deadline.get()

        def give_up(state: RetryCallState) -> bool:
            if state.attempt_number >= self.max_tries:
                return True
            next_wait = state.upcoming_sleep or 0.0
            return deadline is not None and time.monotonic() + next_wait >= deadline

        def log_retry(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            count("AgentCallsRetried")
            logger.warning(
                "Agent call refused by Lambda; trying again",
                extra={
                    "agent": agent,
                    "code": _invoke_error_code(error) if error else None,
                    "attempt": state.attempt_number,
                    "wait_seconds": round(state.upcoming_sleep, 2),
                },
            )

        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda error: _invoke_error_code(error) is not None),
            wait=self._wait,
            stop=give_up,
            before_sleep=log_retry,
            reraise=True,
        )
        request: dict[str, Any] = {
            "FunctionName": self.function_name(agent),
            "InvocationType": "RequestResponse",
            "Payload": json.dumps(event).encode(),
        }
        if self.qualifier:
            request["Qualifier"] = self.qualifier
        tries = 0
        try:
            async for attempt in retrying:
                with attempt:
                    tries += 1
                    response = await _in_thread(self.client.invoke, **request)
        except Exception as error:
            code = _invoke_error_code(error)
            if code is None:
                raise
            logger.error("Agent call refused by Lambda; giving up", extra={"agent": agent})
            raise AgentUnavailableError(agent, tries, code) from error
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
            result = await _in_thread(handler, wire_event, context)
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
