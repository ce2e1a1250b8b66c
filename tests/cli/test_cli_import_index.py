"""`paperdeck import` writes the search index (search.idx) the app then maps."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run

from paperdeck.cli import EXIT_OK
from paperdeck.cli.commands import importing
from paperdeck.library import Library
from paperdeck.search import SearchIndex
from paperdeck.search.index_file import INDEX_FILE


def warmed_in_app(home: Path) -> SearchIndex:
    """The index as the app warms it: from the library's search.idx when fresh
    (then nothing is written), else built and written."""
    library = Library.open(home, writable=True)
    try:
        index = library.search_index()
        index.warm()
        return index
    finally:
        library.close()


def test_an_import_writes_the_index_the_app_then_reads_unchanged(
    capsys: pytest.CaptureFixture[str], imported: Path, home: Path
) -> None:
    written = home / INDEX_FILE
    assert written.is_file()
    stamp = written.stat().st_mtime_ns, written.read_bytes()
    index = warmed_in_app(home)
    # Fresh: the app mapped it, wrote nothing, and it answers as a scan does.
    assert (written.stat().st_mtime_ns, written.read_bytes()) == stamp
    code, out, _ = run(capsys, "list", "diffusion")
    assert code == EXIT_OK
    assert len(index.search("diffusion")) == len(out.splitlines()) > 0


def test_a_library_over_the_size_gets_its_index_from_the_app(
    capsys: pytest.CaptureFixture[str], page: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "INDEX_AT_IMPORT_MAX_PAPERS", 1)
    code, _, _ = run(capsys, "import", str(page))
    assert code == EXIT_OK
    assert not (home / INDEX_FILE).exists()
    warmed_in_app(home)
    assert (home / INDEX_FILE).is_file()
