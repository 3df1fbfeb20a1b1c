"""The shop's rules, which every agent of Trail Outfitters shares: which search hits are
products, which products fit a shopper's request and whether a product's copy keeps to
the shop's rules. The search is the knowledge base's; price and stock come from the
products table; the rest is plain functions, so the answers come from code and the
model only writes the words around them. (It lives in `database/` because that package
is in every agent's Lambda zip.)"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from aws_agent_framework.database import Database
from aws_agent_framework.settings import Settings
from aws_agent_framework.vectors import embedder_from, search, store_from
from database.models import Products
from database.schemas import JobRequest, Product

# Search hits a tool looks at: enough to find a few that fit after the rules cut some.
TOP_K = 5
# A pick's copy: a headline of at most this many characters, a description within these
# word counts, and none of the claims the shop cannot back (checked case-insensitively).
HEADLINE_CHARS = 60
DESCRIPTION_WORDS = (20, 120)
BANNED_CLAIMS = ("best", "cheapest", "guaranteed", "lifetime", "100% waterproof", "eco-friendly")
EMPTY_CATALOG = (
    "the knowledge base has no products: load them with "
    "`make ingest FILE=backend/data/catalog.json` (on AWS, after part 3 of the guides)"
)


class Match(BaseModel):
    """A product the search found, best match first, with its price and stock today."""

    sku: str
    name: str
    category: str
    price: float = Field(description="USD")
    in_stock: bool


class Pick(BaseModel):
    """A product recommended, and why it fits."""

    sku: str
    name: str
    price: float = Field(description="USD")
    why: str


class LeftOut(BaseModel):
    """A product the search found that does not fit, and why not."""

    sku: str
    why: str


class CopyCheck(BaseModel):
    """How a product's copy measures against the shop's rules."""

    headline_chars: int
    description_words: int
    problems: list[str] = Field(description="Each rule the copy breaks; empty if none")
    approved: bool


def search_products(db: Database, settings: Settings, query: str) -> list[Match]:
    """The products the knowledge base finds for `query`, best first. A hit the products
    table lacks (the index lags behind a product's removal) is dropped."""
    hits = search(query, embedder_from(settings), store_from(settings), top_k=TOP_K)
    if not hits:
        raise LookupError(EMPTY_CATALOG)
    products = Products(db).find_many([hit["id"] for hit in hits])
    return [match(products[hit["id"]]) for hit in hits if hit["id"] in products]


def match(product: Product) -> Match:
    return Match(
        sku=product.sku,
        name=product.name,
        category=product.category,
        price=product.price,
        in_stock=product.stock > 0,
    )


def recommend(
    matches: list[Match], request: JobRequest, limit: int = 3
) -> tuple[list[Pick], list[LeftOut]]:
    """The first `limit` matches in stock, within the budget and not in the cart; and the
    matches left out, each with its reason."""
    picks: list[Pick] = []
    left_out: list[LeftOut] = []
    for found in matches:
        if found.sku in request.cart:
            left_out.append(LeftOut(sku=found.sku, why="already in the cart"))
        elif not found.in_stock:
            left_out.append(LeftOut(sku=found.sku, why="out of stock"))
        elif found.price > request.budget:
            why = f"{price_label(found.price)} is over the {price_label(request.budget)} budget"
            left_out.append(LeftOut(sku=found.sku, why=why))
        elif len(picks) < limit:
            why = f"in stock, {price_label(found.price)} of a {price_label(request.budget)} budget"
            picks.append(Pick(sku=found.sku, name=found.name, price=found.price, why=why))
    return picks, left_out


def recommend_for(
    db: Database, settings: Settings, request: JobRequest
) -> tuple[list[Pick], list[LeftOut]]:
    """The picks for a request: the search's matches for its words through the rules."""
    return recommend(search_products(db, settings, request.query), request)


def check_copy(headline: str, description: str) -> CopyCheck:
    """The copy against the shop's rules: the headline's length, the description's word
    count and the claims the shop cannot back."""
    words = len(description.split())
    problems = []
    if len(headline) > HEADLINE_CHARS:
        problems.append(f"the headline is {len(headline)} characters; at most {HEADLINE_CHARS}")
    low, high = DESCRIPTION_WORDS
    if not low <= words <= high:
        problems.append(f"the description is {words} words; write {low} to {high}")
    text = f"{headline} {description}".lower()
    for claim in BANNED_CLAIMS:
        if re.search(rf"(?<!\w){re.escape(claim)}(?!\w)", text):
            problems.append(f'"{claim}" is a claim the shop cannot back; remove it')
    return CopyCheck(
        headline_chars=len(headline),
        description_words=words,
        problems=problems,
        approved=not problems,
    )


def price_label(price: float) -> str:
    return f"${price:,.2f}"
