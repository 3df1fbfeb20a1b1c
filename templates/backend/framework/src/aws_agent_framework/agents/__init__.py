"""Agents on Lambda: the shared handler, job lifecycle, agent invoker and model factory.

Each name is imported from its module on first use (PEP 562), not when the package is:
the API imports `JobStore` from here, and on Lambda it never runs an agent, so its cold
start skips the Agents SDK, which is most of an agent function's import time.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_agent_framework.agents.handler import AgentHandler, JobContext, to_payload
    from aws_agent_framework.agents.invoker import (
        AgentCallError,
        AgentInvoker,
        AgentUnavailableError,
        InProcessTransport,
        LambdaTransport,
        call_deadline,
        find_agent_call_error,
    )
    from aws_agent_framework.agents.jobs import JobStore
    from aws_agent_framework.agents.models import model_for, resolve_model

# Where each public name lives, by module of this package.
_MODULES = {
    "AgentCallError": "invoker",
    "AgentHandler": "handler",
    "AgentInvoker": "invoker",
    "AgentUnavailableError": "invoker",
    "InProcessTransport": "invoker",
    "JobContext": "handler",
    "JobStore": "jobs",
    "LambdaTransport": "invoker",
    "call_deadline": "invoker",
    "find_agent_call_error": "invoker",
    "model_for": "models",
    "resolve_model": "models",
    "to_payload": "handler",
}

__all__ = [
    "AgentCallError",
    "AgentHandler",
    "AgentInvoker",
    "AgentUnavailableError",
    "InProcessTransport",
    "JobContext",
    "JobStore",
    "LambdaTransport",
    "call_deadline",
    "find_agent_call_error",
    "model_for",
    "resolve_model",
    "to_payload",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value
