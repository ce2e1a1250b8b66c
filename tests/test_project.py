"""Project rules that hold across the code: lint, layering, entry points."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tool(name: str) -> str:
    """The environment's own copy of a test-extra tool (the pinned one) before any other."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it comes with the test extra)")
    return found


def test_ruff_finds_nothing() -> None:
    folders = [name for name in ("src", "tests", "bench", "scripts") if (ROOT / name).is_dir()]
    result = subprocess.run(
        [tool("ruff"), "check", *folders], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    result = subprocess.run([tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_never_imports_textual_rich_or_argparse() -> None:
    core = [
        "paperdeck.models",
        "paperdeck.sources",
        "paperdeck.library",
        "paperdeck.search",
        "paperdeck.export",
        "paperdeck.paths",
        "paperdeck.sorting",
        "paperdeck.config",
    ]
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in core)
        + "print(sorted(m for m in ('textual', 'rich', 'argparse') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_import_contracts_hold() -> None:
    # The layers, the UI-free core and the absence of cycles, as pyproject.toml's
    # [tool.importlinter] contracts state them; a broken one names the import chain.
    result = subprocess.run(
        [tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout, result.stdout


def test_every_path_the_architecture_names_exists() -> None:
    # docs/ARCHITECTURE.md tells a newcomer where things are: each `folder/file.py` and
    # `tests/…` it names must be there, so a move that forgets the map fails here.
    import re

    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:tests/)?[a-z_]+/(?:[a-z_]+/)*(?:[a-z_]+\.(?:py|tcss))?)`", text))
    named |= set(re.findall(r"`([a-z_]+\.py)`", text))
    assert len(named) > 20, named
    missing = [
        path
        for path in sorted(named)
        if not (ROOT / path).exists() and not (ROOT / "src" / "paperdeck" / path).exists()
    ]
    assert missing == [], missing


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paperdeck", "--version"], capture_output=True, text=True, timeout=60
    )
    from paperdeck import __version__

    assert result.returncode == 0 and result.stdout.strip() == f"paperdeck {__version__}"
