"""Shared by every test."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _records_cache_cleared():
    """Each test starts with no cached record parts: SQLite reuses the ids of rows a rolled-back
    test wrote, so a child in one test can share an id (and a version) with a child in another."""
    caches["records"].clear()
    yield
