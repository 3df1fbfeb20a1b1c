"""The offline model runs any agent end to end: every tool once, then typed output."""

import asyncio

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
