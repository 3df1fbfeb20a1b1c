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


def test_sixteen_workers_run_at_the_same_time_whatever_the_cpu_count():
    """asyncio's default thread pool (CPUs + 4 threads) would run them in rounds."""
    client = SlowLambda(seconds=0.3)
    invoker = AgentInvoker(LambdaTransport("app-", client))
    names = [f"worker_{i}" for i in range(16)]

    async def fan_out():
        return await asyncio.gather(*(invoker.invoke(n, uuid.uuid4(), "t") for n in names))

    asyncio.run(fan_out())
    starts = [start for start, _ in client.windows.values()]
    ends = [end for _, end in client.windows.values()]
    assert len(starts) == 16
    assert max(starts) < min(ends), "every call started before any finished"


def test_with_a_qualifier_the_alias_is_invoked():
    client = SlowLambda(0)
    job_id = uuid.uuid4()
    # SnapStart applies only to published versions, which the alias `live` points at.
    aliased = AgentInvoker(LambdaTransport("app-", client, qualifier="live"))
    assert asyncio.run(aliased.invoke("helper", job_id, "x")) == {"task": "x"}
    plain = AgentInvoker(LambdaTransport("app-", client))
    asyncio.run(plain.invoke("helper", job_id, "x"))
    assert [r["FunctionName"] for r in client.requests] == ["app-helper", "app-helper"]
    assert client.requests[0]["Qualifier"] == "live"
    assert "Qualifier" not in client.requests[1]
    assert aliased.transport.target("helper") == "app-helper:live"
    assert plain.transport.target("helper") == "app-helper"


def request_task(request):
    return "task " + request["FunctionName"].removeprefix("app-").replace("-", "_")


def test_a_function_error_becomes_a_safe_agent_call_error():
    invoker = AgentInvoker(LambdaTransport("app-", SlowLambda(0, fail={"app-helper"})))
    with pytest.raises(AgentCallError) as raised:
        asyncio.run(invoker.invoke("helper", uuid.uuid4(), "x"))
    assert str(raised.value) == "The helper agent failed"
    assert "secret detail" in raised.value.detail  # for the logs only


class ThrottledLambda:
    """A stand-in whose first `errors` invokes fail with the given error codes."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.calls = 0

    def invoke(self, **request):
        from botocore.exceptions import ClientError

        self.calls += 1
        if self.errors:
            code = self.errors.pop(0)
            status = {"TooManyRequestsException": 429, "ResourceNotFoundException": 404}
            raise ClientError(
                {
                    "Error": {"Code": code, "Message": "no"},
                    "ResponseMetadata": {"HTTPStatusCode": status.get(code, 502)},
                },
                "Invoke",
            )
        body = {"agent": "helper", "result": "ok"}
        return {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(body).encode())}


def no_wait():
    from tenacity import wait_none

    return wait_none()


def test_throttled_and_transient_invoke_errors_are_tried_again():
    client = ThrottledLambda("TooManyRequestsException", "EC2ThrottledException")
    invoker = AgentInvoker(LambdaTransport("app-", client, wait=no_wait()))
    assert asyncio.run(invoker.invoke("helper", uuid.uuid4(), "x")) == "ok"
    assert client.calls == 3


def test_other_invoke_errors_are_not_tried_again():
    from botocore.exceptions import ClientError

    client = ThrottledLambda("ResourceNotFoundException")
    invoker = AgentInvoker(LambdaTransport("app-", client, wait=no_wait()))
    with pytest.raises(ClientError):
        asyncio.run(invoker.invoke("helper", uuid.uuid4(), "x"))
    assert client.calls == 1


def test_retries_stop_after_max_tries_with_a_safe_error():
    from aws_agent_framework.agents import AgentUnavailableError, find_agent_call_error

    client = ThrottledLambda(*["TooManyRequestsException"] * 10)
    invoker = AgentInvoker(LambdaTransport("app-", client, max_tries=4, wait=no_wait()))
    with pytest.raises(AgentUnavailableError) as raised:
        asyncio.run(invoker.invoke("helper", uuid.uuid4(), "x"))
    assert client.calls == 4
    assert str(raised.value) == (
        "AWS Lambda did not run the helper agent (TooManyRequestsException); gave up after 4 tries"
    )
    assert find_agent_call_error(raised.value) is raised.value


def test_retries_never_wait_past_the_time_budget():
    from tenacity import wait_fixed

    from aws_agent_framework.agents import AgentUnavailableError, call_deadline

    client = ThrottledLambda(*["TooManyRequestsException"] * 10)
    invoker = AgentInvoker(LambdaTransport("app-", client, wait=wait_fixed(5)))

    async def call():
        with call_deadline(2):
            return await invoker.invoke("helper", uuid.uuid4(), "x")

    start = time.monotonic()
    with pytest.raises(AgentUnavailableError, match=r"gave up after 1 try$"):
        asyncio.run(call())
    assert client.calls == 1
    assert time.monotonic() - start < 1
