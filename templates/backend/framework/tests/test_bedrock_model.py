"""The Bedrock Converse model against botocore's Stubber: the exact requests it sends,
a tool call round trip through the Agents SDK, structured output, and Bedrock errors."""

import asyncio

import pytest
from agents import Agent, Runner, function_tool
from botocore.stub import ANY, Stubber
from pydantic import BaseModel
from tenacity import wait_none

from aws_agent_framework.agents.bedrock import BedrockConverseModel, BedrockModelError
from aws_agent_framework.testing import offline_client

MODEL_ID = "us.amazon.nova-pro-v1:0"


class Forecast(BaseModel):
    city: str
    summary: str


@pytest.fixture
def bedrock():
    client = offline_client("bedrock-runtime", "us-west-2")
    with Stubber(client) as stubber:
        yield (
            BedrockConverseModel(MODEL_ID, client=client, max_attempts=3, wait=wait_none()),
            stubber,
        )
        stubber.assert_no_pending_responses()


def answer(*content, stop="end_turn"):
    return {
        "output": {"message": {"role": "assistant", "content": list(content)}},
        "stopReason": stop,
        "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 15},
        "metrics": {"latencyMs": 100},
    }


@function_tool
async def weather(city: str) -> str:
    """Today's weather in a city."""
    return f"{city}: 21 C, clear"


def test_a_tool_call_round_trip_with_structured_output(bedrock):
    model, stubber = bedrock
    tool_spec = {
        "toolSpec": {
            "name": "weather",
            "description": "Today's weather in a city.",
            "inputSchema": {"json": ANY},
        }
    }
    final_spec = {
        "toolSpec": {"name": "final_answer", "description": ANY, "inputSchema": {"json": ANY}}
    }
    system = [{"text": "Forecast."}, {"text": ANY}]
    stubber.add_response(
        "converse",
        answer(
            {"toolUse": {"toolUseId": "t1", "name": "weather", "input": {"city": "Oslo"}}},
            stop="tool_use",
        ),
        {
            "modelId": MODEL_ID,
            "messages": [{"role": "user", "content": [{"text": "Oslo?"}]}],
            "system": system,
            "toolConfig": {"tools": [tool_spec, final_spec], "toolChoice": {"auto": {}}},
        },
    )
    stubber.add_response(
        "converse",
        answer(
            {
                "toolUse": {
                    "toolUseId": "t2",
                    "name": "final_answer",
                    "input": {"city": "Oslo", "summary": "Clear, 21 C"},
                }
            },
            stop="tool_use",
        ),
        {
            "modelId": MODEL_ID,
            "messages": [
                {"role": "user", "content": [{"text": "Oslo?"}]},
                {
                    "role": "assistant",
                    "content": [
                        {
                            "toolUse": {
                                "toolUseId": "t1",
                                "name": "weather",
                                "input": {"city": "Oslo"},
                            }
                        }
                    ],
                },
                {
                    "role": "user",
                    "content": [
                        {
                            "toolResult": {
                                "toolUseId": "t1",
                                "content": [{"text": "Oslo: 21 C, clear"}],
                            }
                        }
                    ],
                },
            ],
            "system": system,
            "toolConfig": {"tools": [tool_spec, final_spec], "toolChoice": {"auto": {}}},
        },
    )
    agent = Agent(
        name="forecaster",
        instructions="Forecast.",
        model=model,
        tools=[weather],
        output_type=Forecast,
    )

    result = asyncio.run(Runner.run(agent, "Oslo?"))

    assert result.final_output == Forecast(city="Oslo", summary="Clear, 21 C")
    assert result.context_wrapper.usage.total_tokens == 30


def test_plain_text_answers_and_inference_settings(bedrock):
    model, stubber = bedrock
    stubber.add_response(
        "converse",
        answer({"text": "Hello there."}),
        {
            "modelId": MODEL_ID,
            "messages": [{"role": "user", "content": [{"text": "Hi"}]}],
            "system": [{"text": "Greet."}],
            "inferenceConfig": {"maxTokens": 200, "temperature": 0.2},
        },
    )
    from agents import ModelSettings

    agent = Agent(
        name="greeter",
        instructions="Greet.",
        model=model,
        model_settings=ModelSettings(max_tokens=200, temperature=0.2),
    )
    assert asyncio.run(Runner.run(agent, "Hi")).final_output == "Hello there."


def test_throttling_is_retried(bedrock):
    model, stubber = bedrock
    stubber.add_client_error("converse", "ThrottlingException", "Too many requests", 429)
    stubber.add_client_error("converse", "ServiceUnavailableException", "Try again", 503)
    stubber.add_response("converse", answer({"text": "ok"}))
    agent = Agent(name="a", instructions="x", model=model)
    assert asyncio.run(Runner.run(agent, "go")).final_output == "ok"


def test_access_denied_names_the_model_and_what_to_do(bedrock):
    model, stubber = bedrock
    stubber.add_client_error(
        "converse",
        "AccessDeniedException",
        "You don't have access to the model with the specified model ID.",
        403,
    )
    agent = Agent(name="a", instructions="x", model=model)
    with pytest.raises(BedrockModelError) as raised:
        asyncio.run(Runner.run(agent, "go"))
    message = str(raised.value)
    assert MODEL_ID in message and "us-west-2" in message
    assert "Model access" in message
