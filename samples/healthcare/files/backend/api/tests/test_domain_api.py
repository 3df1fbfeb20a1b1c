"""The domain routes (api/routes.py): the red flags the first migration loads, NEWS2 for
a set of observations, the de-identified intake, and a signed-in user for each."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from aws_agent_framework.settings import Settings
from aws_agent_framework.testing import RecordingQueue
from database.schemas import JobRequest

VITALS = JobRequest.EXAMPLE["vitals"]


@pytest.fixture
def client(migrated_db):
    app = create_app(Settings(auth_provider="local"), db=migrated_db, queue=RecordingQueue())
    with TestClient(app) as client:
        yield client


def sign_in(client, user_id):
    token = client.post("/auth/local/token", params={"user_id": user_id}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_the_red_flags_are_listed_by_phrase_and_paged(client):
    nurse = sign_in(client, "nurse-1")
    page = client.get("/red-flags", params={"limit": 2}, headers=nurse).json()
    assert [(f["phrase"], f["reason"]) for f in page["red_flags"]] == [
        ("chest pain", "possible acute coronary syndrome"),
        ("face drooping", "possible stroke"),
    ]
    after = client.get("/red-flags", params={"limit": 2, "offset": 2}, headers=nurse).json()
    assert after["red_flags"][0]["phrase"] == "seizure"


def test_news2_for_observations_and_a_reading_out_of_range(client):
    nurse = sign_in(client, "nurse-1")
    scored = client.post("/news2", json=VITALS, headers=nurse).json()
    assert (scored["total"], scored["risk"]) == (1, "low")
    assert scored["parameters"]["pulse"] == 1
    unwell = {**VITALS, "respiration_rate": 26, "on_oxygen": True, "consciousness": "voice"}
    assert client.post("/news2", json=unwell, headers=nurse).json()["total"] == 9
    wrong = client.post("/news2", json={**VITALS, "spo2": 130}, headers=nurse)
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "spo2"]


@pytest.mark.parametrize(
    "identifier",
    ["jane.doe@example.com", "555-867-5309", "born 03/04/1961", "SSN 123-45-6789", "MRN 88231"],
)
def test_an_intake_that_may_identify_the_patient_is_refused_before_it_is_stored(client, identifier):
    nurse = sign_in(client, "nurse-1")
    intake = {**JobRequest.EXAMPLE, "chief_complaint": f"Chest pain. {identifier}"}
    refused = client.post("/jobs", json=intake, headers=nurse)
    assert refused.status_code == 422
    assert "may identify the patient" in refused.text
    assert client.get("/jobs", headers=nurse).json()["jobs"] == []


def test_the_domain_routes_need_a_signed_in_user(client):
    assert client.get("/red-flags").status_code == 401
    assert client.post("/news2", json=VITALS).status_code == 401


def test_the_openapi_schema_declares_every_status(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, method, statuses in [
        ("/red-flags", "get", {"200", "401", "422", "503"}),
        ("/news2", "post", {"200", "400", "401", "422", "503"}),
    ]:
        operation = paths[path][method]
        assert set(operation["responses"]) == statuses, path
        assert operation["security"] == [{"HTTPBearer": []}]
