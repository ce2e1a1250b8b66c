"""state.json is validated on load: a record of the wrong shape makes the file
damaged (set aside, reported, the backup used), never misread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factories import make_papers
from paperdeck.library import Library
from paperdeck.models import Entry, PaperState


@pytest.fixture
def library_home(home: Path) -> Path:
    papers = make_papers(2)
    with Library.open(home, writable=True) as library:
        library.import_entries(["seed.txt"], [Entry(p, line=1) for p in papers])
        library.set_starred([papers[0].key], True)
        library.set_note(papers[1].key, "first note")
        library.fold_log()
        library.set_note(papers[1].key, "a kept note")
    # The close folded the log: state.json.bak holds "first note".
    return home


@pytest.mark.parametrize(
    ("field", "value"),
    [("starred", "no"), ("note", 42), ("tags", "a,b"), ("tags", [1]), ("read", 1), ("title", 5)],
)
def test_a_hand_edited_record_of_the_wrong_shape_is_set_aside(
    library_home: Path, field: str, value: object
) -> None:
    path = library_home / "state.json"
    document = json.loads(path.read_text())
    (key,) = [k for k, doc in document["states"].items() if doc["note"] == "a kept note"]
    document["states"][key][field] = value
    path.write_text(json.dumps(document))
    with Library.open(library_home, writable=True) as library:
        warnings = " ".join(library.warnings)
        assert "damaged" in warnings and "corrupt" in warnings
        # The backup's state, not a misreading of the edit.
        assert library.state(key).note == "first note"
        assert all(isinstance(s.starred, bool) for s in library.states.values())
    assert list(library_home.glob("state.json.corrupt-*"))


def test_from_dict_reads_nulls_as_defaults() -> None:
    state = PaperState.from_dict({"key": "k", "starred": None, "note": None, "tags": []})
    assert state == PaperState(key="k")


def test_a_note_or_tag_over_its_limit_is_refused_as_a_failed_save(library_home: Path) -> None:
    from paperdeck.library import FieldLimitError, StorageError
    from paperdeck.textsafety import TextLimitError

    with Library.open(library_home, writable=True) as library:
        key = next(iter(library.states))
        before = library.state(key)
        for change in (
            lambda: library.set_note(key, "x" * 1_000_001),
            lambda: library.add_tags([key], ["t" * 101]),
            lambda: library.set_title(key, "t" * 2_001),
        ):
            with pytest.raises(FieldLimitError) as raised:
                change()
            # The app reports failed saves (StorageError); the CLI exits 2 on limits.
            assert isinstance(raised.value, StorageError)
            assert isinstance(raised.value, TextLimitError)
        assert library.state(key) == before


def test_a_persons_text_is_sanitised_like_imported_text(library_home: Path) -> None:
    with Library.open(library_home, writable=True) as library:
        key = next(iter(library.states))
        library.set_note(key, "a\x1b[2J note\u202e\nline two")
        library.add_tags([key], ["ok\x1b[0m"])
        library.set_title(key, "My\x07 title")
        state = library.state(key)
        assert (state.note, state.title) == ("a[2J note\nline two", "My title")
        assert "ok[0m" in state.tags
