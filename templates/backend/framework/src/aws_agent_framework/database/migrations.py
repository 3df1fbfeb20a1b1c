"""Ordered SQL migrations, recorded in a table so running them again changes nothing.

Files named like `001_schema.sql` run in name order, each in one transaction with its
record. Statements are split with sqlparse (dollar-quoted function bodies stay whole)
because the Data API runs one statement per call.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlparse

from aws_agent_framework.database.base import Database

logger = logging.getLogger(__name__)


def split_statements(sql: str) -> list[str]:
    """The statements of an SQL script, without empty or comment-only ones.

    >>> split_statements("SELECT 1;\\nSELECT ';';\\n-- only a comment\\n")
    ['SELECT 1;', "SELECT ';';"]
    """
    statements = []
    for statement in sqlparse.split(sql):
        if sqlparse.format(statement, strip_comments=True).strip():
            statements.append(statement.strip())
    return statements


def pending_migrations(db: Database, directory: Path) -> list[Path]:
    """The migration files in `directory` that have not been applied yet, in order."""
    _ensure_table(db)
    applied = {row["version"] for row in db.execute("SELECT version FROM schema_migrations")}
    return [path for path in _files(directory) if path.stem not in applied]


def migrate(db: Database, directory: Path) -> list[str]:
    """Applies the pending migrations; returns the versions it applied."""
    _ensure_table(db)
    applied = []
    for path in _files(directory):
        with db.transaction():
            # Serialises concurrent runners: the second waits, then sees the record.
            db.execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")
            done = db.execute(
                "SELECT 1 FROM schema_migrations WHERE version = :version",
                {"version": path.stem},
            )
            if done:
                continue
            for statement in split_statements(path.read_text(encoding="utf-8")):
                db.execute(statement)
            db.execute(
                "INSERT INTO schema_migrations (version) VALUES (:version)",
                {"version": path.stem},
            )
        logger.info("Applied migration %s", path.name)
        applied.append(path.stem)
    return applied


def _ensure_table(db: Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )


def _files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise FileNotFoundError(f"migrations folder {directory} does not exist")
    return sorted(directory.glob("*.sql"))
