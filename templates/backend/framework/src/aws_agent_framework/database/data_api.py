"""The RDS Data API client: SQL over HTTPS to Aurora, no VPC or connection pool needed.

Parameters are bound with their types (`:name` placeholders; UUID, JSON, DECIMAL,
TIMESTAMP and DATE get Data API type hints), and results are decoded by each column's
database type, so a TEXT value that happens to look like JSON stays text. A cluster that
scaled to zero answers its first call with DatabaseResumingException: calls are retried
with backoff while it resumes, and on throttling.

One instance is not safe to share between threads during a transaction (Lambda runs one
request at a time per instance, which is the intended use).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import boto3
from botocore.exceptions import ClientError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential
from tenacity.wait import WaitBaseT

from aws_agent_framework.database.base import Row

# Errors after which the statement did not run, so running it again is safe.
RETRYABLE_CODES = {"DatabaseResumingException", "ThrottlingException", "ServiceUnavailableError"}
# Batch requests are split so that each stays well under the Data API's request size limit.
BATCH_SIZE = 500


def is_retryable(error: BaseException) -> bool:
    """Whether `error` means "not run yet, try again": resuming, throttled, unavailable."""
    if not isinstance(error, ClientError):
        return False
    code = error.response.get("Error", {}).get("Code", "")
    message = error.response.get("Error", {}).get("Message", "")
    resuming = code == "BadRequestException" and "resuming after being auto-paused" in message
    return code in RETRYABLE_CODES or resuming


def to_parameter(name: str, value: Any) -> dict[str, Any]:
    """A Data API SqlParameter for a Python value, typed so Postgres reads it as meant."""
    if value is None:
        return {"name": name, "value": {"isNull": True}}
    if isinstance(value, bool):  # before int: bool is an int
        return {"name": name, "value": {"booleanValue": value}}
    if isinstance(value, int):
        return {"name": name, "value": {"longValue": value}}
    if isinstance(value, float):
        return {"name": name, "value": {"doubleValue": value}}
    if isinstance(value, str):
        return {"name": name, "value": {"stringValue": value}}
    if isinstance(value, bytes):
        return {"name": name, "value": {"blobValue": value}}
    if isinstance(value, Decimal):
        return {"name": name, "value": {"stringValue": str(value)}, "typeHint": "DECIMAL"}
    if isinstance(value, uuid.UUID):
        return {"name": name, "value": {"stringValue": str(value)}, "typeHint": "UUID"}
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        text = value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return {"name": name, "value": {"stringValue": text}, "typeHint": "TIMESTAMP"}
    if isinstance(value, dt.date):
        return {"name": name, "value": {"stringValue": value.isoformat()}, "typeHint": "DATE"}
    if isinstance(value, dict | list):
        text = json.dumps(value, separators=(",", ":"), default=str)
        return {"name": name, "value": {"stringValue": text}, "typeHint": "JSON"}
    raise TypeError(
        f"parameter {name!r}: cannot send a {type(value).__name__} to the Data API; "
        "use str, int, float, bool, bytes, Decimal, UUID, datetime, date, dict, list or None"
    )


def decode(field: Mapping[str, Any], type_name: str) -> Any:
    """A Data API field as Python, by the column's database type (`typeName`)."""
    if field.get("isNull"):
        return None
    for key in ("booleanValue", "longValue", "doubleValue", "blobValue"):
        if key in field:
            return field[key]
    if "arrayValue" in field:
        return _decode_array(field["arrayValue"])
    text = field["stringValue"]
    kind = type_name.lower().lstrip("_")
    if kind in ("json", "jsonb"):
        return json.loads(text)
    if kind == "uuid":
        return uuid.UUID(text)
    if kind in ("numeric", "decimal"):
        return Decimal(text)
    if kind == "timestamptz":
        value = dt.datetime.fromisoformat(text)
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if kind == "timestamp":
        return dt.datetime.fromisoformat(text)
    if kind == "date":
        return dt.date.fromisoformat(text)
    return text


def _decode_array(array: Mapping[str, Any]) -> list[Any]:
    for key, values in array.items():
        if key == "arrayValues":
            return [_decode_array(item) for item in values]
        return list(values)
    return []


class DataApiDatabase:
    """SQL against one Aurora database through the RDS Data API, e.g.::

    db = DataApiDatabase(cluster_arn, secret_arn, "app")
    db.execute("SELECT id, status FROM jobs WHERE user_id = :user", {"user": "u1"})
    # [{'id': UUID('…'), 'status': 'pending'}]
    """

    def __init__(
        self,
        cluster_arn: str,
        secret_arn: str,
        database: str,
        *,
        client: Any = None,
        region: str | None = None,
        max_attempts: int = 8,
        wait: WaitBaseT | None = None,
    ) -> None:
        self._client = (
            client if client is not None else boto3.client("rds-data", region_name=region)
        )
        self._target = {"resourceArn": cluster_arn, "secretArn": secret_arn}
        self._database = database
        self._max_attempts = max_attempts
        self._wait = wait if wait is not None else wait_exponential(multiplier=0.5, max=10)
        self._transaction_id: str | None = None

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Runs one statement; returns its rows as dicts (empty for statements without rows)."""
        request: dict[str, Any] = {
            **self._target,
            "database": self._database,
            "sql": sql,
            "parameters": [to_parameter(k, v) for k, v in (params or {}).items()],
            "includeResultMetadata": True,
        }
        if self._transaction_id:
            request["transactionId"] = self._transaction_id
        response = self._call("execute_statement", request)
        columns = [(c["name"], c.get("typeName", "")) for c in response.get("columnMetadata", [])]
        return [
            {
                name: decode(field, type_name)
                for (name, type_name), field in zip(columns, record, strict=True)
            }
            for record in response.get("records", [])
        ]

    def execute_many(self, sql: str, param_sets: Sequence[Mapping[str, Any]]) -> int:
        """Runs one statement for every parameter set, in batches; returns how many sets ran."""
        for start in range(0, len(param_sets), BATCH_SIZE):
            chunk = param_sets[start : start + BATCH_SIZE]
            request: dict[str, Any] = {
                **self._target,
                "database": self._database,
                "sql": sql,
                "parameterSets": [[to_parameter(k, v) for k, v in p.items()] for p in chunk],
            }
            if self._transaction_id:
                request["transactionId"] = self._transaction_id
            self._call("batch_execute_statement", request)
        return len(param_sets)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Statements inside run in one transaction: committed on success, rolled back on error."""
        if self._transaction_id:
            raise RuntimeError(
                "a transaction is already open on this client; nesting is not supported"
            )
        started = self._call("begin_transaction", {**self._target, "database": self._database})
        self._transaction_id = started["transactionId"]
        try:
            yield
        except BaseException:
            self._call(
                "rollback_transaction", {**self._target, "transactionId": self._transaction_id}
            )
            raise
        else:
            self._call(
                "commit_transaction", {**self._target, "transactionId": self._transaction_id}
            )
        finally:
            self._transaction_id = None

    def _call(self, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        retrying = Retrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=self._wait,
            retry=retry_if_exception(is_retryable),
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                return getattr(self._client, operation)(**request)
        raise AssertionError("unreachable: tenacity reraises the last error")  # pragma: no cover
