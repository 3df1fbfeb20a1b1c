"""The instruments routes (api/routes.py): the reference classifications the first
migration loads, the tagger's own, and a signed-in user for each."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from aws_agent_framework.settings import Settings
from aws_agent_framework.testing import RecordingQueue
from database.models import Instruments


@pytest.fixture
def client(migrated_db):
    app = create_app(Settings(auth_provider="local"), db=migrated_db, queue=RecordingQueue())
    with TestClient(app) as client:
        yield client


def sign_in(client, user_id):
    token = client.post("/auth/local/token", params={"user_id": user_id}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_the_reference_classifications_are_listed_by_symbol_and_paged(client):
    alice = sign_in(client, "alice")
    page = client.get("/instruments", params={"limit": 3}, headers=alice).json()
    assert [i["symbol"] for i in page["instruments"]] == ["AAPL", "BND", "BNDX"]
    assert page["instruments"][0]["asset_class"] == "equity"
    assert page["instruments"][0]["source"] == "reference"
    after = client.get("/instruments", params={"limit": 3, "offset": 3}, headers=alice).json()
    assert after["instruments"][0]["symbol"] == "GLD"


def test_one_instrument_and_a_symbol_not_classified(client):
    alice = sign_in(client, "alice")
    assert client.get("/instruments/BND", headers=alice).json()["asset_class"] == "bond"
    missing = client.get("/instruments/ZZZT", headers=alice)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No classification for ZZZT"
    assert client.get("/instruments/not-a-symbol", headers=alice).status_code == 422


def test_the_tagger_classifies_a_new_symbol_but_never_overwrites_reference_data(
    client, migrated_db
):
    instruments = Instruments(migrated_db)
    saved = instruments.classify(
        {
            "symbol": "ZZZT",
            "name": "Zeta Tech",
            "asset_class": "equity",
            "region": "north_america",
            "sector": "technology",
        }
    )
    assert (saved.source, saved.sector) == ("tagger", "technology")
    kept = instruments.classify(
        {
            "symbol": "BND",
            "name": "Not a bond",
            "asset_class": "equity",
            "region": "moon",
            "sector": "cheese",
        }
    )
    assert (kept.asset_class, kept.source) == ("bond", "reference")
    alice = sign_in(client, "alice")
    assert client.get("/instruments/ZZZT", headers=alice).json()["name"] == "Zeta Tech"
    assert instruments.classes(["ZZZT", "BND", "NOPE"]) == {"ZZZT": "equity", "BND": "bond"}


def test_instruments_need_a_signed_in_user(client):
    assert client.get("/instruments").status_code == 401
    assert client.get("/instruments/BND").status_code == 401


def test_the_openapi_schema_declares_every_status(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, statuses in [
        ("/instruments", {"200", "401", "422", "503"}),
        ("/instruments/{symbol}", {"200", "401", "404", "422", "503"}),
    ]:
        operation = paths[path]["get"]
        assert set(operation["responses"]) == statuses, path
        assert operation["security"] == [{"HTTPBearer": []}]
