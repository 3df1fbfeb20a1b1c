"""Which model an agent runs on, from one string (the MODEL variable):

- ``bedrock/<model or inference-profile id>`` — Bedrock's Converse API (the AWS default);
- ``openai/<model>`` — OpenAI (OPENAI_API_KEY);
- ``openai-compatible/<model>`` — any OpenAI-compatible server at OPENAI_BASE_URL
  (Ollama, vLLM, LM Studio);
- ``litellm/<provider>/<model>`` — LiteLLM, with the `litellm` extra installed;
- empty or ``offline`` — the offline scripted model (announced in the logs);
  ``offline/<seconds>`` waits that long per model turn, like a real model, so the
  agents' timing (workers running side by side) shows without an LLM.

A Bedrock guardrail (BEDROCK_GUARDRAIL_ID) screens the ``bedrock/`` models' calls; other
providers cannot carry it, so a guardrail with one of them is reported in the logs.
"""

from __future__ import annotations

import os

from agents.models.interface import Model

from aws_agent_framework.observability import logger
from aws_agent_framework.settings import Settings

FORMATS = (
    "bedrock/<model id>, openai/<model>, openai-compatible/<model> (with OPENAI_BASE_URL), "
    "litellm/<provider>/<model>, or empty (or offline/<seconds per turn>) for the offline model"
)
_announced: set[str] = set()
_unguarded: set[str] = set()


def model_for(settings: Settings, agent_name: str) -> Model:
    """A fresh `Model` for one run of `agent_name`, as the settings configure it: MODEL,
    the Bedrock region and the guardrail."""
    return resolve_model(
        settings.model,
        agent_name=agent_name,
        region=settings.bedrock_region or settings.region,
        guardrail_id=settings.bedrock_guardrail_id,
        guardrail_version=settings.bedrock_guardrail_version,
    )


def resolve_model(
    spec: str,
    *,
    agent_name: str = "agent",
    region: str | None = None,
    guardrail_id: str = "",
    guardrail_version: str = "DRAFT",
) -> Model:
    """A fresh `Model` for one agent run."""
    provider, _, name = spec.strip().partition("/")
    if guardrail_id and provider != "bedrock" and agent_name not in _unguarded:
        _unguarded.add(agent_name)
        logger.warning(
            "BEDROCK_GUARDRAIL_ID is set, but MODEL=%r is not a bedrock/ model: the %s "
            "agent's model calls are NOT screened by the guardrail.",
            spec,
            agent_name,
        )
    if provider in ("", "offline"):
        if agent_name not in _announced and not provider:
            _announced.add(agent_name)
            logger.warning(
                "No MODEL is configured: the %s agent runs on the OFFLINE scripted model "
                "(it calls each tool once and returns example output). Set MODEL=%s.",
                agent_name,
                "bedrock/<model id>",
            )
        from aws_agent_framework.agents.offline import OfflineModel

        try:
            latency = float(name or 0)
        except ValueError:
            latency = -1.0
        if not 0 <= latency <= 60:
            raise ValueError(f"MODEL={spec!r}: offline/<seconds> takes 0 to 60 seconds per turn")
        return OfflineModel(agent_name, latency=latency)
    if not name:
        raise ValueError(f"MODEL={spec!r} names no model: use {FORMATS}")
    if provider == "bedrock":
        from aws_agent_framework.agents.bedrock import BedrockConverseModel, Guardrail

        guardrail = Guardrail(guardrail_id, guardrail_version) if guardrail_id else None
        return BedrockConverseModel(name, region=region, guardrail=guardrail)
    if provider in ("openai", "openai-compatible"):
        from agents import OpenAIChatCompletionsModel, OpenAIResponsesModel
        from openai import AsyncOpenAI

        if provider == "openai":
            return OpenAIResponsesModel(model=name, openai_client=AsyncOpenAI())
        base_url = os.environ.get("OPENAI_BASE_URL")
        if not base_url:
            raise ValueError(
                f"MODEL={spec!r} needs OPENAI_BASE_URL, e.g. http://localhost:11434/v1"
            )
        client = AsyncOpenAI(base_url=base_url, api_key=os.environ.get("OPENAI_API_KEY", "local"))
        return OpenAIChatCompletionsModel(model=name, openai_client=client)
    if provider == "litellm":
        # Without this, importing LiteLLM fetches a cost map over the network.
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        try:
            from agents.extensions.models.litellm_model import LitellmModel
        except ImportError as error:
            raise ValueError(
                f"MODEL={spec!r} needs LiteLLM: install aws-agent-framework[litellm]"
            ) from error
        return LitellmModel(model=name)
    raise ValueError(f"MODEL={spec!r}: unknown provider {provider!r}; use {FORMATS}")
