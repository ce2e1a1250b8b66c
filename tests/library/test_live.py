"""A live library (issue 13): several libraries over one data folder, each writing
under a per-write lock; refresh() reports what the others changed."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from factories import OpenLibrary, entries, make_papers
from paperdeck.library import Library, LibraryChange

PAPERS = make_papers(6)
KEYS = [paper.key for paper in PAPERS]


@pytest.fixture
def two(open_library: OpenLibrary, home: Path) -> tuple[Library, Library]:
    """Two writable libraries over one folder, as two processes hold them."""
    first = open_library(PAPERS)
    return first, Library.open(home, writable=True)


def test_writes_of_two_libraries_to_different_papers_both_land(
    two: tuple[Library, Library], home: Path
) -> None:
    first, second = two
    first.set_starred([KEYS[0]], True)
    second.add_tags([KEYS[1]], ["x"])  # re-reads state.json: the star is kept
    first.set_note(KEYS[2], "hello")  # and again: the tag is kept
    stored = Library.open(home)
    assert stored.state(KEYS[0]).starred
    assert stored.state(KEYS[1]).tags == ("x",)
    assert stored.state(KEYS[2]).note == "hello"
    # Undo steps of both, in one journal, in order.
    kinds = [step.action.kind for step in stored.journal.steps]
    assert kinds == ["star", "tag", "note"]


def test_the_later_write_to_one_field_wins(two: tuple[Library, Library], home: Path) -> None:
    first, second = two
    first.set_note(KEYS[0], "first")
    second.set_note(KEYS[0], "second")
    assert Library.open(home).state(KEYS[0]).note == "second"
    assert first.refresh().state_keys == {KEYS[0]}
    assert first.state(KEYS[0]).note == "second"


def test_undo_takes_back_the_newest_step_whoever_made_it(
    two: tuple[Library, Library], home: Path
) -> None:
    first, second = two
    first.set_starred([KEYS[0]], True)
    second.set_read([KEYS[1]], True)
    step = first.undo()  # the journal as on disk: the other library's read
    assert step is not None and step.action.kind == "read"
    stored = Library.open(home)
    assert stored.state(KEYS[0]).starred and not stored.state(KEYS[1]).read
    assert second.redo() is not None  # redo, too, against the fresh journal
    assert Library.open(home).state(KEYS[1]).read


def test_refresh_reports_outside_changes_and_not_its_own(two: tuple[Library, Library]) -> None:
    first, second = two
    assert first.refresh().empty and second.refresh().empty
    first.set_starred([KEYS[0]], True)
    assert first.refresh().empty  # its own write
    change = second.refresh()
    assert change == LibraryChange(state_keys=frozenset({KEYS[0]}), journal=True)
    assert second.state(KEYS[0]).starred
    assert second.refresh().empty  # reported once


def test_refresh_reports_what_a_write_reread_under_the_lock(
    two: tuple[Library, Library],
) -> None:
    first, second = two
    first.set_starred([KEYS[0]], True)
    second.set_read([KEYS[1]], True)  # picks up the star under the lock
    change = second.refresh()
    assert KEYS[0] in change.state_keys and KEYS[1] not in change.state_keys
    assert change.journal


def test_refresh_updates_states_in_place(two: tuple[Library, Library]) -> None:
    first, second = two
    live = second.states
    first.set_starred([KEYS[0]], True)
    second.refresh()
    assert second.states is live and live[KEYS[0]].starred


def test_refresh_picks_up_an_outside_import(two: tuple[Library, Library]) -> None:
    first, second = two
    report = first.import_entries(["b.jsonl"], entries(make_papers(2, start=10)))
    assert report.added == 2
    change = second.refresh()
    assert change.corpus and len(second.papers) == len(PAPERS) + 2
    assert second.get(make_papers(1, start=10)[0].key) is not None


def test_an_import_merges_into_the_corpus_as_on_disk(two: tuple[Library, Library]) -> None:
    first, second = two
    first.import_entries(["b.jsonl"], entries(make_papers(2, start=10)))
    second.import_entries(["c.jsonl"], entries(make_papers(2, start=20)))
    stored = Library.open(first.home)
    assert len(stored.papers) == len(PAPERS) + 4 and len(stored.imports) == 3


def test_refresh_reports_filters(two: tuple[Library, Library]) -> None:
    first, second = two
    first.save_filter("mine", "is:starred")
    change = second.refresh()
    assert change.filters and second.filters == {"mine": "is:starred"}


def test_refresh_costs_no_parse_when_nothing_changed(
    two: tuple[Library, Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    _first, second = two

    def no_parse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr("paperdeck.library.files.load_file", no_parse)
    assert second.refresh().empty
    second.set_starred([KEYS[0]], True)  # its own view is current: no re-read either
    assert second.refresh().empty


def test_note_writes_of_one_edit_session_are_one_undo_step(open_library: OpenLibrary) -> None:
    library = open_library(PAPERS)
    library.set_note(KEYS[0], "before")
    for text in ("a", "ab", "abc"):
        library.set_note(KEYS[0], text, edit_session="s1")
    assert len(library.journal.steps) == 2
    library.set_note(KEYS[0], "abcd", edit_session="s2")  # another session: a new step
    assert len(library.journal.steps) == 3
    library.undo()
    assert library.state(KEYS[0]).note == "abc"
    library.undo()
    assert library.state(KEYS[0]).note == "before"
    library.redo()
    assert library.state(KEYS[0]).note == "abc"


def test_a_session_folds_only_while_its_step_is_the_newest(
    two: tuple[Library, Library],
) -> None:
    first, second = two
    first.set_note(KEYS[0], "a", edit_session="s")
    second.set_starred([KEYS[1]], True)  # another process's step comes after
    first.set_note(KEYS[0], "ab", edit_session="s")
    assert [step.action.kind for step in first.journal.steps] == ["note", "star", "note"]
    first.undo()
    assert first.state(KEYS[0]).note == "a"


def test_the_journal_keeps_a_large_note_once(open_library: OpenLibrary, home: Path) -> None:
    library = open_library(PAPERS)
    big = "word " * 100_000  # 500 kB
    library.set_note(KEYS[0], big)
    library.set_note(KEYS[0], big + "and one more")
    journal_text = json.dumps(json.loads((home / "state.json").read_text())["journal"])
    # Once in the first step (the note it set), once as the second step's "before";
    # the second step's own note is only the words typed (a full copy: 3 times).
    assert len(journal_text) < 2.2 * len(big)
    reopened = Library.open(home, writable=True)
    assert reopened.journal.steps[-1].action.note == big + "and one more"
    reopened.undo()
    assert reopened.state(KEYS[0]).note == big
    reopened.undo()
    assert reopened.state(KEYS[0]).note == ""


def test_refresh_never_waits_for_a_write_in_another_thread(
    two: tuple[Library, Library],
) -> None:
    first, second = two
    first.set_starred([KEYS[0]], True)
    held = threading.Event()
    release = threading.Event()

    def long_write() -> None:
        with second._files.writing():  # as an import in a worker holds it
            held.set()
            release.wait(10)

    worker = threading.Thread(target=long_write)
    worker.start()
    try:
        assert held.wait(10)
        assert second.refresh().empty  # at once, not after the write
    finally:
        release.set()
        worker.join(10)
    assert second.refresh().state_keys == {KEYS[0]}
