from pathlib import Path

import pytest


@pytest.fixture
def migrations_dir() -> Path:
    return Path(__file__).parent / "migrations"
