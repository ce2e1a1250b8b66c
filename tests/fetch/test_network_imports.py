"""httpx and feedparser are loaded only by the commands that use the network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import sys\n"
    "{action}\n"
    "print(sorted(m for m in ('httpx', 'feedparser') if m in sys.modules), file=sys.stderr)\n"
)


def loaded(action: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(action=action)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return result.stderr.strip().splitlines()[-1]


def test_list_loads_no_network_library(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("Abstract:We study decoding. It works.\n", encoding="utf-8")
    action = (
        "from paperdeck.cli import main\n"
        f"main(['import', {str(page)!r}])\n"
        "main(['list', 'decoding'])\n"
        "main(['config'])"
    )
    assert loaded(action) == "[]"


def test_the_apps_start_up_loads_no_network_library() -> None:
    assert loaded("import paperdeck.tui.app\nimport paperdeck.config") == "[]"


def test_add_does(monkeypatch: pytest.MonkeyPatch) -> None:
    # A port nothing listens on: add loads both, then fails at once (exit 4).
    monkeypatch.setenv("PAPERDECK_ARXIV_API", "http://127.0.0.1:9/api/query")
    action = (
        "from paperdeck.cli import main\n"
        "try:\n    main(['add', '2406.09415'])\nexcept SystemExit as end:\n"
        "    assert end.code == 4, end.code"
    )
    assert loaded(action) == "['feedparser', 'httpx']"
