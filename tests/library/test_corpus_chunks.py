"""corpus.json written in pieces: the same bytes as one dump, and still atomic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from factories import entries, make_papers
from paperdeck.library import Library, corpus_file
from paperdeck.library.corpus_file import (
    corpus_chunks,
    corpus_document,
    read_corpus,
    read_generation,
)
from paperdeck.library.storage import StorageError, write_atomically

IMPORTS: list[Any] = [{"files": ['a "rows":[] b.txt'], "entries": 3, "time": "2026-01-01T00:00:00"}]


@pytest.mark.parametrize("count", [0, 1, 3, 4, 7])
def test_pieces_make_the_bytes_of_one_dump(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, count: int
) -> None:
    monkeypatch.setattr(corpus_file, "CHUNK_ROWS", 3)
    papers = make_papers(count)
    pieces = list(corpus_chunks(papers, IMPORTS, 12))
    whole = orjson.dumps(corpus_document(papers, IMPORTS, 12))
    assert b"".join(pieces) == whole
    assert len(pieces) == 2 + -(-count // 3)  # head, one piece per 3 rows, tail
    path = tmp_path / "corpus.json"
    write_atomically(path, corpus_chunks(papers, IMPORTS, 12))
    assert read_generation(path) == 12
    corpus = read_corpus(orjson.loads(path.read_bytes()))
    assert corpus.papers == papers and corpus.generation == 12


def test_a_write_that_dies_midway_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "corpus.json"
    path.write_bytes(b"the old corpus")

    def dying() -> Iterator[bytes]:
        yield b"half of a new"
        raise OSError(28, "No space left on device")

    with pytest.raises(StorageError, match="No space left"):
        write_atomically(path, dying())
    assert path.read_bytes() == b"the old corpus"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.json"]  # no temp left


def test_an_import_whose_write_dies_keeps_the_library(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with Library.open(tmp_path, writable=True) as library:
        library.import_entries(["a.txt"], entries(make_papers(5)))
    before = (tmp_path / "corpus.json").read_bytes()

    def dying(*args: Any, **kwargs: Any) -> Iterator[bytes]:
        pieces = corpus_chunks(*args, **kwargs)
        yield next(pieces)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("paperdeck.library.library.corpus_chunks", dying)
    with Library.open(tmp_path, writable=True) as library:
        with pytest.raises(StorageError):
            library.import_entries(["b.txt"], entries(make_papers(5, start=5)))
        assert len(library.papers) == 5
    assert (tmp_path / "corpus.json").read_bytes() == before
    with Library.open(tmp_path) as reopened:
        assert len(reopened.papers) == 5 and reopened.generation == 1
