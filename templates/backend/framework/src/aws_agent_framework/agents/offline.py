"""The offline model: runs an agent with no LLM and no network, so a fresh project works
end to end before any model is configured.

Its first turn calls every tool the agent has (all in one turn, so the Agents SDK runs
them concurrently, as a real model's parallel tool calls would be); its second turn
answers with a value of the agent's declared output type, filled with example values
that quote what the tools returned. Each turn reports token usage as a real model would,
estimated at four characters a token, so usage and cost work offline too (at a price of
0). It is built on the Agents SDK's own `ScriptedModel`,
so streaming and tracing behave like the SDK's. With a latency, each turn first waits
that long (without blocking other agents), as a real model's reply takes time.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

from agents import FunctionTool, Usage
from agents.testing import ModelStep, ScriptedModel, assistant_message, function_call

_QUOTE_CHARS = 100
# Characters per token, roughly, for English text and JSON.
_CHARS_PER_TOKEN = 4


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS] + "…"


def _tokens(text: str) -> int:
    return -(-len(text) // _CHARS_PER_TOKEN)


def _field(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


def _written(item: Any) -> str:
    """What the model wrote in an output item: a tool call, or a message's text."""
    arguments = _field(item, "arguments")
    if arguments is not None:
        return f"{_field(item, 'name')}({arguments})"
    return "".join(str(_field(part, "text") or "") for part in _field(item, "content") or [])


def example_value(schema: Mapping[str, Any], label: str, defs: Mapping[str, Any]) -> Any:
    """A value that satisfies the JSON schema `schema`; strings say what they stand for."""
    if "$ref" in schema:
        return example_value(defs[schema["$ref"].rsplit("/", 1)[-1]], label, defs)
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [s for s in schema[combinator] if s.get("type") != "null"]
            return example_value(options[0] if options else {"type": "null"}, label, defs)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: example_value(sub, label, defs) for name, sub in properties.items()}
    if kind == "array":
        return [example_value(schema.get("items", {}), label, defs)]
    examples = {"integer": 1, "number": 1.0, "boolean": True, "null": None}
    return examples.get(kind, label)


_PARAMETERS = ("system_instructions", "input", "model_settings", "tools", "output_schema")


def _call_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The Model interface's arguments by name, however the SDK passed them."""
    return {**dict(zip(_PARAMETERS, args, strict=False)), **kwargs}


class OfflineModel(ScriptedModel):
    """A stand-in for an LLM, named in logs as `offline` (see the module docstring)."""

    def __init__(self, agent_name: str = "agent", *, latency: float = 0.0) -> None:
        super().__init__()
        self.agent_name = agent_name
        self.latency = latency

    async def get_response(self, *args: Any, **kwargs: Any) -> Any:
        self.enqueue(self._next_step(_call_arguments(args, kwargs)))
        await asyncio.sleep(self.latency)
        return await super().get_response(*args, **kwargs)

    async def stream_response(self, *args: Any, **kwargs: Any) -> Any:
        self.enqueue(self._next_step(_call_arguments(args, kwargs)))
        await asyncio.sleep(self.latency)
        async for event in super().stream_response(*args, **kwargs):
            yield event

    def _next_step(self, call: dict[str, Any]) -> ModelStep:
        step = self._answer(call)
        read = json.dumps([call["system_instructions"], call["input"]], default=str)
        written = "".join(_written(item) for item in step.output)
        step.usage = Usage(
            requests=1,
            input_tokens=_tokens(read),
            output_tokens=_tokens(written),
            total_tokens=_tokens(read) + _tokens(written),
        )
        return step

    def _answer(self, call: dict[str, Any]) -> ModelStep:
        input, tools, output_schema = call["input"], call["tools"], call["output_schema"]
        items = [{"role": "user", "content": input}] if isinstance(input, str) else input
        already_called = any(_field(item, "type") == "function_call" for item in items)
        function_tools = [tool for tool in tools if isinstance(tool, FunctionTool)]
        if function_tools and not already_called:
            return ModelStep(output=[self._call(tool, i) for i, tool in enumerate(function_tools)])
        names = {
            _field(i, "call_id"): _field(i, "name")
            for i in items
            if _field(i, "type") == "function_call"
        }
        said = [
            f"{names.get(_field(i, 'call_id'), 'a tool')} returned {_short(_field(i, 'output'))}"
            for i in items
            if _field(i, "type") == "function_call_output"
        ]
        text = f"Offline answer from {self.agent_name} (no MODEL is set). " + "; ".join(said)
        if output_schema is None or output_schema.is_plain_text():
            return ModelStep(output=[assistant_message(text)])
        schema = output_schema.json_schema()
        value = example_value(schema, text, schema.get("$defs", {}))
        return ModelStep(output=[assistant_message(json.dumps(value))])

    def _call(self, tool: FunctionTool, index: int) -> Any:
        schema = tool.params_json_schema
        arguments = example_value(
            schema, f"Offline request for {tool.name}", schema.get("$defs", {})
        )
        return function_call(tool.name, arguments, call_id=f"offline-{self.agent_name}-{index}")
