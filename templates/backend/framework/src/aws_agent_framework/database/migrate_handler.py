"""The migrate Lambda: applies the SQL migrations bundled in its zip to Aurora.

The deploy user has no Data API rights, by design: schema changes reach the database
through this function (`terraform/6_agents` deploys it with the Data API on this app's
cluster and the database secret only), which `scripts/deploy.py` invokes after part 6
with ``aws-agent-framework migrate --function <name>``. Its zip holds
`database/migrations/*.sql`; the runner records what it applied, so invoking it again
applies only what is new.

Answer: ``{"applied": [...], "already_applied": n, "migrations": n}``. A migration that
fails is rolled back and the invocation fails (FunctionError) with a message naming it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aws_agent_framework.database.base import Database
from aws_agent_framework.database.migrations import migrate, pending_migrations
from aws_agent_framework.observability import logger

# The zip's root is the task root on Lambda; `database/migrations/` sits under it.
MIGRATIONS = Path(os.environ.get("LAMBDA_TASK_ROOT", ".")) / "database" / "migrations"


class MigrationFailedError(RuntimeError):
    """A migration failed and was rolled back; the message names it."""


class MigrateHandler:
    """``handler = MigrateHandler(folder)``; the database is created from the settings on
    first use unless given (tests give a Data API client over a local Postgres)."""

    def __init__(self, directory: Path = MIGRATIONS, *, db: Database | None = None) -> None:
        self.directory = Path(directory)
        self._db = db

    @property
    def db(self) -> Database:
        if self._db is None:
            from aws_agent_framework.database.connect import connect
            from aws_agent_framework.settings import get_settings

            settings = get_settings()
            if not settings.aurora_cluster_arn:
                raise RuntimeError(
                    "AURORA_CLUSTER_ARN is not set: the migrate function applies migrations "
                    "to Aurora only (terraform/6_agents sets it)"
                )
            self._db = connect(settings)
        return self._db

    def __call__(self, event: Any = None, context: Any = None) -> dict[str, Any]:
        files = sorted(path.stem for path in self.directory.glob("*.sql"))
        if not files:
            raise MigrationFailedError(f"no migrations found in {self.directory}")
        before = [path.stem for path in pending_migrations(self.db, self.directory)]
        try:
            applied = migrate(self.db, self.directory)
        except Exception as error:
            # Each migration runs in its own transaction: the failed one is the first
            # still pending, and the ones before it stay applied.
            try:
                after = [path.stem for path in pending_migrations(self.db, self.directory)]
            except Exception:  # the database is unreachable: the first error tells why
                after = before
            done = [name for name in before if name not in after]
            failed = after[0] if after else "?"
            raise MigrationFailedError(
                f"migration {failed} failed and was rolled back "
                f"(applied before it: {', '.join(done) or 'none'}): {error}"
            ) from error
        answer = {
            "applied": applied,
            "already_applied": len(files) - len(before),
            "migrations": len(files),
        }
        logger.info("Migrations applied", extra=answer)
        return answer


handler = MigrateHandler()
