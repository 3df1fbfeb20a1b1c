"""What the API promises beyond its route signatures: the text it refuses (422, naming
the field) and the error statuses every route documents in the OpenAPI schema, so
clients and the fuzz test (api/tests/test_api_fuzz.py) know every status they can get.
"""

from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import InitErrorDetails, PydanticCustomError

# Paging: a bigger offset than Postgres' bigint is a server error, not an empty page.
MAX_OFFSET = 1_000_000
MAX_LIMIT = 100


class ErrorDetail(BaseModel):
    """The body of every error but 422: `{"detail": "..."}`."""

    detail: str


# Every route that takes the signed-in user: no or a bad token (401), or the sign-in
# provider's keys cannot be fetched or sign-in is not configured (503).
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorDetail, "description": "No valid bearer token"},
    503: {"model": ErrorDetail, "description": "The authentication service is unavailable"},
}
# Every route with a JSON body: a body that is not UTF-8 text cannot be parsed at all
# (FastAPI answers 400 before validation, so it is not a 422).
UNREADABLE_BODY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "The body could not be read as UTF-8 JSON"},
}
# Creating a job: also 503 when the job queue cannot take it (the job is then failed, not
# left waiting), with Retry-After.
QUEUE_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorDetail,
        "description": "The authentication service or the job queue is unavailable: retry later",
    },
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorDetail, "description": "Not found, or not the signed-in user's"},
}


def _unstorable(value: object, loc: tuple[str | int, ...] = ()) -> Iterator[InitErrorDetails]:
    """Text in `value` (at any depth) that Postgres cannot store: NUL characters, which
    text and jsonb refuse, and lone surrogates, which are not UTF-8."""
    if isinstance(value, str):
        if "\x00" in value or not _is_utf8(value):
            yield InitErrorDetails(type=_UNSTORABLE, loc=loc, input=value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable(key, (*loc, str(key)))
            yield from _unstorable(item, (*loc, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _unstorable(item, (*loc, index))


_UNSTORABLE = PydanticCustomError(
    "text_unstorable", "Text must not contain NUL characters or lone surrogates"
)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. from "\ud800" in JSON
        return False
    return True


def printable(value: object) -> object:
    """`value` with every string made encodable as UTF-8 (lone surrogates escaped)."""
    if isinstance(value, str):
        return value if _is_utf8(value) else value.encode("utf-8", "backslashreplace").decode()
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable(item) for item in value]
    return value


async def validation_error(_request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 answer, but one that echoes a lone surrogate in the input cannot turn
    into a 500 while the response is encoded."""
    errors = error.errors() if isinstance(error, RequestValidationError) else []
    return JSONResponse({"detail": printable(jsonable_encoder(errors))}, status_code=422)


def _storable(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    validated = handler(value)  # the model's own rules first
    errors = list(_unstorable(value))
    if errors:
        raise ValidationError.from_exception_data("StorableText", errors)
    return validated


StorableText = WrapValidator(_storable)
"""Marks an input as text-checked: `body: Annotated[JobRequest, StorableText]` answers 422
with the field's location when any string in the body has NUL or a lone surrogate."""
