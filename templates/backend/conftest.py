"""The framework's fixtures (throwaway databases on both clients, moto, Lambda
context; loaded as a pytest plugin) get this app's migrations here."""

from pathlib import Path

import pytest

from database.models import MIGRATIONS


@pytest.fixture
def migrations_dir() -> Path:
    return MIGRATIONS
