"""Fixtures of the CLI tests: a daily page on disk, and a library that imported it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import DAILY_PAGE, run, write

from paperdeck.cli import EXIT_OK


@pytest.fixture
def page(tmp_path: Path) -> Path:
    return write(tmp_path, "page.txt", DAILY_PAGE)


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str], page: Path) -> Path:
    code, _, _ = run(capsys, "import", str(page))
    assert code == EXIT_OK
    return page
