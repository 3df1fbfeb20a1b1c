"""The API as `make dev` serves it and Lambda runs it: built from the environment's
settings alone, with no database or queue handed in (the other API tests hand in theirs).
In local mode it migrates the database at DATABASE_URL on start, and a job it accepts
goes through the in-process queue to the agents' own handlers, which read the same
environment."""

import importlib

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from aws_agent_framework.settings import get_settings
from database.models import AGENTS
from database.schemas import JobRequest


@pytest.fixture
def environment(monkeypatch, database_url, local_settings):
    """An empty database at DATABASE_URL, local sign-in and local_settings' data folder
    (conftest.py), read through get_settings(); every agent's handler creates what it
    uses from them, as on Lambda."""
    handlers = [importlib.import_module(f"{agent}.lambda_handler").handler for agent in AGENTS]
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("AUTH_PROVIDER", "local")
    monkeypatch.setenv("LOCAL_DATA_DIR", local_settings.local_data_dir)
    get_settings.cache_clear()
    for handler in handlers:
        handler.configure()
    yield
    for handler in handlers:
        handler.configure()  # forget this database before it is dropped
    get_settings.cache_clear()


def test_the_app_makes_its_own_database_and_queue_and_runs_a_job(environment):
    app = create_app()
    with TestClient(app) as client:
        token = client.post("/auth/local/token", params={"user_id": "dev-user"}).json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        created = client.post("/jobs", json=JobRequest.EXAMPLE, headers=headers)
        assert created.status_code == 201, created.text
        queue = app.state.services.queue
        queue.drain()  # the job ran on the queue's thread
        queue.close()
        job = client.get(f"/jobs/{created.json()['id']}", headers=headers).json()

    assert job["status"] == "completed", job["error_message"]
    assert sorted(result["agent"] for result in job["results"]) == sorted(AGENTS)
