"""An in-process stand-in for the `rds-data` boto3 client that runs SQL on a real Postgres.

moto's rds-data returns canned results and runs no SQL, so this is how the Data API
client is tested against real tables: every request is first validated against
botocore's own model of the Data API (a wrong shape fails here as it would on AWS), the
typed parameters are turned into Postgres values the way the Data API does, and the
result comes back in the Data API's shape (typed fields plus `columnMetadata.typeName`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

import botocore.session
from botocore.validate import validate_parameters

from aws_agent_framework.database.postgres import to_pyformat

_SERVICE = botocore.session.get_session().get_service_model("rds-data")


def _from_parameter(parameter: dict[str, Any]) -> Any:
    value, hint = parameter["value"], parameter.get("typeHint")
    if value.get("isNull"):
        return None
    for key in ("booleanValue", "longValue", "doubleValue", "blobValue"):
        if key in value:
            return value[key]
    text = value["stringValue"]
    if hint == "UUID":
        return uuid.UUID(text)
    if hint == "JSON":
        from psycopg.types.json import Jsonb

        return Jsonb(json.loads(text))
    if hint == "DECIMAL":
        return Decimal(text)
    if hint == "TIMESTAMP":
        return dt.datetime.fromisoformat(text)
    if hint == "DATE":
        return dt.date.fromisoformat(text)
    return text


def _to_field(value: Any) -> dict[str, Any]:
    if value is None:
        return {"isNull": True}
    if isinstance(value, bool):
        return {"booleanValue": value}
    if isinstance(value, int):
        return {"longValue": value}
    if isinstance(value, float):
        return {"doubleValue": value}
    if isinstance(value, bytes | memoryview):
        return {"blobValue": bytes(value)}
    if isinstance(value, dt.datetime):
        # The Data API answers timestamps in UTC, without an offset.
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return {"stringValue": value.isoformat(sep=" ")}
    if isinstance(value, dict | list):
        return {"stringValue": json.dumps(value)}
    return {"stringValue": str(value)}


class DataApiEmulator:
    """Use as the `client` of `DataApiDatabase`; `url` is a Postgres database URL."""

    def __init__(self, url: str) -> None:
        import psycopg

        self._psycopg = psycopg
        self._url = url
        self._connection = psycopg.connect(url, autocommit=True)
        self._transactions: dict[str, Any] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []

    def close(self) -> None:
        for connection in self._transactions.values():
            connection.close()
        self._connection.close()

    def execute_statement(self, **request: Any) -> dict[str, Any]:
        self._validate("ExecuteStatement", request)
        connection = self._connection_for(request)
        params = {p["name"]: _from_parameter(p) for p in request.get("parameters", [])}
        with connection.cursor() as cursor:
            cursor.execute(to_pyformat(request["sql"]), params)
            if cursor.description is None:
                return {"numberOfRecordsUpdated": max(cursor.rowcount, 0)}
            types = connection.adapters.types
            metadata = [
                {"name": column.name, "typeName": self._type_name(types, column.type_code)}
                for column in cursor.description
            ]
            records = [[_to_field(value) for value in row] for row in cursor.fetchall()]
        response: dict[str, Any] = {"records": records, "numberOfRecordsUpdated": 0}
        if request.get("includeResultMetadata"):
            response["columnMetadata"] = metadata
        return response

    def batch_execute_statement(self, **request: Any) -> dict[str, Any]:
        self._validate("BatchExecuteStatement", request)
        connection = self._connection_for(request)
        sets = [
            {p["name"]: _from_parameter(p) for p in parameters}
            for parameters in request.get("parameterSets", [])
        ]
        with connection.cursor() as cursor:
            cursor.executemany(to_pyformat(request["sql"]), sets)
        return {"updateResults": [{} for _ in sets]}

    def begin_transaction(self, **request: Any) -> dict[str, Any]:
        self._validate("BeginTransaction", request)
        connection = self._psycopg.connect(self._url)
        transaction_id = uuid.uuid4().hex
        self._transactions[transaction_id] = connection
        return {"transactionId": transaction_id}

    def commit_transaction(self, **request: Any) -> dict[str, Any]:
        self._validate("CommitTransaction", request)
        self._finish(request["transactionId"], commit=True)
        return {"transactionStatus": "Transaction Committed"}

    def rollback_transaction(self, **request: Any) -> dict[str, Any]:
        self._validate("RollbackTransaction", request)
        self._finish(request["transactionId"], commit=False)
        return {"transactionStatus": "Rollback Complete"}

    def _finish(self, transaction_id: str, *, commit: bool) -> None:
        connection = self._transactions.pop(transaction_id)
        if commit:
            connection.commit()
        else:
            connection.rollback()
        connection.close()

    def _validate(self, operation: str, request: dict[str, Any]) -> None:
        validate_parameters(request, _SERVICE.operation_model(operation).input_shape)
        self.requests.append((operation, request))

    def _connection_for(self, request: dict[str, Any]) -> Any:
        transaction_id = request.get("transactionId")
        if transaction_id is None:
            return self._connection
        if transaction_id not in self._transactions:
            raise ValueError(f"unknown or finished transaction {transaction_id!r}")
        return self._transactions[transaction_id]

    @staticmethod
    def _type_name(types: Any, oid: int) -> str:
        info = types.get(oid)
        return info.name if info is not None else "unknown"
