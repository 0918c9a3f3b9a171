"""The crawler's fixtures: a fetcher with the test options (the local site is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from crawlers.fetch import Fetcher


@pytest.fixture
def fetcher(options):
    with Fetcher(options) as fetcher:
        yield fetcher
