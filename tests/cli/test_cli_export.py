"""``paperdeck export`` and ``paperdeck stats``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import devil_id, run

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK


def test_export_defaults_to_starred_markdown_on_stdout(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    key = devil_id(capsys)
    run(capsys, "star", key)
    run(capsys, "tag", key, "safety")
    run(capsys, "note", key, "A worrying result.")
    code, out, _ = run(capsys, "export")
    assert code == EXIT_OK
    assert out.startswith("# Starred papers\n")
    assert "## 1. The Devil behind the mask" in out
    assert "- 2025-07-15 · 14 authors · ▲ 2" in out
    assert "- Tags: `safety`" in out and "> A worrying result." in out
    assert "Dimple" not in out


def test_export_a_query_in_each_format_to_a_file(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    for fmt, marker in (("markdown", "## 1. Dimple"), ("bibtex", "@misc{dimple2024,"),
                        ("json", '"title":"Dimple')):  # fmt: skip
        target = tmp_path / f"out.{fmt}"
        code, out, err = run(capsys, "export", "dimple", "--format", fmt, "-o", str(target))
        assert code == EXIT_OK and out == "" and f"Wrote 1 paper to {target}" in err
        assert marker in target.read_text(encoding="utf-8")


def test_export_with_nothing_starred_says_so(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, err = run(capsys, "export")
    assert code == EXIT_OK and "0 papers" in out and "no starred papers" in err


def test_export_to_an_unwritable_path_exits_2(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "dimple", "-o", str(tmp_path / "missing" / "x.md"))
    assert code == EXIT_BAD_INPUT and "could not save" in err and "x.md" in err
    assert len(err.strip().splitlines()) == 1


def test_export_replaces_an_existing_file_whole_and_leaves_no_litter(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    target = tmp_path / "list.md"
    target.write_text("an older, much longer reading list\n" * 100, encoding="utf-8")
    code, _, _ = run(capsys, "export", "dimple", "-o", str(target))
    assert code == EXIT_OK
    assert target.read_text(encoding="utf-8").startswith("# Papers matching: dimple\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("list", ".list"))) == [
        "list.md"
    ]


def test_stats_json(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    key = devil_id(capsys)
    run(capsys, "star", key)
    run(capsys, "tag", key, "a", "b")
    code, out, _ = run(capsys, "stats", "--json")
    assert code == EXIT_OK
    assert json.loads(out) == {"papers": 3, "starred": 1, "read": 0, "tags": {"a": 1, "b": 1}}
    code, out, _ = run(capsys, "stats")
    assert "3 papers · 1 starred · 0 read" in out


def test_version_and_no_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("paperdeck ")
    code, out, _ = run(capsys)
    assert code == EXIT_OK and "paperdeck import FILE" in out and "0 papers" in out
