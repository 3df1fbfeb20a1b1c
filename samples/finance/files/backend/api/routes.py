"""Domain routes of Alex Finance, mounted by api/main.py: the classification of each
instrument, which the dashboard shows beside a job's holdings.

Classifications are shared by every user (a symbol is the same instrument for all of
them) but, like every route, need a signed-in user; every status a route can answer is
declared (api/contract.py). api/tests/test_api_fuzz.py fuzzes these routes too.
"""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from api.contract import AUTH_RESPONSES, MAX_LIMIT, MAX_OFFSET, NOT_FOUND
from api.deps import Db, SignedIn
from database.models import Instruments
from database.schemas import Instrument, InstrumentPage

router = APIRouter(tags=["domain"])

Symbol = Annotated[str, Path(pattern=r"^[A-Z][A-Z0-9.]{0,9}$", description="Ticker symbol")]


@router.get("/instruments", responses=AUTH_RESPONSES)
def list_instruments(
    user: SignedIn,
    db: Db,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> InstrumentPage:
    instruments = Instruments(db).list(descending=False, limit=limit, offset=offset)
    return InstrumentPage(instruments=instruments, limit=limit, offset=offset)


@router.get("/instruments/{symbol}", responses=AUTH_RESPONSES | NOT_FOUND)
def get_instrument(symbol: Symbol, user: SignedIn, db: Db) -> Instrument:
    instrument = Instruments(db).find(symbol)
    if instrument is None:
        raise HTTPException(404, f"No classification for {symbol}")
    return instrument
