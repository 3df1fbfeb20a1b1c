"""The offline model runs any agent end to end: every tool once, then typed output."""

import asyncio

import pytest
from agents import Agent, Runner, function_tool
from pydantic import BaseModel

from aws_agent_framework.agents import resolve_model
from aws_agent_framework.agents.offline import OfflineModel


class Verdict(BaseModel):
    title: str
    score: int
    tags: list[str]
    approved: bool | None


def test_it_calls_every_tool_concurrently_then_returns_the_declared_type():
    windows = {}

    async def timed(name):
        loop = asyncio.get_running_loop()
        start = loop.time()
        await asyncio.sleep(0.2)
        windows[name] = (start, loop.time())

    @function_tool
    async def look_up(city: str, days: int) -> str:
        """Look something up."""
        assert isinstance(city, str) and isinstance(days, int)
        await timed("look_up")
        return "sunny"

    @function_tool
    async def count() -> str:
        """Count things."""
        await timed("count")
        return "42"

    agent = Agent(
        name="judge",
        instructions="Judge.",
        model=OfflineModel("judge"),
        tools=[look_up, count],
        output_type=Verdict,
    )

    result = asyncio.run(Runner.run(agent, "go"))
    verdict = result.final_output_as(Verdict, raise_if_incorrect_type=True)
    assert sorted(windows) == ["count", "look_up"]
    assert max(s for s, _ in windows.values()) < min(e for _, e in windows.values())
    assert verdict.score == 1
    assert "look_up returned sunny" in verdict.title
    assert "count returned 42" in verdict.title


def test_plain_text_agents_get_text():
    agent = Agent(name="talker", instructions="Talk.", model=OfflineModel("talker"))
    result = asyncio.run(Runner.run(agent, "hello"))
    assert result.final_output.startswith("Offline answer from talker")


def test_no_model_configured_means_offline():
    assert isinstance(resolve_model("", agent_name="x"), OfflineModel)
    assert isinstance(resolve_model("offline"), OfflineModel)


def test_offline_with_a_latency_waits_per_turn_without_blocking_other_agents():
    model = resolve_model("offline/0.2", agent_name="slow")
    assert isinstance(model, OfflineModel) and model.latency == 0.2

    async def both():
        loop = asyncio.get_running_loop()
        start = loop.time()
        agents = [
            Agent(name=n, instructions="Talk.", model=OfflineModel(n, latency=1.0)) for n in "ab"
        ]
        results = await asyncio.gather(*(Runner.run(agent, "hello") for agent in agents))
        return loop.time() - start, results

    elapsed, results = asyncio.run(both())
    # One turn each, 1 s each, side by side: about 1 s; one after the other would be 2 s.
    # (A whole second of margin: a busy machine runs the rest of the turn slower.)
    assert 1.0 <= elapsed < 2.0
    assert all(r.final_output.startswith("Offline answer") for r in results)


def test_streaming_waits_too():
    async def stream():
        loop = asyncio.get_running_loop()
        start = loop.time()
        agent = Agent(name="s", instructions="Talk.", model=OfflineModel("s", latency=0.1))
        result = Runner.run_streamed(agent, "hello")
        async for _ in result.stream_events():
            pass
        return loop.time() - start, result.final_output

    elapsed, output = asyncio.run(stream())
    assert elapsed >= 0.1 and output.startswith("Offline answer from s")


def test_a_bad_offline_latency_names_the_format():
    for spec in ("offline/soon", "offline/-1", "offline/61"):
        with pytest.raises(ValueError, match="offline/<seconds> takes 0 to 60 seconds"):
            resolve_model(spec)
