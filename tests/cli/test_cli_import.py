"""``paperdeck import``: counts, formats, years, and the files it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import ABSTRACTS, DAILY_PAGE, LIST_KEYS, library_files, listed, run, write

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_SKIPPED


def test_import_reports_counts_and_is_idempotent(
    capsys: pytest.CaptureFixture[str], page: Path
) -> None:
    code, out, err = run(capsys, "import", str(page))
    assert code == EXIT_OK and err == ""
    assert "3 entries → 3 added, 0 updated, 0 unchanged" in out
    code, out, _ = run(capsys, "import", str(page), "--json")
    assert code == EXIT_OK
    report = json.loads(out)
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 3)
    assert report["files"] == ["page.txt"]


def test_import_applies_the_page_year_rule_and_year_override(
    capsys: pytest.CaptureFixture[str], page: Path
) -> None:
    run(capsys, "import", str(page))
    dates = {p["title"][:6]: p["published"] for p in listed(capsys)}
    # The latest explicit year on the page is 2024, so the page's own year is 2025.
    assert dates == {"The De": "2025-07-15", "Dimple": "2024-05-22", "RLP: R": "2025-09-26"}


def test_year_flag_sets_the_page_year(capsys: pytest.CaptureFixture[str], page: Path) -> None:
    code, _, _ = run(capsys, "import", str(page), "--year", "2023")
    assert code == EXIT_OK
    devil = listed(capsys, "devil")[0]
    assert devil["published"] == "2023-07-15"


def test_bad_year_is_an_argument_error(capsys: pytest.CaptureFixture[str], page: Path) -> None:
    code, _, err = run(capsys, "import", str(page), "--year", "25")
    assert code == 2 and "'25' is not a four-digit year" in err


def test_list_json_has_the_contract_keys_and_types(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    papers = listed(capsys)
    assert len(papers) == 3
    for paper in papers:
        assert set(paper) == LIST_KEYS
    rlp = next(p for p in papers if p["title"].startswith("RLP"))
    assert rlp["org"] == "nvidia NVIDIA" and rlp["authors"] is None and rlp["upvotes"] == 4
    assert rlp["sources"] == ["page.txt"] and rlp["tags"] == [] and rlp["note"] == ""
    assert rlp["starred"] is False and rlp["read"] is False and rlp["arxiv_id"] is None


def test_format_flag_forces_a_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "notes.txt", ABSTRACTS)
    code, _, _ = run(capsys, "import", str(path), "--format", "abstracts")
    assert code == EXIT_OK
    titles = sorted(p["title"] for p in listed(capsys))
    assert titles == [
        "Token-level importance sampling for preference optimisation",
        "We study grammar-aligned decoding for structured outputs",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty"),
        ("blank.txt", "\n \n", "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        ("binary.bin", b"abc\x00\x01\x02def", "binary"),
        ("prose.txt", "Just some notes about my day.\nNothing to see here.\n", "known format"),
    ],
)
def test_unimportable_files_exit_2_with_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    imported: Path,
    home: Path,
    name: str,
    content: str | bytes,
    reason: str,
) -> None:
    before = library_files(home)
    bad = write(tmp_path, name, content)
    code, out, err = run(capsys, "import", str(imported), str(bad))
    assert code == EXIT_BAD_INPUT and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert name in err and reason.lower() in err.lower() and "Traceback" not in err
    assert library_files(home) == before


def test_missing_file_and_folder_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path
) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nope.txt"))
    assert code == EXIT_BAD_INPUT and "nope.txt" in err and "no such file" in err
    code, _, err = run(capsys, "import", str(tmp_path))
    assert code == EXIT_BAD_INPUT and "folder" in err
    assert library_files(home) == {}


def test_partly_malformed_page_imports_whole_entries_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = DAILY_PAGE.replace("  • 3 authors\n·\nMay 22, 2024 4\n", "  • 3 authors\n")
    truncated = broken + "\nA Truncated Paper\n\nIts abstract stops mid"
    path = write(tmp_path, "broken.txt", truncated)
    code, out, err = run(capsys, "import", str(path))
    assert code == EXIT_SKIPPED and "2 added" in out and "2 skipped" in out
    skipped = [line for line in err.splitlines() if line.startswith("paperdeck: skipped")]
    assert len(skipped) == 2
    assert all("broken.txt:" in line for line in skipped)
    titles = {p["title"][:3] for p in listed(capsys)}
    assert titles == {"The", "RLP"}
