"""database/shop.py: the shop's rules, worked by hand, and the catalog search over the
knowledge base and the products table."""

import pytest

from aws_agent_framework.settings import Settings
from aws_agent_framework.vectors import Document, embedder_from, ingest, search, store_from
from database import shop
from database.models import Products
from database.schemas import JobRequest


def found(sku, price=50.0, in_stock=True):
    return shop.Match(
        sku=sku, name=sku.title(), category="outerwear", price=price, in_stock=in_stock
    )


def test_picks_are_in_stock_within_budget_and_not_in_the_cart_in_search_order():
    matches = [
        found("JKT-01", 129.0),
        found("JKT-02", 89.0, in_stock=False),
        found("JKT-03", 219.0),
        found("BOOT-01", 149.0),
        found("PNT-01", 69.0),
        found("SOCK-01", 18.0),
        found("BAG-01", 25.0),
    ]
    request = JobRequest(query="rain gear", budget=150, cart=["BOOT-01"])
    picks, left_out = shop.recommend(matches, request)
    assert [p.sku for p in picks] == ["JKT-01", "PNT-01", "SOCK-01"]  # at most three
    assert picks[0].why == "in stock, $129.00 of a $150.00 budget"
    assert [(p.sku, p.why) for p in left_out] == [
        ("JKT-02", "out of stock"),
        ("JKT-03", "$219.00 is over the $150.00 budget"),
        ("BOOT-01", "already in the cart"),
    ]


def test_copy_is_approved_only_within_the_shop_s_rules():
    description = " ".join(["word"] * 25)
    assert shop.check_copy("Stay dry on the trail", description).approved
    checked = shop.check_copy("x" * 61, "The BEST jacket, 100% waterproof")
    assert not checked.approved
    assert (checked.headline_chars, checked.description_words) == (61, 5)
    assert checked.problems == [
        "the headline is 61 characters; at most 60",
        "the description is 5 words; write 20 to 120",
        '"best" is a claim the shop cannot back; remove it',
        '"100% waterproof" is a claim the shop cannot back; remove it',
    ]
    # A claim is a whole word: a bestseller badge is not "best".
    assert shop.check_copy("Our bestseller", description).approved


def test_the_catalog_file_holds_the_products_of_the_table(migrated_db, local_settings):
    # What `make ingest FILE=backend/data/catalog.json` loads must be the products the
    # migration seeds: the search finds text, the table answers price and stock.
    products = Products(migrated_db).list(descending=False, limit=100)
    hits = search(
        "anything",
        embedder_from(local_settings),
        store_from(local_settings),
        top_k=100,
    )
    documents = {hit["id"]: hit for hit in hits}
    assert sorted(documents) == sorted(p.sku for p in products)
    for product in products:
        assert documents[product.sku]["text"] == f"{product.name}. {product.description}"
        assert documents[product.sku]["category"] == product.category


def test_the_search_finds_products_with_today_s_price_and_stock(migrated_db, local_settings):
    Products(migrated_db).update("PNT-01", {"price": 59.0})  # the index still has no price
    matches = shop.search_products(migrated_db, local_settings, "waterproof rain jacket for hiking")
    assert [m.sku for m in matches] == ["JKT-01", "JKT-02", "JKT-03", "PNT-01", "BOOT-01"]
    assert (matches[1].in_stock, matches[3].price) == (False, 59.0)


def test_a_hit_the_table_lacks_is_dropped(migrated_db, local_settings):
    retired = Document(id="JKT-99", text="Retired waterproof rain jacket for hiking")
    ingest([retired], embedder_from(local_settings), store_from(local_settings))
    matches = shop.search_products(migrated_db, local_settings, "retired rain jacket")
    assert "JKT-99" not in [m.sku for m in matches]
    assert matches


def test_an_empty_knowledge_base_says_how_to_load_the_catalog(migrated_db, tmp_path):
    empty = Settings(local_data_dir=str(tmp_path / "empty"))
    with pytest.raises(LookupError, match=r"make ingest FILE=backend/data/catalog\.json"):
        shop.search_products(migrated_db, empty, "rain jacket")
