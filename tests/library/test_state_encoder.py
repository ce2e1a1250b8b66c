"""state.json as the StateEncoder writes it: always exactly the states, journal and
filters in memory, whatever sequence of changes made them, and a TinyDB document."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
from tinydb import TinyDB

from factories import OpenLibrary, make_papers
from paperdeck.library import Library
from paperdeck.library.state_file import StateEncoder, read_state_file
from paperdeck.library.tinystore import AtomicJSONStorage, KeyedTable
from paperdeck.library.undo import Journal
from paperdeck.models import PaperState


def decoded(encoder: StateEncoder, journal: Journal | None = None) -> dict[str, PaperState]:
    payload = b"".join(encoder.encode(journal or Journal(), {}))
    return read_state_file(orjson.loads(payload)).states


def test_the_bytes_follow_every_change_and_removal() -> None:
    rng = random.Random(13)
    states: dict[str, PaperState] = {}
    encoder = StateEncoder(states)
    assert decoded(encoder) == {}
    for round_ in range(3000):
        key = f"k{rng.randrange(1500)}"
        if rng.random() < 0.4:
            states.pop(key, None)
        else:
            states[key] = PaperState(key, starred=rng.random() < 0.5, note=f"n{round_}")
        encoder.update(states, [key])
        if round_ % 500 == 0:
            assert decoded(encoder) == states
    assert decoded(encoder) == states
    # Many removals at once pack the chunks (holes beyond the live ones).
    removed = list(states)[: len(states) - 3]
    for key in removed:
        del states[key]
    encoder.update(states, removed)
    assert decoded(encoder) == states
    encoder.reset(states)
    assert decoded(encoder) == states


def test_the_file_is_a_tinydb_document(open_library: OpenLibrary, home: Path) -> None:
    papers = make_papers(3)
    library = open_library(papers)
    library.set_starred([papers[0].key], True)
    library.add_tags([papers[1].key], ["x"])
    library.save_filter("mine", "is:starred")
    library.fold_log()
    database = TinyDB(home / "state.json", storage=AtomicJSONStorage)
    states = KeyedTable(database.storage, "states")
    assert len(states) == 2
    assert states.get(doc_id=papers[0].key)["starred"] is True  # type: ignore[index]
    assert KeyedTable(database.storage, "filters").all()[0]["query"] == "is:starred"
    # And what paperdeck itself reads back is what it wrote.
    stored = Library.open(home)
    assert stored.states == library.states and stored.journal == library.journal


def test_an_empty_library_writes_a_file_that_reads_back(open_library: OpenLibrary) -> None:
    library = open_library(make_papers(1))
    library.save_filter("f", "x")
    assert Library.open(library.home).states == {}
