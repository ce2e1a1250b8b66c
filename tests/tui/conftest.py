"""Fixtures for the app tests; the helpers they share are in ``tui_helpers``."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import SMALL, make_library


@pytest.fixture
def small(home: Path) -> Path:
    """A library of the five SMALL papers, closed again (the app takes the lock)."""
    make_library(home, SMALL)
    return home
