"""The framework's fixtures (throwaway databases on both clients, moto, Lambda
context; loaded as a pytest plugin) get this app's migrations here; the job tests get
their settings here too."""

from pathlib import Path

import pytest

from aws_agent_framework.settings import Settings
from database.models import MIGRATIONS


@pytest.fixture
def migrations_dir() -> Path:
    return MIGRATIONS


@pytest.fixture
def local_settings(tmp_path) -> Settings:
    """The local-mode settings the agents' handlers run on in the job tests
    (tests/test_local_job.py, api/tests/test_app_from_settings.py), with their local data
    (the knowledge base's file, …) under tmp_path. When your agents need data to work on,
    put it there in this fixture (e.g. ingest the documents they search)."""
    return Settings(local_data_dir=str(tmp_path))
