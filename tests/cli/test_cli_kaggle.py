"""``paperdeck import`` of a Kaggle arXiv snapshot, and ``--category``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import ABSTRACTS, library_files, listed, run, write

from factories import SHARED
from output_checks import bibtexparser_fields, pybtex_keys
from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_SKIPPED
from snapshot_helpers import write_snapshot

SAMPLE = SHARED / "formats" / "kaggle_snapshot.jsonl"


def test_import_a_snapshot_by_category(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json", 1400)
    code, out, err = run(capsys, "import", "--category", "cs", str(path))
    assert (code, err) == (EXIT_OK, "")
    # 4 of the 7 category lines of the generated snapshot have a cs.* category.
    assert "800 entries (600 outside --category) → 800 added" in out
    papers = listed(capsys)
    assert len(papers) == 800
    assert all(any(c.startswith("cs.") for c in paper["categories"]) for paper in papers)
    sample = next(paper for paper in papers if paper["id"] == "2101.00000")
    assert sample["author_names"] == ["Ada Person0", "Bo Li", "C. Díaz"]
    assert sample["categories"] == ["cs.LG", "stat.ML"]
    assert sample["published"] == "2021-03-01"


def test_category_is_repeatable_and_case_insensitive(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_snapshot(tmp_path / "s.json", 70)
    code, out, _ = run(
        capsys, "import", "--category", "HEP-TH", "--category", "q-bio", str(path), "--json"
    )
    assert code == EXIT_OK
    assert json.loads(out)["added"] == 20
    assert {tuple(paper["categories"]) for paper in listed(capsys)} == {("hep-th",), ("q-bio.NC",)}
    # The same snapshot again: nothing new, no import recorded.
    code, out, _ = run(capsys, "import", "--category", "hep-th", str(path), "--json")
    assert (code, json.loads(out)["added"], json.loads(out)["unchanged"]) == (EXIT_OK, 0, 10)


def test_category_with_a_file_that_is_no_snapshot_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path
) -> None:
    snapshot = write_snapshot(tmp_path / "s.json", 7)
    other = write(tmp_path, "a.txt", ABSTRACTS)
    assert run(capsys, "import", str(other))[0] == EXIT_OK
    before = library_files(home)
    code, out, err = run(capsys, "import", "--category", "cs", str(snapshot), str(other))
    assert code == EXIT_BAD_INPUT and out == ""
    assert err == (
        f"paperdeck: {other}: is not a Kaggle arXiv snapshot (it reads as abstracts); "
        "--category applies only to snapshots; nothing was imported\n"
    )
    assert library_files(home) == before


def test_bad_lines_are_reported_and_the_rest_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_snapshot(tmp_path / "s.json", 3, "{broken", '{"id": "2101.99999"}')
    code, out, err = run(capsys, "import", str(path))
    assert code == EXIT_SKIPPED
    assert "3 entries → 3 added" in out and "2 skipped" in out
    lines = err.splitlines()
    assert lines[0].startswith("paperdeck: skipped s.json:4: is not JSON (")
    assert lines[1] == "paperdeck: skipped s.json:5: record has neither a title nor an abstract"
    assert len(listed(capsys)) == 3


@pytest.mark.parametrize("value", ["", "c s", "cs..LG", "\x1b[2J"])
def test_a_bad_category_value_is_refused(capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, out, err = run(capsys, "import", "--category", value, "any.json")
    assert code == EXIT_BAD_INPUT and out == ""
    assert "argument --category:" in err and "is not an arXiv category" in err
    assert "\x1b" not in err


def test_the_sample_snapshot_through_queries_and_bibtex(
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not SAMPLE.exists():
        pytest.skip("the shared format samples are not beside the checkout")
    assert run(capsys, "import", str(SAMPLE))[0] == EXIT_OK
    assert [paper["id"] for paper in listed(capsys, "cat:hep-th")] == ["hep-th/9711200"]
    assert {paper["id"] for paper in listed(capsys, "cat:cs")} == {
        "1706.03762",
        "2510.02217",
        "2611.06021",
        "2611.06088",
    }
    assert [paper["id"] for paper in listed(capsys, "author:maldacena")] == ["hep-th/9711200"]
    code, bibtex, _ = run(capsys, "export", "--all", "--format", "bibtex")
    assert code == EXIT_OK
    assert len(pybtex_keys(bibtex)) == 5
    authors = {fields["eprint"]: fields["author"] for fields in bibtexparser_fields(bibtex)}
    assert authors["hep-th/9711200"] == "Maldacena, Juan M."
    assert authors["2611.06088"].startswith("M")  # Müller, as BibTeX writes it
    assert "Natarajan, Priya" in authors["2611.06088"]
