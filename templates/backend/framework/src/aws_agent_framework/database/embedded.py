"""An embedded Postgres for local mode when DATABASE_URL is unset (pgserver: Postgres 16
from a wheel, no install, no Docker). The data lives in a folder, so it survives restarts."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)


def start_embedded_postgres(data_dir: str | Path, database: str = "app") -> str:
    """Starts (or reuses) the server whose data is in `data_dir`; returns a URL to
    `database`, creating that database on first use."""
    try:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            import pgserver
        import psycopg
        from psycopg import sql
    except ImportError as error:  # pragma: no cover - depends on the platform's wheels
        raise RuntimeError(
            "No DATABASE_URL is set and the embedded Postgres is not installed. Either run "
            "`uv sync` (it installs pgserver on x86_64 Linux and macOS, Python <= 3.12) or "
            "set DATABASE_URL=postgresql://user:password@localhost:5432/app to a running "
            "Postgres."
        ) from error

    path = Path(data_dir).resolve()
    path.mkdir(parents=True, exist_ok=True)
    # Stopped when this process exits; the data stays for the next run.
    server = pgserver.get_server(path, cleanup_mode="stop")
    admin_url = server.get_uri()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    logger.info("Embedded Postgres at %s (database %s)", path, database)
    return server.get_uri(database)
