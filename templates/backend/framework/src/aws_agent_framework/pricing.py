"""What model calls cost: the one price table, and the estimate every agent run records.

Prices are list prices in USD per million tokens (input, output), on demand, as AWS and
OpenAI published them on PRICES_TAKEN; Bedrock's are for us-east-1 (a cross-region
inference profile such as `us.` or `global.` costs the same as its source region).
Estimates do not include discounts, batch or provisioned throughput, caching, or taxes:
read the bill for what was charged. When your model is missing or its price changed,
edit PRICES (the key is the model id without its provider, region prefix or version).
"""

from __future__ import annotations

import re

PRICES_TAKEN = "2026-03-31"
PRICES_SOURCE = "https://aws.amazon.com/bedrock/pricing/ and https://openai.com/api/pricing/"

# Model id prefix → (USD per million input tokens, USD per million output tokens). The
# longest key that starts the model id wins.
PRICES: dict[str, tuple[float, float]] = {
    # The offline scripted model: no calls are made, nothing is charged.
    "offline": (0.0, 0.0),
    "amazon.nova-micro": (0.035, 0.14),
    "amazon.nova-lite": (0.06, 0.24),
    "amazon.nova-pro": (0.80, 3.20),
    "anthropic.claude-3-5-haiku": (0.80, 4.00),
    "anthropic.claude-haiku-4-5": (1.00, 5.00),
    "anthropic.claude-3-5-sonnet": (3.00, 15.00),
    "anthropic.claude-3-7-sonnet": (3.00, 15.00),
    "anthropic.claude-sonnet-4": (3.00, 15.00),
    "anthropic.claude-opus-4": (15.00, 75.00),
    "meta.llama3-3-70b-instruct": (0.72, 0.72),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
}

# `us.amazon.nova-pro-v1:0`, an inference profile's ARN, `bedrock/…`: the id PRICES keys.
_PROVIDER = re.compile(r"^(bedrock|openai|openai-compatible|litellm(/[^/]+)?)/")
_ARN = re.compile(r"^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:[a-z-]+/")
_GEOGRAPHY = re.compile(r"^(us|eu|apac|jp|au|ca|us-gov|global)\.")


def price_key(model: str) -> str:
    """The part of a MODEL value (or Bedrock model id or ARN) that PRICES is keyed by."""
    model = _ARN.sub("", _PROVIDER.sub("", model.strip()))
    model = _GEOGRAPHY.sub("", model)
    return model.split("/", 1)[0] if model.startswith("offline") else model


def price_of(model: str) -> tuple[float, float] | None:
    """(input, output) USD per million tokens for `model`, or None if PRICES lacks it."""
    key = price_key(model)
    matches = [prefix for prefix in PRICES if key.startswith(prefix)]
    return PRICES[max(matches, key=len)] if matches else None


def estimate_cost(model: str, input_tokens: int, output_tokens: int) -> float | None:
    """What `model` charges for these tokens, in USD; None when its price is unknown."""
    price = price_of(model)
    if price is None:
        return None
    return (input_tokens * price[0] + output_tokens * price[1]) / 1_000_000
