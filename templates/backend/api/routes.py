"""Domain routes of {{ app_title | docstring }}, mounted by api/main.py."""

from fastapi import APIRouter

router = APIRouter(tags=["domain"])

# TODO: Add the routes your frontend needs beyond jobs, e.g. reading a domain table from
# database/migrations: define its schema in database/schemas.py and its model in
# database/models.py, then add here
#     @router.get("/things")
#     def list_things(user: SignedIn) -> list[Thing]: ...
# taking the signed-in user the way api/main.py's job routes do. Declare the statuses
# a route can answer (`responses=AUTH_RESPONSES | NOT_FOUND` from api/contract.py) and
# take JSON bodies as `Annotated[YourModel, StorableText]`, so text Postgres cannot
# store is a 422 and api/tests/test_api_fuzz.py finds no undocumented status.
