"""Domain routes of Trail Outfitters, mounted by api/main.py: the shop's products, which
the dashboard shows beside a job's picks.

Products are the same for every user but, like every route, need a signed-in user; every
status a route can answer is declared (api/contract.py). api/tests/test_api_fuzz.py fuzzes
these routes too.
"""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from api.contract import AUTH_RESPONSES, MAX_LIMIT, MAX_OFFSET, NOT_FOUND
from api.deps import Db, SignedIn
from database.models import Products
from database.schemas import SKU_PATTERN, Product, ProductPage

router = APIRouter(tags=["domain"])

Sku = Annotated[str, Path(pattern=SKU_PATTERN, description="The product's SKU, e.g. JKT-01")]
Category = Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$", description="Only this one")]


@router.get("/products", responses=AUTH_RESPONSES)
def list_products(
    user: SignedIn,
    db: Db,
    category: Category = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> ProductPage:
    where = {"category": category} if category else None
    products = Products(db).list(where=where, descending=False, limit=limit, offset=offset)
    return ProductPage(products=products, limit=limit, offset=offset)


@router.get("/products/{sku}", responses=AUTH_RESPONSES | NOT_FOUND)
def get_product(sku: Sku, user: SignedIn, db: Db) -> Product:
    product = Products(db).find(sku)
    if product is None:
        raise HTTPException(404, f"No product {sku}")
    return product
