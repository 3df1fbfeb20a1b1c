"""The framework's fixtures (throwaway databases on both clients, moto, Lambda
context; loaded as a pytest plugin) get this app's migrations here; the job tests get
their settings here too."""

import json
from pathlib import Path

import pytest

from aws_agent_framework.settings import Settings
from aws_agent_framework.vectors import Document, embedder_from, ingest, store_from
from database.models import MIGRATIONS

CATALOG = Path(__file__).parent / "data" / "catalog.json"


@pytest.fixture
def migrations_dir() -> Path:
    return MIGRATIONS


@pytest.fixture
def local_settings(tmp_path) -> Settings:
    """The local-mode settings the agents' handlers run on in the job tests
    (tests/test_local_job.py, api/tests/test_app_from_settings.py), with their local data
    (the knowledge base's file, …) under tmp_path. The knowledge base holds the shop's
    catalog, data/catalog.json, as `make ingest FILE=backend/data/catalog.json` loads it."""
    settings = Settings(local_data_dir=str(tmp_path))
    documents = json.loads(CATALOG.read_text(encoding="utf-8"))["documents"]
    ingest(
        [Document.model_validate(d) for d in documents],
        embedder_from(settings),
        store_from(settings),
    )
    return settings
