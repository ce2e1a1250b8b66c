"""``paperdeck imports``, and re-import as a triage step (is:new, is:updated)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import DAILY_PAGE, listed, run, write

from paperdeck.cli import EXIT_OK


def test_imports_are_recorded_and_is_new_and_is_updated_follow_the_latest(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    assert {p["title"][:6] for p in listed(capsys, "is:new")} == {"The De", "Dimple", "RLP: R"}
    newer = DAILY_PAGE.replace("Jul 15 2", "Jul 15 9") + (
        "\nFresh Paper On Something\n\nA brand new abstract.\n\n  • 2 authors\n·\nSep 30 1\n"
    )
    code, _, _ = run(capsys, "import", str(write(tmp_path, "newer.txt", newer)))
    assert code == EXIT_OK
    assert [p["title"] for p in listed(capsys, "is:new")] == ["Fresh Paper On Something"]
    (updated,) = listed(capsys, "is:updated")
    assert updated["title"].startswith("The Devil") and updated["upvotes"] == 9
    code, out, _ = run(capsys, "imports", "--json")
    records = json.loads(out)
    assert [(r["files"], r["added"], r["updated"]) for r in records] == [
        (["page.txt"], 3, 0),
        (["newer.txt"], 1, 1),
    ]
    code, out, _ = run(capsys, "imports")
    assert code == EXIT_OK and "1 added, 1 updated, 2 unchanged  newer.txt" in out
    # Importing the same page again brings nothing: the latest import, and so
    # is:new, stay as they were.
    run(capsys, "import", str(tmp_path / "newer.txt"))
    assert [p["title"] for p in listed(capsys, "is:new")] == ["Fresh Paper On Something"]
