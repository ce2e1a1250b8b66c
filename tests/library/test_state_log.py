"""state.log: each triage action one fsynced record, folded into state.json now and
then and at close; torn, damaged and already-folded records; following the tail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from factories import OpenLibrary, make_papers
from paperdeck.library import Library
from paperdeck.library.state_log import MAGIC, LogRead, parse_records, read_log_seq

PAPERS = make_papers(8)
KEYS = [paper.key for paper in PAPERS]


def log_records(home: Path) -> LogRead:
    read = LogRead()
    parse_records((home / "state.log").read_bytes(), 0, read)
    return read


def test_a_star_appends_one_record_and_the_close_folds_it(
    open_library: OpenLibrary, home: Path
) -> None:
    library = open_library(PAPERS)
    library.set_read([KEYS[7]], True)
    library.fold_log()
    state_json = (home / "state.json").read_bytes()
    library.set_starred([KEYS[0]], True)
    library.add_tags([KEYS[1]], ["x"])
    assert (home / "state.json").read_bytes() == state_json
    assert [r.seq for r in log_records(home).records] == [2, 3]
    with Library.open(home) as reader:
        assert reader.state(KEYS[0]).starred and reader.state(KEYS[1]).tags == ("x",)
        assert [step.action.kind for step in reader.journal.steps] == ["read", "star", "tag"]
    library.close()
    assert not (home / "state.log").exists()
    assert read_log_seq((home / "state.json").read_bytes()[:64]) == 3
    with Library.open(home) as reopened:
        assert reopened.state(KEYS[0]).starred and len(reopened.journal.steps) == 3


def test_a_torn_last_record_is_ignored_then_cut_by_the_next_write(
    open_library: OpenLibrary, home: Path
) -> None:
    library = open_library(PAPERS)
    library.set_starred([KEYS[0]], True)
    library.set_starred([KEYS[1]], True)
    log = home / "state.log"
    os.truncate(log, log.stat().st_size - 5)
    reader = Library.open(home)
    assert reader.state(KEYS[0]).starred and not reader.state(KEYS[1]).starred
    writer = Library.open(home, writable=True)
    writer.set_read([KEYS[2]], True)
    assert [r.seq for r in log_records(home).records] == [1, 2]
    assert log_records(home).damage is None and not log_records(home).torn
    assert reader.refresh().state_keys == {KEYS[2]}
    assert not list(home.glob("state.log.corrupt-*"))


def test_a_damaged_record_keeps_those_before_and_the_file_aside(
    open_library: OpenLibrary, home: Path
) -> None:
    library = open_library(PAPERS)
    for key in KEYS[:3]:
        library.set_starred([key], True)
    log = home / "state.log"
    data = bytearray(log.read_bytes())
    second = data.index(b"\n", len(MAGIC)) + 1
    data[second + 20] ^= 0x01  # inside record 2: its checksum no longer holds
    log.write_bytes(bytes(data))
    with Library.open(home) as reader:
        assert [reader.state(k).starred for k in KEYS[:3]] == [True, False, False]
        assert any("state.log is damaged" in warning for warning in reader.warnings)
    writer = Library.open(home, writable=True)
    writer.set_read([KEYS[5]], True)
    assert [p.read_bytes() for p in home.glob("state.log.corrupt-*")] == [bytes(data)]
    assert any("state.log was damaged" in warning for warning in writer.warnings)
    writer.close()
    with Library.open(home) as reopened:
        assert [reopened.state(k).starred for k in KEYS[:3]] == [True, False, False]
        assert reopened.state(KEYS[5]).read


def test_records_already_folded_are_not_applied_twice(
    open_library: OpenLibrary, home: Path, tmp_path: Path
) -> None:
    """A fold that died after writing state.json, before removing the log."""
    library = open_library(PAPERS)
    library.set_starred([KEYS[0]], True)
    library.add_tags([KEYS[0]], ["x"])
    kept = tmp_path / "state.log"
    shutil.copy(home / "state.log", kept)
    library.fold_log()
    shutil.copy(kept, home / "state.log")
    with Library.open(home, writable=True) as again:
        assert [step.action.kind for step in again.journal.steps] == ["star", "tag"]
        again.set_note(KEYS[1], "after")
        assert [step.action.kind for step in again.journal.steps] == ["star", "tag", "note"]
    with Library.open(home) as reopened:
        assert [step.action.kind for step in reopened.journal.steps] == ["star", "tag", "note"]
        assert reopened.state(KEYS[0]).tags == ("x",) and reopened.state(KEYS[1]).note == "after"


def test_an_older_state_json_gets_the_log_applied_on_top(
    open_library: OpenLibrary, home: Path
) -> None:
    """An older paperdeck rewrote state.json (no log_seq) while the log held records."""
    library = open_library(PAPERS)
    library.set_read([KEYS[7]], True)
    library.fold_log()
    library.set_starred([KEYS[0]], True)
    text = (home / "state.json").read_text()
    (home / "state.json").write_text(text.replace('{"meta": {"1": {"log_seq": 1}},', "{"))
    with Library.open(home) as reader:
        assert reader.state(KEYS[0]).starred


def test_refresh_reads_only_the_new_records(
    open_library: OpenLibrary, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = open_library(PAPERS)
    for key in KEYS:
        writer.set_read([key], True)
    follower = Library.open(home, writable=True)
    follower.refresh()

    def no_full_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("state.json was parsed again")

    monkeypatch.setattr(follower, "_load_state", no_full_read)
    offset = follower._log.offset
    writer.set_starred([KEYS[3]], True)
    change = follower.refresh()
    assert change.state_keys == {KEYS[3]} and follower.state(KEYS[3]).starred
    grown = (home / "state.log").stat().st_size - offset
    assert follower._log.offset == offset + grown
    # A fold of records the follower has read is not parsed either.
    writer.close()
    assert not (home / "state.log").exists()
    assert follower.refresh().empty
    follower.set_note(KEYS[4], "mine")
    assert follower.state(KEYS[3]).starred and follower.journal.steps[-1].action.kind == "note"


def test_a_full_log_is_folded_by_the_write_that_fills_it(
    open_library: OpenLibrary, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = open_library(PAPERS)
    monkeypatch.setattr(Library, "fold_bytes", 1500)
    for key in KEYS:
        library.set_starred([key], True)
    log = home / "state.log"
    assert not log.exists() or log.stat().st_size <= 1500
    follower = Library.open(home)
    assert all(follower.state(key).starred for key in KEYS)
    seq = read_log_seq((home / "state.json").read_bytes()[:64])
    assert 0 < seq <= len(KEYS)
    # A bulk action goes straight into state.json.
    library.set_read(KEYS, True)
    assert read_log_seq((home / "state.json").read_bytes()[:64]) == library._log_seq
    assert follower.refresh().state_keys == set(KEYS)


def test_undo_and_redo_through_the_log_in_two_libraries(
    open_library: OpenLibrary, home: Path
) -> None:
    first = open_library(PAPERS)
    second = Library.open(home, writable=True)
    first.set_starred([KEYS[0]], True)
    second.set_starred([KEYS[1]], True)
    assert first.undo() is not None  # the other's star: the newest step
    assert not first.state(KEYS[1]).starred and first.state(KEYS[0]).starred
    assert second.redo() is not None
    first.save_filter("mine", "is:starred")
    second.delete_filter("mine")
    assert first.refresh().filters and first.filters == {}
    assert first.undo() is not None and first.filters == {"mine": "is:starred"}
    for library in (first, second):
        library.close()
    with Library.open(home) as reopened:
        assert reopened.state(KEYS[1]).starred and reopened.filters == {"mine": "is:starred"}
        assert reopened.journal.position == len(reopened.journal.steps) - 1


def test_a_log_left_behind_by_a_full_write_is_replaced_not_continued(
    open_library: OpenLibrary, home: Path, tmp_path: Path
) -> None:
    """A bulk write (straight into state.json) that died before removing the log:
    the next record starts a new log rather than follow records it skips."""
    library = open_library(PAPERS)
    library.set_starred([KEYS[0]], True)
    kept = tmp_path / "state.log"
    shutil.copy(home / "state.log", kept)
    library.fold_bytes = 0  # the next write goes straight into state.json
    library.set_read(KEYS, True)
    shutil.copy(kept, home / "state.log")
    with Library.open(home, writable=True) as again:
        again.set_note(KEYS[1], "kept")
        assert [r.seq for r in log_records(home).records] == [3]
    with Library.open(home) as reopened:
        assert reopened.state(KEYS[1]).note == "kept" and reopened.state(KEYS[0]).starred
        assert reopened.warnings == []
