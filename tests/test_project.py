"""Project rules that hold across the code: lint, layering, entry points."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing() -> None:
    # The environment's own ruff (the pinned one from the test extra) before any other.
    beside = Path(sys.executable).with_name("ruff")
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it comes with the test extra)")
    folders = [name for name in ("src", "tests", "bench", "scripts") if (ROOT / name).is_dir()]
    result = subprocess.run([ruff, "check", *folders], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_never_imports_textual_rich_or_argparse() -> None:
    core = [
        "paperdeck.models",
        "paperdeck.sources",
        "paperdeck.library",
        "paperdeck.search",
        "paperdeck.export",
        "paperdeck.paths",
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


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paperdeck", "--version"], capture_output=True, text=True, timeout=60
    )
    from paperdeck import __version__

    assert result.returncode == 0 and result.stdout.strip() == f"paperdeck {__version__}"
