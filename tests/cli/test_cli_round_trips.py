"""Exports that import back: JSON and BibTeX of the whole library."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from cli_helpers import listed, run

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK
from paperdeck.library import Library


def test_json_export_of_everything_restores_into_an_empty_library(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    papers = listed(capsys)
    run(capsys, "star", papers[0]["id"], papers[2]["id"])
    run(capsys, "read", papers[1]["id"])
    run(capsys, "tag", papers[0]["id"], "safety", "to read")
    run(capsys, "note", papers[2]["id"], "Line one.\n\nLine [two] with *marks*.")
    backup = tmp_path / "backup.jsonl"
    code, _, err = run(capsys, "export", "--all", "--format", "json", "-o", str(backup))
    assert code == EXIT_OK and "Wrote 3 papers" in err
    before = listed(capsys)
    with Library.open(home) as original:
        states, originals = dict(original.states), list(original.papers)

    restored_home = tmp_path / "restored"
    monkeypatch.setenv("PAPERDECK_HOME", str(restored_home))
    code, out, _ = run(capsys, "import", str(backup))
    assert code == EXIT_OK and "3 added" in out
    assert listed(capsys) == before
    with Library.open(restored_home) as restored:
        assert restored.states == states
        # Everything but when the papers entered this library, which is the restore.
        assert [replace(p, added=None) for p in restored.papers] == [
            replace(p, added=None) for p in originals
        ]


def test_export_all_in_markdown_grouped_by_tag_with_abstracts(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    keys = [paper["id"] for paper in listed(capsys)]
    run(capsys, "tag", keys[0], "safety")
    code, out, _ = run(capsys, "export", "--all", "--group-by", "tag", "--abstracts")
    assert code == EXIT_OK and out.startswith("# All papers\n")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## safety (1)", "## Untagged (2)"]
    assert out.count("<details><summary>Abstract</summary>") == 3


@pytest.mark.parametrize(
    "args",
    [
        ("--all", "diffusion"),
        ("--format", "bibtex", "--group-by", "tag"),
        ("--format", "json", "--abstracts"),
        ("--group-by", "year"),
    ],
)
def test_export_options_that_do_not_go_together_exit_2(
    capsys: pytest.CaptureFixture[str], imported: Path, args: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "export", *args)
    assert code == EXIT_BAD_INPUT and out == "" and err.strip()


def test_bibtex_export_of_everything_imports_back_with_the_same_titles_and_ids(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = {(p["id"], p["title"]) for p in listed(capsys)}
    bib = tmp_path / "all.bib"
    assert run(capsys, "export", "--all", "--format", "bibtex", "-o", str(bib))[0] == EXIT_OK
    monkeypatch.setenv("PAPERDECK_HOME", str(tmp_path / "from-bibtex"))
    code, out, _ = run(capsys, "import", str(bib))
    assert code == EXIT_OK and "3 added" in out
    assert {(p["id"], p["title"]) for p in listed(capsys)} == before
