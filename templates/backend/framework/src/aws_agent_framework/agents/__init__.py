"""Agents on Lambda: the shared handler, job lifecycle, agent invoker and model factory."""

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
from aws_agent_framework.agents.models import resolve_model

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
    "resolve_model",
    "to_payload",
]
