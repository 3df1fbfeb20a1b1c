"""What agent runs use: the price table, the metered model and the offline model's token
estimate (test_handler.py shows the handler storing it with every agent's row)."""

import asyncio

import pytest
from agents import Agent, Runner, Usage
from agents.testing import ModelStep, ScriptedModel, assistant_message

from aws_agent_framework.agents.offline import OfflineModel
from aws_agent_framework.agents.usage import MeteredModel, RunUsage
from aws_agent_framework.pricing import PRICES_TAKEN, estimate_cost, price_key, price_of


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("bedrock/us.amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0"),
        (
            "bedrock/global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
        (
            "bedrock/arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0",
            "amazon.nova-lite-v1:0",
        ),
        ("openai/gpt-4o-mini", "gpt-4o-mini"),
        ("litellm/bedrock/amazon.nova-micro-v1:0", "amazon.nova-micro-v1:0"),
        ("offline/0.5", "offline"),
    ],
)
def test_a_model_setting_is_priced_by_its_id_without_provider_region_or_version(model, key):
    assert price_key(model) == key
    assert price_of(model) is not None


def test_the_longest_matching_price_wins_and_an_unknown_model_has_no_cost():
    assert price_of("openai/gpt-4o-mini") == (0.15, 0.60)
    assert price_of("openai/gpt-4o") == (2.50, 10.00)
    # Nova Pro: $0.80 in, $3.20 out per million tokens.
    assert estimate_cost("bedrock/us.amazon.nova-pro-v1:0", 1_000_000, 500_000) == pytest.approx(
        2.40
    )
    assert estimate_cost("bedrock/someone.unknown-model-v1", 1000, 1000) is None
    assert estimate_cost("offline", 10_000, 10_000) == 0.0
    assert len(PRICES_TAKEN) == 10  # an ISO date, shown next to every estimate


def test_the_metered_model_adds_every_response_and_keeps_the_answer():
    usage = RunUsage(model="bedrock/us.amazon.nova-pro-v1:0")
    scripted = ScriptedModel(
        [
            ModelStep(
                output=[assistant_message("one")],
                usage=Usage(requests=1, input_tokens=1200, output_tokens=300, total_tokens=1500),
            ),
        ]
    )
    agent = Agent(name="metered", instructions="Answer.", model=MeteredModel(scripted, usage))

    result = asyncio.run(Runner.run(agent, "hello"))

    assert result.final_output == "one"
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (1, 1200, 300)
    assert usage.cost_usd == pytest.approx((1200 * 0.80 + 300 * 3.20) / 1e6)
    assert usage.columns()["model"] == "bedrock/us.amazon.nova-pro-v1:0"


def test_the_offline_model_reports_tokens_of_what_it_read_and_wrote():
    usage = RunUsage(model="offline")
    model = MeteredModel(OfflineModel("counter"), usage)
    agent = Agent(name="counter", instructions="Be brief. " * 40, model=model)

    asyncio.run(Runner.run(agent, "a question"))

    assert usage.requests == 1
    # 400 characters of instructions are about 100 tokens; the answer is some too.
    assert 100 <= usage.input_tokens <= 120
    assert usage.output_tokens > 5
    assert usage.cost_usd == 0.0
