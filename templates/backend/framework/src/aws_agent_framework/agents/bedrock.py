"""An Agents SDK `Model` over Amazon Bedrock's Converse API, using the boto3 that the
Lambda runtime already has: no LiteLLM in the zip (it would push the package past
Lambda's size limits) and a fast cold start.

Mapping, both ways:
- input items (Responses format) → Converse messages: user / assistant text, function
  calls → `toolUse` blocks, function outputs → `toolResult` blocks;
- function tools → `toolConfig.tools[].toolSpec` with their JSON schema;
- structured output → a `final_answer` tool whose input schema is the output type;
  the model's call to it becomes the run's final message;
- Converse's answer → output text and function calls, token usage.

Throttling and transient errors are retried with backoff; access denied and unknown
models raise `BedrockModelError` naming the model id and region.

With a guardrail (`Guardrail`, from BEDROCK_GUARDRAIL_ID and BEDROCK_GUARDRAIL_VERSION),
every Converse call carries it; when it intervenes the turn raises `GuardrailBlockedError`
with the guardrail's message and the policies that fired, never the text they matched.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from agents import FunctionTool, ModelResponse, ModelSettings, Usage
from agents.models.interface import Model
from botocore.exceptions import ClientError
from openai.types.responses import (
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
)
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)
from tenacity.wait import WaitBaseT

FINAL_ANSWER_TOOL = "final_answer"
RETRYABLE = {
    "ThrottlingException",
    "ServiceUnavailableException",
    "ModelNotReadyException",
    "InternalServerException",
    "ModelTimeoutException",
}
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


class BedrockModelError(RuntimeError):
    """Bedrock refused the request for a reason retrying will not fix."""


@dataclass(frozen=True)
class Guardrail:
    """An Amazon Bedrock guardrail: its id (or ARN) and version (a number, or DRAFT)."""

    identifier: str
    version: str = "DRAFT"

    def config(self) -> dict[str, str]:
        """Converse's guardrailConfig; the trace says which policy fired."""
        return {
            "guardrailIdentifier": self.identifier,
            "guardrailVersion": self.version,
            "trace": "enabled",
        }


class GuardrailBlockedError(RuntimeError):
    """The guardrail blocked a model call. `str()` is safe to store and show the user: the
    guardrail's own message and the names of the policies that fired."""

    def __init__(self, stage: str, message: str, policies: list[str]) -> None:
        what = "the request" if stage == "input" else "the model's answer"
        fired = f" ({', '.join(policies)})" if policies else ""
        super().__init__(f"the app's Bedrock guardrail blocked {what}{fired}: {message}")
        self.stage = stage
        self.policies = policies


# Where each guardrail policy lists its findings, and how a finding is named.
_POLICIES = (
    ("topicPolicy", "topics", "denied topic", "name"),
    ("contentPolicy", "filters", "content filter", "type"),
    ("wordPolicy", "customWords", "blocked word", None),
    ("wordPolicy", "managedWordLists", "word list", "type"),
    ("sensitiveInformationPolicy", "piiEntities", "personal data", "type"),
    ("sensitiveInformationPolicy", "regexes", "sensitive pattern", "name"),
    ("contextualGroundingPolicy", "filters", "grounding check", "type"),
)


def blocked_policies(assessments: list[Any]) -> list[str]:
    """`denied topic Tax advice`, `content filter VIOLENCE`, … for every finding a
    guardrail trace's assessments blocked, in order, once each."""
    found: list[str] = []
    for assessment in assessments:
        for policy, findings, label, name_key in _POLICIES:
            for finding in _get(_get(assessment, policy, {}), findings, []) or []:
                if _get(finding, "action") != "BLOCKED":
                    continue
                name = f"{label} {_get(finding, name_key)}" if name_key else label
                if name not in found:
                    found.append(name)
    return found


def guardrail_block(response: Mapping[str, Any]) -> GuardrailBlockedError | None:
    """The error for a Converse response the guardrail stopped, else None."""
    if response.get("stopReason") != "guardrail_intervened":
        return None
    trace = _get(_get(response, "trace", {}), "guardrail", {}) or {}
    inputs = list((_get(trace, "inputAssessment", {}) or {}).values())
    outputs = [
        assessment
        for per_guardrail in (_get(trace, "outputAssessments", {}) or {}).values()
        for assessment in per_guardrail
    ]
    input_policies = blocked_policies(inputs)
    stage = "input" if input_policies or not outputs else "output"
    message = _text_of(_get(_get(_get(response, "output", {}), "message", {}), "content"))
    return GuardrailBlockedError(
        stage, message.strip(), input_policies or blocked_policies(outputs)
    )


def _retryable(error: BaseException) -> bool:
    return isinstance(error, ClientError) and error.response["Error"]["Code"] in RETRYABLE


def _get(item: Any, key: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(key, default)
    return getattr(item, key, default)


def _text_of(content: Any) -> str:
    """Text of a message's content: a string or a list of input/output text parts."""
    if isinstance(content, str):
        return content
    parts = [_get(part, "text") for part in content or []]
    return "\n".join(part for part in parts if part)


def _tool_output(output: Any) -> str:
    return output if isinstance(output, str) else _text_of(output) or json.dumps(output)


def to_converse_messages(input: str | list[Any]) -> tuple[list[dict], list[dict]]:
    """(messages, extra system blocks) for Converse from the SDK's input items."""
    if isinstance(input, str):
        return [{"role": "user", "content": [{"text": input}]}], []
    messages: list[dict] = []
    system: list[dict] = []

    def add(role: str, block: dict) -> None:
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"].append(block)
        else:
            messages.append({"role": role, "content": [block]})

    for item in input:
        kind, role = _get(item, "type"), _get(item, "role")
        if kind == "function_call":
            arguments = _get(item, "arguments") or "{}"
            add(
                "assistant",
                {
                    "toolUse": {
                        "toolUseId": _get(item, "call_id"),
                        "name": _get(item, "name"),
                        "input": json.loads(arguments),
                    }
                },
            )
        elif kind == "function_call_output":
            result = {
                "toolUseId": _get(item, "call_id"),
                "content": [{"text": _tool_output(_get(item, "output"))}],
            }
            add("user", {"toolResult": result})
        elif role in ("system", "developer"):
            system.append({"text": _text_of(_get(item, "content"))})
        elif role in ("user", "assistant"):
            text = _text_of(_get(item, "content"))
            if text:
                add(role, {"text": text})
        # Reasoning items and hosted-tool items have no Converse equivalent: skipped.
    if messages and messages[0]["role"] != "user":
        messages.insert(0, {"role": "user", "content": [{"text": "Continue."}]})
    return messages, system


def to_tool_config(tools: list[Any], output_schema: Any) -> dict | None:
    specs = [
        {
            "toolSpec": {
                "name": tool.name,
                "description": tool.description or tool.name,
                "inputSchema": {"json": tool.params_json_schema},
            }
        }
        for tool in tools
        if isinstance(tool, FunctionTool)
    ]
    if output_schema is not None and not output_schema.is_plain_text():
        specs.append(
            {
                "toolSpec": {
                    "name": FINAL_ANSWER_TOOL,
                    "description": "Give the final answer. Call this once, when you are done.",
                    "inputSchema": {"json": output_schema.json_schema()},
                }
            }
        )
    return {"tools": specs, "toolChoice": {"auto": {}}} if specs else None


def from_converse_output(message: Mapping[str, Any]) -> list[Any]:
    """The SDK's output items for a Converse answer message."""
    texts: list[str] = []
    calls: list[Any] = []
    for block in message.get("content", []):
        if "text" in block:
            texts.append(block["text"])
        elif "toolUse" in block:
            use = block["toolUse"]
            arguments = json.dumps(use.get("input", {}))
            if use["name"] == FINAL_ANSWER_TOOL:
                return [_message(arguments)]
            calls.append(
                ResponseFunctionToolCall(
                    id=use["toolUseId"],
                    call_id=use["toolUseId"],
                    type="function_call",
                    name=use["name"],
                    arguments=arguments,
                )
            )
    text = "\n".join(texts).strip()
    fenced = _FENCE.match(text)
    items: list[Any] = [_message(fenced.group(1) if fenced else text)] if text else []
    return items + calls


def _message(text: str) -> ResponseOutputMessage:
    return ResponseOutputMessage(
        id=f"msg_{uuid.uuid4().hex}",
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(type="output_text", text=text, annotations=[], logprobs=[])],
    )


class BedrockConverseModel(Model):
    """``BedrockConverseModel("us.amazon.nova-pro-v1:0", region="us-west-2")``."""

    def __init__(
        self,
        model_id: str,
        *,
        region: str | None = None,
        client: Any = None,
        max_attempts: int = 6,
        wait: WaitBaseT | None = None,
        guardrail: Guardrail | None = None,
    ) -> None:
        if client is None:
            import boto3
            from botocore.config import Config

            # Retries are ours (below), so botocore's own are off to keep the count clear.
            config = Config(read_timeout=300, retries={"total_max_attempts": 1})
            client = boto3.client("bedrock-runtime", region_name=region, config=config)
        self.model_id = model_id
        self.region = region or client.meta.region_name
        self._client = client
        self._max_attempts = max_attempts
        self.guardrail = guardrail
        self._wait = wait if wait is not None else wait_exponential_jitter(initial=1, max=20)

    def request(
        self,
        system_instructions: str | None,
        input: str | list[Any],
        model_settings: ModelSettings,
        tools: list[Any],
        output_schema: Any,
    ) -> dict[str, Any]:
        """The Converse request for one model turn."""
        messages, extra_system = to_converse_messages(input)
        system = [{"text": system_instructions}] if system_instructions else []
        if output_schema is not None and not output_schema.is_plain_text():
            system.append(
                {
                    "text": f"When you are done, call the `{FINAL_ANSWER_TOOL}` tool with your answer."
                }
            )
        request: dict[str, Any] = {"modelId": self.model_id, "messages": messages}
        if system or extra_system:
            request["system"] = system + extra_system
        inference = {
            "maxTokens": model_settings.max_tokens,
            "temperature": model_settings.temperature,
            "topP": model_settings.top_p,
        }
        inference = {key: value for key, value in inference.items() if value is not None}
        if inference:
            request["inferenceConfig"] = inference
        tool_config = to_tool_config(tools, output_schema)
        if tool_config:
            request["toolConfig"] = tool_config
        if self.guardrail is not None:
            request["guardrailConfig"] = self.guardrail.config()
        return request

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[Any],
        model_settings: ModelSettings,
        tools: list[Any],
        output_schema: Any,
        handoffs: list[Any],
        tracing: Any,
        **_: Any,
    ) -> ModelResponse:
        request = self.request(system_instructions, input, model_settings, tools, output_schema)
        response = await self._converse(request)
        blocked = guardrail_block(response)
        if blocked is not None:
            raise blocked
        usage = response.get("usage", {})
        return ModelResponse(
            output=from_converse_output(response["output"]["message"]),
            usage=Usage(
                requests=1,
                input_tokens=usage.get("inputTokens", 0),
                output_tokens=usage.get("outputTokens", 0),
                total_tokens=usage.get("totalTokens", 0),
            ),
            response_id=None,
            request_id=response.get("ResponseMetadata", {}).get("RequestId"),
        )

    def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        raise NotImplementedError(
            "BedrockConverseModel answers whole turns: use Runner.run, not Runner.run_streamed"
        )

    async def _converse(self, request: dict[str, Any]) -> dict[str, Any]:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=self._wait,
            retry=retry_if_exception(_retryable),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    # boto3 blocks: a worker thread keeps concurrent agent runs concurrent.
                    return await asyncio.to_thread(self._client.converse, **request)
        except ClientError as error:
            raise self._explain(error) from error
        raise AssertionError("unreachable: tenacity reraises the last error")  # pragma: no cover

    def _explain(self, error: ClientError) -> Exception:
        code = error.response["Error"]["Code"]
        message = error.response["Error"].get("Message", "")
        where = f"model {self.model_id!r} in {self.region}"
        if code == "AccessDeniedException":
            return BedrockModelError(
                f"Bedrock denied access to {where}: {message} Enable the model under Bedrock → "
                "Model access in that region, and check the function's role allows "
                "bedrock:InvokeModel on it (guides/6_agents.md, troubleshooting)."
            )
        if code in ("ResourceNotFoundException", "ValidationException") and (
            "model" in message.lower()
        ):
            return BedrockModelError(
                f"Bedrock cannot use {where}: {message} Check the model id (an inference-"
                "profile id such as us.amazon.nova-pro-v1:0 for cross-region models)."
            )
        return error
