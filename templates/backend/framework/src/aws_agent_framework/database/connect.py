"""Which database client the settings call for: the Data API on AWS, DATABASE_URL, or
an embedded Postgres in local mode."""

from __future__ import annotations

from pathlib import Path

from aws_agent_framework.database.base import Database
from aws_agent_framework.settings import Settings


def connect(settings: Settings) -> Database:
    """A client for the configured database.

    AURORA_CLUSTER_ARN + AURORA_SECRET_ARN → RDS Data API; else DATABASE_URL → psycopg;
    else (local mode only) an embedded Postgres whose data stays in LOCAL_DATA_DIR.
    """
    if settings.aurora_cluster_arn:
        if not settings.aurora_secret_arn:
            raise RuntimeError(
                "AURORA_CLUSTER_ARN is set but AURORA_SECRET_ARN is not: set both (Terraform "
                "part 5_database outputs them) or neither for local Postgres."
            )
        from aws_agent_framework.database.data_api import DataApiDatabase

        return DataApiDatabase(
            settings.aurora_cluster_arn,
            settings.aurora_secret_arn,
            settings.database_name,
            region=settings.region,
        )
    from aws_agent_framework.database.postgres import PostgresDatabase

    if settings.database_url:
        return PostgresDatabase(settings.database_url)
    if not settings.local_mode:
        raise RuntimeError(
            "No database configured: on AWS set AURORA_CLUSTER_ARN, AURORA_SECRET_ARN and "
            "DATABASE_NAME (Terraform part 6_agents does)."
        )
    from aws_agent_framework.database.embedded import start_embedded_postgres

    data_dir = Path(settings.local_data_dir) / "postgres"
    return PostgresDatabase(start_embedded_postgres(data_dir, settings.database_name))
