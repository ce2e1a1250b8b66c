"""Fixtures of the search tests."""

from __future__ import annotations

import pytest
from search_helpers import LIBRARY

from paperdeck.search import SearchIndex


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex(LIBRARY, {})
