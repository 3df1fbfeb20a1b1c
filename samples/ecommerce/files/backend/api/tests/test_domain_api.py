"""The products routes (api/routes.py): the catalog the first migration loads, by SKU or
by category, and a signed-in user for each."""

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


def test_products_are_listed_by_sku_paged_and_by_category(client):
    alice = sign_in(client, "alice")
    page = client.get("/products", params={"limit": 3}, headers=alice).json()
    assert [p["sku"] for p in page["products"]] == ["BAG-01", "BOOT-01", "HAT-01"]
    after = client.get("/products", params={"limit": 3, "offset": 3}, headers=alice).json()
    assert after["products"][0]["sku"] == "JKT-01"
    kitchen = client.get("/products", params={"category": "camp_kitchen"}, headers=alice).json()
    assert [p["sku"] for p in kitchen["products"]] == ["MUG-01", "STOVE-01"]
    bad = client.get("/products", params={"category": "Robert'); DROP"}, headers=alice)
    assert bad.status_code == 422


def test_one_product_and_a_sku_the_shop_lacks(client):
    alice = sign_in(client, "alice")
    jacket = client.get("/products/JKT-01", headers=alice).json()
    assert (jacket["name"], jacket["price"], jacket["stock"]) == (
        "Stormline Rain Jacket",
        129.0,
        14,
    )
    missing = client.get("/products/JKT-77", headers=alice)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No product JKT-77"
    assert client.get("/products/not-a-sku", headers=alice).status_code == 422


def test_a_request_with_a_card_number_is_refused_before_it_is_stored(client):
    alice = sign_in(client, "alice")
    request = {"query": "rain jacket, card 4111 1111 1111 1111", "budget": 150}
    refused = client.post("/jobs", json=request, headers=alice)
    assert refused.status_code == 422
    assert "payment card number" in refused.text
    assert client.get("/jobs", headers=alice).json()["jobs"] == []


def test_products_need_a_signed_in_user(client):
    assert client.get("/products").status_code == 401
    assert client.get("/products/JKT-01").status_code == 401


def test_the_openapi_schema_declares_every_status(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, statuses in [
        ("/products", {"200", "401", "422", "503"}),
        ("/products/{sku}", {"200", "401", "404", "422", "503"}),
    ]:
        operation = paths[path]["get"]
        assert set(operation["responses"]) == statuses, path
        assert operation["security"] == [{"HTTPBearer": []}]
