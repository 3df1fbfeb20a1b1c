"""Agent calls: concurrent over Lambda (boto3 is blocking, so this is where the source
app serialised its "parallel" workers), and errors reported the way Lambda reports them."""

import asyncio
import io
import json
import threading
import time
import uuid

import pytest

from aws_agent_framework.agents import AgentCallError, AgentInvoker, LambdaTransport


class SlowLambda:
    """A stand-in for the boto3 Lambda client whose blocking invoke takes a while."""

    def __init__(self, seconds=0.3, fail=()):
        self.seconds = seconds
        self.fail = set(fail)
        self.windows = {}
        self.requests = []
        self._lock = threading.Lock()

    def invoke(self, **request):
        start = time.monotonic()
        time.sleep(self.seconds)
        name = request["FunctionName"]
        with self._lock:
            self.windows[name] = (start, time.monotonic())
            self.requests.append(request)
        if name in self.fail:
            body = {"errorType": "RuntimeError", "errorMessage": "secret detail"}
            return {
                "StatusCode": 200,
                "FunctionError": "Unhandled",
                "Payload": io.BytesIO(json.dumps(body).encode()),
            }
        event = json.loads(request["Payload"])
        body = {"agent": name, "result": {"task": event["task"]}}
        return {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(body).encode())}


def test_lambda_calls_run_at_the_same_time():
    client = SlowLambda()
    invoker = AgentInvoker(LambdaTransport("app-", client))
    job_id = uuid.uuid4()

    async def fan_out():
        return await asyncio.gather(
            *(
                invoker.invoke(name, job_id, f"task {name}")
                for name in ("a_one", "b_two", "c_three")
            )
        )

    results = asyncio.run(fan_out())

    assert results == [{"task": "task a_one"}, {"task": "task b_two"}, {"task": "task c_three"}]
    assert set(client.windows) == {"app-a-one", "app-b-two", "app-c-three"}
    starts = [start for start, _ in client.windows.values()]
    ends = [end for _, end in client.windows.values()]
    assert max(starts) < min(ends), "every call started before any finished"
    request = client.requests[0]
    assert request["InvocationType"] == "RequestResponse"
    assert json.loads(request["Payload"]) == {"job_id": str(job_id), "task": request_task(request)}


def request_task(request):
    return "task " + request["FunctionName"].removeprefix("app-").replace("-", "_")


def test_a_function_error_becomes_a_safe_agent_call_error():
    invoker = AgentInvoker(LambdaTransport("app-", SlowLambda(0, fail={"app-helper"})))
    with pytest.raises(AgentCallError) as raised:
        asyncio.run(invoker.invoke("helper", uuid.uuid4(), "x"))
    assert str(raised.value) == "The helper agent failed"
    assert "secret detail" in raised.value.detail  # for the logs only
