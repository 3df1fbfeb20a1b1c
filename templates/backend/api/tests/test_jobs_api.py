"""The API with local sign-in, on both database clients: jobs are created and queued,
listed and read only by their owner."""

import datetime as dt
import json
import time
import uuid

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.contract import StorableText
from api.main import create_app
from aws_agent_framework.agents import JobStore
from aws_agent_framework.agents.usage import RunUsage
from aws_agent_framework.local import QueueUnavailable
from aws_agent_framework.settings import Settings
from aws_agent_framework.testing import RecordingQueue
from database.models import AGENTS
from database.schemas import JobRequest

# What these tests send: JobRequest.EXAMPLE with its first text field set, so they keep
# working when JobRequest takes your domain's fields.
TEXT_FIELD = next(name for name, value in JobRequest.EXAMPLE.items() if isinstance(value, str))


def job_request(text):
    return {**JobRequest.EXAMPLE, TEXT_FIELD: text}


@pytest.fixture
def api(migrated_db):
    queue = RecordingQueue()
    app = create_app(Settings(auth_provider="local"), db=migrated_db, queue=queue)
    with TestClient(app) as client:
        yield client, queue


def running_job(client, db, question):
    """alice's new job, claimed, with the orchestrator started on it: (headers, job id, store)."""
    alice = sign_in(client, "alice")
    job_id = uuid.UUID(client.post("/jobs", json=job_request(question), headers=alice).json()["id"])
    store = JobStore(db)
    store.claim(job_id)
    store.start_agent(job_id, AGENTS[0])
    return alice, job_id, store


def sign_in(client, user_id):
    token = client.post("/auth/local/token", params={"user_id": user_id}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_health_needs_no_sign_in(api):
    client, _ = api
    assert client.get("/health").json() == {"status": "ok", "mode": "local"}


def test_the_dashboards_site_may_call_the_api_and_another_site_may_not(migrated_db):
    site = "https://d111111abcdef8.cloudfront.net"
    settings = Settings(auth_provider="local", cors_origins=[site])
    client = TestClient(create_app(settings, db=migrated_db, queue=RecordingQueue()))
    for origin, allowed in [
        (site, True),
        ("http://localhost:3000", True),
        ("https://evil.example", False),
    ]:
        preflight = client.options(
            "/jobs",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert (preflight.headers.get("access-control-allow-origin") == origin) is allowed, origin


def test_a_job_is_created_queued_and_listed(api):
    client, queue = api
    alice = sign_in(client, "alice")
    created = client.post("/jobs", json=job_request("What now?"), headers=alice)
    assert created.status_code == 201
    job = created.json()
    assert job["status"] == "pending"
    assert job["request_payload"][TEXT_FIELD] == "What now?"
    assert job["results"] == []
    assert queue.sent == [uuid.UUID(job["id"])]
    assert client.get(f"/jobs/{job['id']}", headers=alice).json()["id"] == job["id"]
    listed = client.get("/jobs", headers=alice).json()
    assert [j["id"] for j in listed["jobs"]] == [job["id"]]
    assert client.get("/me", headers=alice).json()["user_id"] == "alice"


def test_a_job_the_queue_cannot_take_is_failed_and_the_client_told_to_retry(migrated_db):
    class DownQueue:
        def send(self, job_id):
            raise QueueUnavailable(f"job {job_id} was not queued: SQS is unreachable")

    app = create_app(Settings(auth_provider="local"), db=migrated_db, queue=DownQueue())
    with TestClient(app) as client:
        alice = sign_in(client, "alice")
        refused = client.post("/jobs", json=job_request("Now?"), headers=alice)
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "5"
        assert "try again" in refused.json()["detail"]
        # Not lost and not pending forever: the user sees it failed, with the reason.
        [job] = client.get("/jobs", headers=alice).json()["jobs"]
        assert job["status"] == "failed"
        assert job["error_message"] == refused.json()["detail"]


def test_a_job_shows_each_agents_status_and_result(api, migrated_db):
    client, _ = api
    alice, job_id, store = running_job(client, migrated_db, "Who works?")
    for worker in AGENTS[1:]:
        store.start_agent(job_id, worker)

    shown = client.get(f"/jobs/{job_id}", headers=alice).json()
    assert shown["status"] == "running"
    assert sorted(r["agent"] for r in shown["results"]) == sorted(AGENTS)
    assert {r["status"] for r in shown["results"]} == {"running"}

    nova = "bedrock/us.amazon.nova-pro-v1:0"
    for worker in AGENTS[1:]:
        used = RunUsage(model=nova, requests=2, input_tokens=1000, output_tokens=250)
        store.save_result(job_id, worker, {"summary": f"{worker} found it"}, used)
    used = RunUsage(model=nova, requests=1, input_tokens=3000, output_tokens=500)
    store.complete(job_id, AGENTS[0], {"summary": "all done"}, usage=used)
    for shown in (
        client.get(f"/jobs/{job_id}", headers=alice).json(),
        client.get("/jobs", headers=alice).json()["jobs"][0],
    ):
        assert shown["status"] == "completed"
        results = {r["agent"]: r for r in shown["results"]}
        assert {agent: r["status"] for agent, r in results.items()} == dict.fromkeys(
            AGENTS, "completed"
        )
        assert results[AGENTS[0]]["payload"] == {"summary": "all done"}
        for worker in AGENTS[1:]:
            assert results[worker]["payload"] == {"summary": f"{worker} found it"}
        assert all(r["finished_at"] and r["error"] is None for r in results.values())
        # What each agent's model calls used, and the job's total: Nova Pro costs $0.80
        # per million tokens in and $3.20 out.
        assert results[AGENTS[0]]["usage"] == {
            "model": nova,
            "requests": 1,
            "input_tokens": 3000,
            "output_tokens": 500,
            "cost_usd": pytest.approx(0.004),
        }
        workers = len(AGENTS) - 1
        assert shown["usage"] == {
            "requests": 1 + 2 * workers,
            "input_tokens": 3000 + 1000 * workers,
            "output_tokens": 500 + 250 * workers,
            "cost_usd": pytest.approx(0.004 + 0.0016 * workers),
        }


def test_a_failed_agent_shows_its_safe_error(api, migrated_db):
    client, _ = api
    alice, job_id, store = running_job(client, migrated_db, "x")
    store.fail(job_id, "The agent failed.", agent=AGENTS[0])

    shown = client.get(f"/jobs/{job_id}", headers=alice).json()
    assert (shown["status"], shown["error_message"]) == ("failed", "The agent failed.")
    assert [(r["agent"], r["status"], r["payload"], r["error"]) for r in shown["results"]] == [
        (AGENTS[0], "failed", None, "The agent failed.")
    ]
    # It made no model call: it used nothing, and a new job's total is nothing.
    assert shown["results"][0]["usage"]["requests"] == 0
    assert shown["usage"] == {"requests": 0, "input_tokens": 0, "output_tokens": 0, "cost_usd": 0}


def test_users_cannot_see_each_others_jobs(api):
    client, _ = api
    alice, bob = sign_in(client, "alice"), sign_in(client, "bob")
    job = client.post("/jobs", json=job_request("Private"), headers=alice).json()
    assert client.get(f"/jobs/{job['id']}", headers=bob).status_code == 404
    assert client.get("/jobs", headers=bob).json()["jobs"] == []


def test_requests_without_a_valid_token_are_refused(api):
    client, queue = api
    assert client.post("/jobs", json=job_request("x")).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.get("/jobs", headers=bad).status_code == 401
    assert queue.sent == []


def test_invalid_requests_name_the_field(api):
    client, queue = api
    response = client.post("/jobs", json=job_request(""), headers=sign_in(client, "alice"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", TEXT_FIELD]
    assert queue.sent == []


def test_there_is_no_local_sign_in_on_aws():
    settings = Settings(
        auth_provider="clerk", aurora_cluster_arn="arn:aws:rds:us-east-1:1:cluster:c"
    )
    client = TestClient(create_app(settings, db=object(), queue=RecordingQueue()))
    assert client.post("/auth/local/token").status_code == 404
    assert client.get("/health").json()["mode"] == "aws"


@pytest.mark.parametrize(
    "text",
    [
        "before\x00after",  # Postgres text and jsonb refuse NUL
        "lone \ud800 surrogate",  # not UTF-8
        "\udfff",
    ],
)
def test_text_postgres_cannot_store_is_a_422_naming_the_field(api, text):
    client, queue = api
    headers = {**sign_in(client, "alice"), "content-type": "application/json"}
    # json.dumps writes each as the escape a client would send (\u0000, \ud800).
    response = client.post("/jobs", content=json.dumps(job_request(text)), headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", TEXT_FIELD]
    assert queue.sent == []


def test_a_valid_surrogate_pair_is_stored(api):
    client, _ = api
    headers = {**sign_in(client, "alice"), "content-type": "application/json"}
    pair = json.dumps(job_request("\ud83d\ude00"))  # the escapes \ud83d\ude00
    response = client.post("/jobs", content=pair, headers=headers)
    assert response.status_code == 201
    assert response.json()["request_payload"][TEXT_FIELD] == "\N{GRINNING FACE}"


# One database per test is the slow part: these cases share one.
OUT_OF_RANGE = [
    ("offset", "1e19"),
    ("offset", "99999999999999999999"),  # beyond Postgres' bigint
    ("offset", "9223372036854775807"),
    ("offset", "-1"),
    ("limit", "0"),
    ("limit", "101"),
]


def test_paging_out_of_range_is_a_422(api):
    client, _ = api
    alice = sign_in(client, "alice")
    for param, value in OUT_OF_RANGE:
        response = client.get("/jobs", params={param: value}, headers=alice)
        assert response.status_code == 422, (param, value)
        assert response.json()["detail"][0]["loc"] == ["query", param]


def test_local_user_ids_are_plain_text(api):
    client, _ = api
    for user_id in ["a\x00b", "", "x" * 129, "a b"]:
        response = client.post("/auth/local/token", params={"user_id": user_id})
        assert response.status_code == 422, user_id
        assert response.json()["detail"][0]["loc"] == ["query", "user_id"]


def test_every_json_body_is_checked_for_storable_text():
    # Domain routes too: a body without StorableText lets NUL reach Postgres (a 500).
    app = create_app(Settings(auth_provider="local"), db=object(), queue=RecordingQueue())
    bodies = [r for r in app.routes if isinstance(r, APIRoute) and r.body_field is not None]
    assert bodies
    for route in bodies:
        assert StorableText in route.body_field.field_info.metadata, route.path


def test_the_openapi_schema_declares_every_status(api):
    client, _ = api
    schema = client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
    }
    paths = schema["paths"]
    for path, method, statuses in [
        ("/me", "get", {"200", "401", "404", "503"}),
        ("/jobs", "post", {"201", "400", "401", "422", "503"}),
        ("/jobs", "get", {"200", "401", "422", "503"}),
        ("/jobs/{job_id}", "get", {"200", "401", "404", "422", "503"}),
    ]:
        operation = paths[path][method]
        assert set(operation["responses"]) == statuses, (path, method)
        assert operation["security"] == [{"HTTPBearer": []}]
    assert "security" not in paths["/health"]["get"]


def test_a_jobs_events_are_its_agents_runs_and_tool_calls_in_order(api, migrated_db):
    client, _ = api
    alice, job_id, store = running_job(client, migrated_db, "When?")
    started = migrated_db.execute("SELECT now() AS t")[0]["t"]
    store.start_tool_call(job_id, AGENTS[0], "call-1", "read_job_request", started)

    shown = client.get(f"/jobs/{job_id}/events", headers=alice).json()
    assert shown["status"] == "running"
    assert [(e["agent"], e["kind"], e["tool"]) for e in shown["events"]] == [
        (AGENTS[0], "agent_started", None),
        (AGENTS[0], "tool_started", "read_job_request"),
    ]
    assert shown["now"] >= shown["events"][-1]["at"]

    store.finish_tool_call(job_id, AGENTS[0], "call-1", started + dt.timedelta(milliseconds=250))
    time.sleep(0.3)  # the run ends after its tool call did
    store.complete(job_id, AGENTS[0], {"summary": "done"})
    events = client.get(f"/jobs/{job_id}/events", headers=alice).json()["events"]
    assert [e["kind"] for e in events] == [
        "agent_started",
        "tool_started",
        "tool_finished",
        "agent_finished",
    ]
    assert events[2]["duration_ms"] == 250 and events[2]["call_id"] == "call-1"
    assert events[3]["duration_ms"] >= 250
    # Someone else's job is as good as missing.
    bob = sign_in(client, "bob")
    assert client.get(f"/jobs/{job_id}/events", headers=bob).status_code == 404
