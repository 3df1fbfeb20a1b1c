"""The example domain routes (api/routes.py): the signed-in user from api/deps.py, and
each user sees only their own notes."""

import uuid

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from aws_agent_framework.settings import Settings
from aws_agent_framework.testing import RecordingQueue


@pytest.fixture
def client(migrated_db):
    app = create_app(Settings(auth_provider="local"), db=migrated_db, queue=RecordingQueue())
    with TestClient(app) as client:
        yield client


def sign_in(client, user_id):
    token = client.post("/auth/local/token", params={"user_id": user_id}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_note_is_created_listed_and_read(client):
    alice = sign_in(client, "alice")
    created = client.post("/notes", json={"title": "First", "body": "Hello"}, headers=alice)
    assert created.status_code == 201, created.text
    note = created.json()
    assert note["user_id"] == "alice"
    assert client.get(f"/notes/{note['id']}", headers=alice).json() == note
    assert [n["id"] for n in client.get("/notes", headers=alice).json()["notes"]] == [note["id"]]


def test_another_user_cannot_read_a_note(client):
    alice, bob = sign_in(client, "alice"), sign_in(client, "bob")
    note = client.post("/notes", json={"title": "Private"}, headers=alice).json()
    assert client.get(f"/notes/{note['id']}", headers=bob).status_code == 404
    assert client.get("/notes", headers=bob).json()["notes"] == []
    assert client.get(f"/notes/{uuid.uuid4()}", headers=alice).status_code == 404


def test_notes_need_a_signed_in_user(client):
    assert client.get("/notes").status_code == 401
    assert client.post("/notes", json={"title": "x"}).status_code == 401


def test_text_postgres_cannot_store_is_a_422(client):
    alice = sign_in(client, "alice")
    response = client.post("/notes", json={"title": "a\x00b"}, headers=alice)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "title"


def test_the_openapi_schema_declares_every_status(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, method, statuses in [
        ("/notes", "post", {"201", "400", "401", "422", "503"}),
        ("/notes", "get", {"200", "401", "422", "503"}),
        ("/notes/{note_id}", "get", {"200", "401", "404", "422", "503"}),
    ]:
        operation = paths[path][method]
        assert set(operation["responses"]) == statuses, (path, method)
        assert operation["security"] == [{"HTTPBearer": []}]
