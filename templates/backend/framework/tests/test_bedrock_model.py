"""The Bedrock Converse model against botocore's Stubber: the exact requests it sends,
a tool call round trip through the Agents SDK, structured output, Bedrock errors, and
the guardrail on every call."""

import asyncio

import pytest
from agents import Agent, Runner, function_tool
from botocore.stub import ANY, Stubber
from pydantic import BaseModel
from tenacity import wait_none

from aws_agent_framework.agents.bedrock import (
    BedrockConverseModel,
    BedrockModelError,
    Guardrail,
    GuardrailBlockedError,
    guardrail_block,
)
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


def forecaster(model):
    """An agent with one tool and a structured answer."""
    return Agent(
        name="forecaster",
        instructions="Forecast.",
        model=model,
        tools=[weather],
        output_type=Forecast,
    )


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
    agent = forecaster(model)

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


def test_the_guardrail_rides_on_every_converse_call(bedrock):
    model, stubber = bedrock
    model.guardrail = Guardrail("gr-abc123", "2")
    guarded = {
        "modelId": MODEL_ID,
        "messages": ANY,
        "system": ANY,
        "toolConfig": ANY,
        "guardrailConfig": {
            "guardrailIdentifier": "gr-abc123",
            "guardrailVersion": "2",
            "trace": "enabled",
        },
    }
    weather_call = {"toolUse": {"toolUseId": "t1", "name": "weather", "input": {"city": "Oslo"}}}
    final = {"city": "Oslo", "summary": "Clear"}
    final_call = {"toolUse": {"toolUseId": "t2", "name": "final_answer", "input": final}}
    stubber.add_response("converse", answer(weather_call, stop="tool_use"), guarded)
    stubber.add_response("converse", answer(final_call, stop="tool_use"), guarded)
    agent = forecaster(model)

    assert asyncio.run(Runner.run(agent, "Oslo?")).final_output == Forecast(**final)


def blocked(message, *, input_assessment=None, outputs=()):
    """A Converse answer the guardrail stopped, with its trace's assessments."""
    response = answer({"text": message}, stop="guardrail_intervened")
    trace = {
        "inputAssessment": {"gr-abc123": input_assessment} if input_assessment else {},
        "outputAssessments": {"gr-abc123": list(outputs)} if outputs else {},
    }
    response["trace"] = {"guardrail": trace}
    return response


def test_a_blocked_call_raises_with_the_guardrails_message_and_the_policies_not_the_text(
    bedrock,
):
    model, stubber = bedrock
    model.guardrail = Guardrail("gr-abc123", "2")
    stubber.add_response(
        "converse",
        blocked(
            "Sorry, this request cannot be handled.",
            input_assessment={
                "topicPolicy": {
                    "topics": [{"name": "Investment advice", "type": "DENY", "action": "BLOCKED"}]
                },
                "sensitiveInformationPolicy": {
                    "piiEntities": [
                        {
                            "match": "123-45-6789",
                            "type": "US_SOCIAL_SECURITY_NUMBER",
                            "action": "BLOCKED",
                        },
                        {"match": "a@b.example", "type": "EMAIL", "action": "ANONYMIZED"},
                    ],
                    "regexes": [],
                },
            },
        ),
    )
    agent = Agent(name="a", instructions="x", model=model)

    with pytest.raises(GuardrailBlockedError) as raised:
        asyncio.run(Runner.run(agent, "My SSN is 123-45-6789: where should I invest?"))

    assert str(raised.value) == (
        "the app's Bedrock guardrail blocked the request (denied topic Investment advice, "
        "personal data US_SOCIAL_SECURITY_NUMBER): Sorry, this request cannot be handled."
    )
    assert raised.value.stage == "input"


def test_a_blocked_answer_names_the_output_policies():
    response = blocked(
        "Withheld.",
        outputs=[
            {
                "contentPolicy": {
                    "filters": [{"type": "VIOLENCE", "confidence": "HIGH", "action": "BLOCKED"}]
                }
            },
            {
                "wordPolicy": {
                    "managedWordLists": [{"match": "x", "type": "PROFANITY", "action": "BLOCKED"}]
                }
            },
        ],
    )
    error = guardrail_block(response)
    assert error is not None and error.stage == "output"
    assert str(error) == (
        "the app's Bedrock guardrail blocked the model's answer (content filter VIOLENCE, "
        "word list PROFANITY): Withheld."
    )
    assert guardrail_block(answer({"text": "fine"})) is None


def test_the_settings_guardrail_goes_to_bedrock_models_and_others_are_reported(caplog):
    from aws_agent_framework.agents.models import model_for, resolve_model
    from aws_agent_framework.settings import Settings

    settings = Settings(
        model=f"bedrock/{MODEL_ID}",
        bedrock_region="us-west-2",
        bedrock_guardrail_id="gr-abc123",
        bedrock_guardrail_version="3",
    )
    assert model_for(settings, "writer").guardrail == Guardrail("gr-abc123", "3")
    assert resolve_model(f"bedrock/{MODEL_ID}", region="us-west-2").guardrail is None
    # Other providers cannot carry a Bedrock guardrail: the logs say so, once per agent.
    resolve_model("offline", agent_name="unscreened", guardrail_id="gr-abc123")
    resolve_model("offline", agent_name="unscreened", guardrail_id="gr-abc123")
    warned = [
        r for r in caplog.records if "the unscreened agent's model calls are NOT" in r.message
    ]
    assert len(warned) == 1
