"""connect(settings) picks the database from the settings, and says what to set when it
cannot (the Data API's own requests are in test_data_api.py)."""

import sys

import pytest

from aws_agent_framework.database import connect
from aws_agent_framework.settings import Settings

CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:app-db"


def test_a_cluster_without_its_secret_is_refused_with_what_to_set():
    with pytest.raises(RuntimeError, match="AURORA_SECRET_ARN is not: set both"):
        connect(Settings(aurora_cluster_arn=CLUSTER, aurora_secret_arn=""))


def test_without_a_database_url_or_the_embedded_postgres_it_says_both_ways_out(
    monkeypatch, tmp_path
):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setitem(sys.modules, "pgserver", None)  # as where no wheel installs it

    with pytest.raises(RuntimeError) as raised:
        connect(Settings(database_url="", local_data_dir=str(tmp_path)))

    assert str(raised.value) == (
        "No DATABASE_URL is set and the embedded Postgres is not installed. Either run "
        "`uv sync` (it installs pgserver on x86_64 Linux and macOS, Python <= 3.12) or "
        "set DATABASE_URL=postgresql://user:password@localhost:5432/app to a running "
        "Postgres."
    )
