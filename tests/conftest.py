"""Shared fixtures: an isolated data folder and config path for every test, and the
seed corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
# The shared seed corpora sit beside the checkout; tests that need them skip without.
SEEDS = TESTS.parent.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty data folder, so none can touch a real library."""
    folder = tmp_path / "paperdeck-home"
    monkeypatch.setenv("PAPERDECK_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config path (no file there unless the test writes one),
    so none reads the real user's config.toml."""
    path = tmp_path / "paperdeck-config" / "config.toml"
    monkeypatch.setenv("PAPERDECK_CONFIG", str(path))
    return path


@pytest.fixture
def seed_files() -> list[Path]:
    """The five seed files, in name order; the test is skipped when they are absent."""
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if len(files) != 5:
        pytest.skip(f"seed corpora not found in {SEEDS}")
    return files
