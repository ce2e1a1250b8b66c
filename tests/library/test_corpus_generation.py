"""corpus.json's generation: one more per import, readable from the first bytes."""

from __future__ import annotations

import json
from pathlib import Path

from paperdeck.library import Library
from paperdeck.library.corpus_file import corpus_size, read_generation
from paperdeck.models import Entry, Paper


def _entry(number: int) -> Entry:
    paper = Paper(key=f"k{number}", title=f"Paper number {number}", abstract=f"On {number}.")
    return Entry(paper, number)


def test_each_import_that_changes_the_corpus_raises_the_generation(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.json"
    assert read_generation(corpus) == 0 and corpus_size(corpus) == 0
    with Library.open(tmp_path, writable=True) as library:
        assert library.generation == 0
        library.import_entries(["a"], [_entry(1)])
        assert library.generation == 1 == read_generation(corpus)
        library.import_entries(["a"], [_entry(1)])  # nothing new: nothing written
        assert read_generation(corpus) == 1
        library.import_entries(["b"], [_entry(2)])
    assert read_generation(corpus) == 2
    assert corpus_size(corpus) == corpus.stat().st_size
    with Library.open(tmp_path) as reopened:
        assert reopened.generation == 2
    # The file is still a TinyDB document a JSON parser reads, generation included.
    assert json.loads(corpus.read_bytes())["meta"]["1"] == {"generation": 2}


def test_another_process_import_is_seen_with_its_generation(tmp_path: Path) -> None:
    with (
        Library.open(tmp_path, writable=True) as first,
        Library.open(tmp_path, writable=True) as second,
    ):
        first.import_entries(["a"], [_entry(1)])
        second.import_entries(["b"], [_entry(2)])  # re-reads generation 1 under the lock
        assert second.generation == 2
        assert first.refresh().corpus and first.generation == 2


def test_a_corpus_without_a_generation_is_generation_zero(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.json"
    corpus.write_text('{"papers": {}, "imports": {}}')
    assert read_generation(corpus) == 0
    with Library.open(tmp_path, writable=True) as library:
        assert library.generation == 0
        library.import_entries(["a"], [_entry(1)])
    assert read_generation(corpus) == 1
