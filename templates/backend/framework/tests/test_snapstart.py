"""Lambda SnapStart hooks, offline: a fake `snapshot_restore_py` (the module only Lambda's
Python runtimes have) records what is registered; without it nothing breaks."""

import random
import sys
import types

import pytest

from aws_agent_framework import snapstart
from aws_agent_framework.agents import AgentHandler


@pytest.fixture
def runtime(monkeypatch):
    """A fake snapshot_restore_py; the hooks it was given are in `.after_restore`."""
    module = types.ModuleType("snapshot_restore_py")
    module.after_restore = []
    module.before_snapshot = []
    module.register_after_restore = module.after_restore.append
    module.register_before_snapshot = module.before_snapshot.append
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", module)
    monkeypatch.setitem(snapstart._state, "registered", False)
    return module


async def run(job):
    return {}


def test_an_agent_handler_registers_the_hooks_once(runtime):
    AgentHandler("helper", run)
    AgentHandler("boss", run, role="orchestrator")
    assert runtime.after_restore == [snapstart.after_restore]
    assert runtime.before_snapshot == []  # nothing to undo before the snapshot
    assert snapstart.register_snapstart_hooks() is True
    assert runtime.after_restore == [snapstart.after_restore]


def test_environments_resumed_from_one_snapshot_draw_different_numbers(runtime):
    random.seed(20241118)  # what init left in the snapshot, the same in every environment
    snapshot = random.getstate()
    draws = []
    for _environment in range(2):
        random.setstate(snapshot)
        without_hook = random.random()  # noqa: S311 - the jitter's kind of draw
        random.setstate(snapshot)
        snapstart.after_restore()
        draws.append((without_hook, random.random()))  # noqa: S311
    (first_plain, first), (second_plain, second) = draws
    assert first_plain == second_plain, "without the hook, both draw the snapshot's numbers"
    assert first != second
    assert first != first_plain and second != second_plain


def test_without_the_runtime_module_registering_does_nothing(monkeypatch):
    # None in sys.modules makes `import snapshot_restore_py` raise ImportError, as off Lambda.
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", None)
    monkeypatch.setitem(snapstart._state, "registered", False)
    assert snapstart.register_snapstart_hooks() is False
    AgentHandler("helper", run)  # an agent still starts
    assert snapstart._state["registered"] is False
