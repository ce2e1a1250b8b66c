"""Fixtures of the safety tests: a fork server for child processes, and corpora to import."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from safety_helpers import ForkServer


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    forks = ForkServer()
    yield forks
    forks.close()
