"""Domain routes of {{ app_title | docstring }}, mounted by api/main.py.

The notes routes are a working example of a per-user resource: the signed-in user and
the database come from api/deps.py (as for the job routes), every status a route can
answer is declared (api/contract.py), and JSON bodies are checked with StorableText so
text Postgres cannot store is a 422. api/tests/test_api_fuzz.py fuzzes these routes too.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.contract import (
    AUTH_RESPONSES,
    MAX_LIMIT,
    MAX_OFFSET,
    NOT_FOUND,
    UNREADABLE_BODY,
    StorableText,
)
from api.deps import Db, SignedIn
from database.models import Notes
from database.schemas import Note, NoteCreate, NotePage

router = APIRouter(tags=["domain"])

# TODO(domain): Replace the example notes routes below with the routes your frontend
# needs beyond jobs, over the tables you define in database/migrations/002_domain.sql
# (schemas in database/schemas.py, models in database/models.py). Keep the pattern:
# `user: SignedIn, db: Db` from api/deps.py, `responses=AUTH_RESPONSES | NOT_FOUND`
# (`| UNREADABLE_BODY` with a JSON body), JSON bodies as
# `Annotated[YourModel, StorableText]`; then update
# api/tests/test_domain_api.py.


@router.post("/notes", status_code=201, responses=AUTH_RESPONSES | UNREADABLE_BODY)
def create_note(note: Annotated[NoteCreate, StorableText], user: SignedIn, db: Db) -> Note:
    return Notes(db).create({"user_id": user.user_id, **note.model_dump()})


@router.get("/notes", responses=AUTH_RESPONSES)
def list_notes(
    user: SignedIn,
    db: Db,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> NotePage:
    notes = Notes(db).list(where={"user_id": user.user_id}, limit=limit, offset=offset)
    return NotePage(notes=notes, limit=limit, offset=offset)


@router.get("/notes/{note_id}", responses=AUTH_RESPONSES | NOT_FOUND)
def get_note(note_id: uuid.UUID, user: SignedIn, db: Db) -> Note:
    note = Notes(db).find_for_user(note_id, user.user_id)
    if note is None:
        raise HTTPException(404, "Note not found")
    return note
