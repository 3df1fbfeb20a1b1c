"""The API's Lambda entry point answers an API Gateway HTTP API event through Mangum."""

from aws_agent_framework.events import LambdaContext, http_api_event


def test_health_through_mangum():
    from api.lambda_handler import handler

    response = handler(http_api_event("GET", "/health"), LambdaContext())
    assert response["statusCode"] == 200
    assert '"status":"ok"' in response["body"]


def test_the_api_registers_the_snapstart_hooks(monkeypatch):
    import importlib
    import sys
    import types

    import api.lambda_handler
    from aws_agent_framework import snapstart

    # The runtime's snapshot_restore_py exists only on Lambda: a fake records the hooks.
    runtime = types.ModuleType("snapshot_restore_py")
    runtime.hooks = []
    runtime.register_after_restore = runtime.hooks.append
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", runtime)
    monkeypatch.setitem(snapstart._state, "registered", False)
    importlib.reload(api.lambda_handler)
    assert runtime.hooks == [snapstart.after_restore]
