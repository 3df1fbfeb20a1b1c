"""Logs, metrics and traces.

- `logger` is Powertools' structured JSON logger (level from POWERTOOLS_LOG_LEVEL).
- `count()` adds to a CloudWatch metric (Powertools, embedded metric format) on Lambda;
  locally it does nothing. `record_usage()` sends an agent run's model requests, tokens
  and estimated cost the same way.
- `configure_tracing()` sends Agents SDK traces to LangFuse through OpenTelemetry when
  LangFuse keys are configured (LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY / LANGFUSE_HOST,
  or LANGFUSE_SECRET_ARN naming a Secrets Manager secret with those three keys). When
  they are not, the SDK's tracing is switched off, so nothing tries to reach a server.
  Every agent's run of a job goes under one LangFuse trace whose id derives from the
  job's id (`job_trace`), whichever Lambda runs it; the online judge's score of the job
  lands on that trace (`send_quality_score`) and in the metric `QualityScore`.
- `flush()` sends buffered spans before Lambda freezes the process: it returns as soon
  as the export is done, with no fixed sleep.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from aws_agent_framework.settings import Settings, on_lambda

if TYPE_CHECKING:
    from aws_agent_framework.agents.usage import RunUsage

logger = Logger(service=os.environ.get("APP_NAME") or "agent-app")
metrics = Metrics(
    namespace=os.environ.get("APP_NAME") or "agent-app",
    service=os.environ.get("APP_NAME") or "agent-app",
)

_LANGFUSE_VARIABLES = {
    "public_key": "LANGFUSE_PUBLIC_KEY",
    "secret_key": "LANGFUSE_SECRET_KEY",
    "host": "LANGFUSE_HOST",
}
_state = {"configured": False, "langfuse": False}


def langfuse_keys(settings: Settings) -> dict[str, str]:
    """The LangFuse keys from the environment or the secret; empty when not configured."""
    keys = {
        "public_key": settings.langfuse_public_key,
        "secret_key": settings.langfuse_secret_key,
        "host": settings.langfuse_host,
    }
    if settings.langfuse_secret_arn and not keys["secret_key"]:
        from aws_lambda_powertools.utilities.parameters import get_secret

        # The secret holds LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_HOST
        # (guides/6_agents.md), the variables' own names.
        secret = dict(get_secret(settings.langfuse_secret_arn, transform="json", max_age=300))
        keys.update({k: str(secret[v]) for k, v in _LANGFUSE_VARIABLES.items() if secret.get(v)})
    return keys if keys["public_key"] and keys["secret_key"] else {}


def configure_tracing(settings: Settings) -> bool:
    """Sets up tracing once per process; True when traces go to LangFuse."""
    if _state["configured"]:
        return _state["langfuse"]
    from agents import set_tracing_disabled

    keys = langfuse_keys(settings)
    if not keys:
        set_tracing_disabled(True)
        _state.update(configured=True, langfuse=False)
        return False
    try:
        from langfuse import get_client
        from openinference.instrumentation.openai_agents import (
            OpenAIAgentsInstrumentor,
        )
    except ImportError as error:
        raise RuntimeError(
            "LangFuse keys are set but the tracing packages are missing: install "
            "aws-agent-framework[langfuse]"
        ) from error
    for key, variable in _LANGFUSE_VARIABLES.items():
        if keys.get(key):
            os.environ[variable] = keys[key]
    get_client()
    # Exclusive: the SDK's default exporter would try to send the same traces to OpenAI.
    OpenAIAgentsInstrumentor().instrument(exclusive_processor=True)
    _state.update(configured=True, langfuse=True)
    logger.info("Tracing agent runs to LangFuse", extra={"host": keys.get("host") or "default"})
    return True


def count(name: str, value: int = 1) -> None:
    """Adds `value` to the metric `name` (Count) of this invocation, on Lambda only."""
    if on_lambda():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def record_usage(usage: RunUsage) -> None:
    """An agent run's use of its model as metrics (summed over every agent of the app):
    ModelRequests, InputTokens, OutputTokens and EstimatedCostUSD, on Lambda only; a run
    that made no model call sends none."""
    if not on_lambda() or usage.requests == 0:
        return
    for name, value in (
        ("ModelRequests", usage.requests),
        ("InputTokens", usage.input_tokens),
        ("OutputTokens", usage.output_tokens),
    ):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    if usage.cost_usd is not None:
        metrics.add_metric(name="EstimatedCostUSD", unit=MetricUnit.NoUnit, value=usage.cost_usd)


def job_trace_id(job_id: uuid.UUID) -> str:
    """The LangFuse trace id of a job: the same in every agent's Lambda."""
    from langfuse import Langfuse

    return Langfuse.create_trace_id(seed=str(job_id))


@contextlib.contextmanager
def job_trace(job_id: uuid.UUID, agent: str) -> Iterator[None]:
    """Puts the agent runs inside under the job's LangFuse trace; nothing without LangFuse."""
    if not _state["langfuse"]:
        yield
        return
    from langfuse import get_client

    with get_client().start_as_current_observation(
        name=agent, trace_context={"trace_id": job_trace_id(job_id)}
    ):
        yield


def record_quality(score: float) -> None:
    """The online judge's score of a job as the metric QualityScore, on Lambda only."""
    if on_lambda():
        metrics.add_metric(name="QualityScore", unit=MetricUnit.NoUnit, value=score)


def send_quality_score(job_id: uuid.UUID, score: float, reason: str, judge: str) -> None:
    """The online judge's score as the LangFuse score `quality` on the job's trace."""
    if not _state["langfuse"]:
        return
    from langfuse import get_client

    get_client().create_score(
        name="quality",
        value=score,
        trace_id=job_trace_id(job_id),
        comment=reason,
        metadata={"judge": judge},
    )


def flush() -> None:
    """Writes this invocation's metrics and exports buffered spans (call at the end of
    every invocation)."""
    if on_lambda():
        metrics.flush_metrics()
    if _state["langfuse"]:
        from langfuse import get_client

        get_client().flush()
