"""Domain routes of Triage Desk, mounted by api/main.py: the clinic's red flags, and NEWS2
for a set of observations at once (the dashboard shows it while the agents work).

Every route needs a signed-in user and declares every status it can answer
(api/contract.py); a JSON body is checked with StorableText. api/tests/test_api_fuzz.py
fuzzes these routes too.
"""

from typing import Annotated

from fastapi import APIRouter, Query

from api.contract import AUTH_RESPONSES, MAX_LIMIT, MAX_OFFSET, UNREADABLE_BODY, StorableText
from api.deps import Db, SignedIn
from database import news2
from database.models import RedFlags
from database.schemas import RedFlagPage, Vitals

router = APIRouter(tags=["domain"])


@router.get("/red-flags", responses=AUTH_RESPONSES)
def list_red_flags(
    user: SignedIn,
    db: Db,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> RedFlagPage:
    red_flags = RedFlags(db).list(descending=False, limit=limit, offset=offset)
    return RedFlagPage(red_flags=red_flags, limit=limit, offset=offset)


@router.post("/news2", responses=AUTH_RESPONSES | UNREADABLE_BODY)
def score_news2(vitals: Annotated[Vitals, StorableText], user: SignedIn) -> news2.Score:
    """NEWS2 for these observations; nothing is stored."""
    return news2.score(vitals)
