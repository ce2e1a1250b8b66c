"""Undo and redo of triage actions, kept in state.json so they survive a restart,
and saved filters, kept beside them."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from factories import OpenLibrary, numbered_papers
from paperdeck.library import FilterNameError, Library, StorageError
from paperdeck.library import undo as undo_module
from paperdeck.library.undo import Action, Journal, Step
from paperdeck.models import PaperState

PAPERS = numbered_papers(5)
KEYS = [paper.key for paper in PAPERS]


@pytest.fixture
def library(open_library: OpenLibrary) -> Library:
    return open_library(PAPERS)


def reopen(library: Library) -> Library:
    """The library as a new process sees it."""
    library.close()
    return Library.open(library.home, writable=True)


def snapshot(library: Library) -> dict[str, PaperState]:
    return dict(library.states)


def test_each_action_is_undone_in_reverse_order_and_restores_states_exactly(
    library: Library,
) -> None:
    snapshots = [snapshot(library)]
    library.set_starred([KEYS[0]], True)
    snapshots.append(snapshot(library))
    library.add_tags([KEYS[0], KEYS[1]], ["todo, ml"])
    snapshots.append(snapshot(library))
    library.set_note(KEYS[1], "first thoughts\n")
    snapshots.append(snapshot(library))
    library.set_read([KEYS[0]], True)
    snapshots.append(snapshot(library))
    library.remove_tags([KEYS[0]], ["ML"])
    snapshots.append(snapshot(library))
    library.set_note(KEYS[1], "")
    snapshots.append(snapshot(library))

    described = []
    while (step := library.undo()) is not None:
        snapshots.pop()
        assert snapshot(library) == snapshots[-1]
        described.append(library.describe(step))
    assert snapshots == [{}] and library.states == {}
    assert described == [
        "edited the note on “Paper number 2”",
        "untagged “Paper number 1” -ML",
        "marked read “Paper number 1”",
        "edited the note on “Paper number 2”",
        "tagged 2 papers +todo +ml",
        "starred “Paper number 1”",
    ]


def test_redo_gives_back_exactly_the_states_the_action_gave(library: Library) -> None:
    library.set_starred(KEYS[:3], True)
    library.add_tags([KEYS[2]], ["later"])
    done = snapshot(library)
    library.undo()
    library.undo()
    assert library.states == {}
    first = library.redo()
    assert first is not None and first.action == Action("star")
    second = library.redo()
    assert second is not None and second.action == Action("tag", tags=("later",))
    # Timestamps included: redo replays the action at its original time.
    assert snapshot(library) == done
    assert library.redo() is None


def test_undo_and_redo_chains_survive_restarts(library: Library) -> None:
    library.set_starred([KEYS[0]], True)
    library.set_note(KEYS[0], "keep this")
    library.set_read(KEYS[:2], True)
    everything = snapshot(library)

    library = reopen(library)
    undone = library.undo()
    assert undone is not None and undone.action.kind == "read"
    library = reopen(library)
    assert not library.state(KEYS[1]).read and library.state(KEYS[0]).note == "keep this"
    step = library.undo()
    assert step is not None and library.describe(step) == "edited the note on “Paper number 1”"
    library = reopen(library)
    assert library.state(KEYS[0]).note == "" and library.state(KEYS[0]).starred
    assert library.redo() is not None
    library = reopen(library)
    assert library.redo() is not None
    assert snapshot(library) == everything
    library = reopen(library)
    assert library.redo() is None and library.journal.can_undo
    library.close()


def test_a_new_action_after_undo_drops_the_undone_steps(library: Library) -> None:
    library.set_starred([KEYS[0]], True)
    library.set_starred([KEYS[1]], True)
    library.undo()
    assert library.journal.can_redo
    library.set_read([KEYS[2]], True)
    assert not library.journal.can_redo
    assert [step.action.kind for step in library.journal.steps] == ["star", "read"]
    assert library.redo() is None


def test_a_bulk_action_is_one_step_holding_only_the_papers_it_changed(library: Library) -> None:
    library.set_starred([KEYS[1]], True)
    library.set_starred(KEYS, True)
    step = library.journal.to_undo
    assert step is not None and set(step.keys) == set(KEYS) - {KEYS[1]}
    assert library.describe(step) == "starred 4 papers"
    library.undo()
    assert [k for k, s in library.states.items() if s.starred] == [KEYS[1]]


def test_an_action_that_changes_nothing_is_not_a_step(library: Library) -> None:
    library.set_starred([KEYS[0]], True)
    library.set_starred([KEYS[0]], True)
    library.remove_tags([KEYS[0]], ["absent"])
    library.set_note(KEYS[0], "")
    assert len(library.journal.steps) == 1


def test_nothing_to_undo_or_redo_is_none_and_writes_nothing(library: Library, home: Path) -> None:
    assert library.undo() is None and library.redo() is None
    assert not (home / "state.json").exists()


def test_undo_that_cannot_be_saved_changes_nothing(
    library: Library, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.set_starred([KEYS[0]], True)
    library.fold_log()
    before_file = (home / "state.json").read_bytes()
    journal = library.journal

    def full_disk(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(StorageError, match="No space left on device"):
        library.undo()
    assert (home / "state.json").read_bytes() == before_file
    assert not (home / "state.log").exists()
    assert library.journal is journal and library.state(KEYS[0]).starred
    monkeypatch.undo()
    assert library.undo() is not None and not library.state(KEYS[0]).starred


def test_the_journal_keeps_the_newest_steps_within_its_limits(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(undo_module, "MAX_STEPS", 3)
    for key in KEYS:
        library.set_starred([key], True)
    assert [step.keys for step in library.journal.steps] == [(k,) for k in KEYS[2:]]
    monkeypatch.setattr(undo_module, "MAX_KEYS", 4)
    # Larger than the limit on its own: kept, as the newest step always is.
    library.set_read(KEYS, True)
    assert [len(step.keys) for step in library.journal.steps] == [5]
    while library.undo():
        pass
    assert not any(s.read for s in library.states.values())
    assert sum(s.starred for s in library.states.values()) == 5


def test_state_json_holds_the_journal_and_an_older_file_without_one_opens(
    library: Library, home: Path
) -> None:
    library.set_starred([KEYS[0]], True)
    library.fold_log()
    document = json.loads((home / "state.json").read_text())
    (journal,) = document["journal"].values()
    assert journal["position"] == 1 and journal["steps"][0]["keys"] == [KEYS[0]]
    library.close()
    del document["journal"]
    (home / "state.json").write_text(json.dumps(document))
    with Library.open(home, writable=True) as older:
        assert older.state(KEYS[0]).starred and older.undo() is None and older.warnings == []


def test_a_damaged_journal_is_recovered_from_the_backup(library: Library, home: Path) -> None:
    library.set_starred([KEYS[0]], True)
    library.fold_log()  # the close's fold keeps this one as state.json.bak
    library.set_starred([KEYS[1]], True)
    library.close()
    document = json.loads((home / "state.json").read_text())
    document["journal"]["1"]["position"] = 99
    (home / "state.json").write_text(json.dumps(document))
    with Library.open(home, writable=True) as recovered:
        assert any("state.json" in warning for warning in recovered.warnings)
        assert recovered.state(KEYS[0]).starred and recovered.journal.position == 1


def test_journal_round_trips_through_its_dict_form() -> None:
    step = Step(
        action=Action("note", note="text"),
        time="2026-01-01T00:00:00+00:00",
        keys=("a", "b"),
        before={"a": PaperState(key="a", starred=True, note="old")},
    )
    journal = Journal((step,), 0)
    again = Journal.from_dict(json.loads(json.dumps(journal.to_dict())))
    assert again == journal and again.to_redo == step and again.to_undo is None
    with pytest.raises(ValueError):
        Action("explode")


# -- saved filters -----------------------------------------------------------------------


def test_saved_filters_are_kept_replaced_and_deleted_across_restarts(library: Library) -> None:
    assert library.save_filter("  to  read ", "is:unread tag:todo") is False
    assert library.save_filter("Diffusion", "diffusion !survey") is False
    library = reopen(library)
    assert library.filters == {"to read": "is:unread tag:todo", "Diffusion": "diffusion !survey"}
    assert library.save_filter("TO READ", "is:unread") is True
    assert list(library.filters.items()) == [
        ("TO READ", "is:unread"),
        ("Diffusion", "diffusion !survey"),
    ]
    assert library.delete_filter("diffusion") == "diffusion !survey"
    library = reopen(library)
    assert library.filters == {"TO READ": "is:unread"}
    # Saving a filter is no step; deleting one is, so that undo can bring it back.
    step = library.undo()
    assert step is not None and step.action.kind == "delete_filter"
    assert library.filters == {"TO READ": "is:unread", "Diffusion": "diffusion !survey"}
    assert library.undo() is None
    library.close()


@pytest.mark.parametrize("name", ["", "   ", "x" * 41])
def test_a_filter_name_that_cannot_be_used_is_refused(library: Library, name: str) -> None:
    with pytest.raises(FilterNameError):
        library.save_filter(name, "q")
    assert library.filters == {}


def test_deleting_an_unknown_filter_says_so(library: Library) -> None:
    with pytest.raises(FilterNameError, match="no saved filter named 'nope'"):
        library.delete_filter("nope")


def test_saving_a_filter_keeps_the_journal(library: Library) -> None:
    library.set_starred([KEYS[0]], True)
    library.save_filter("starred", "is:starred")
    library = reopen(library)
    assert library.undo() is not None and library.filters == {"starred": "is:starred"}
    library.close()


def test_a_failed_write_leaves_nothing_behind_for_the_next_write(
    library: Library, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The library reuses what it last wrote instead of re-reading state.json; a
    # write that failed must not leak into the next one through that reuse.
    library.set_starred([KEYS[0]], True)

    def full_disk(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(StorageError):
        library.add_tags([KEYS[1]], ["lost"])
    monkeypatch.undo()
    library.set_starred([KEYS[2]], True)
    with Library.open(home) as stored:
        assert stored.state(KEYS[1]).tags == ()
        assert [s.key for s in stored.states.values() if s.starred] == [KEYS[0], KEYS[2]]
        assert [step.action.kind for step in stored.journal.steps] == ["star", "star"]
