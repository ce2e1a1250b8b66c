"""Only real changes become undo steps, and each is described as it was done (bug 10
of issue 11)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paperdeck.library import Library
from paperdeck.models import Entry, Paper

PAPERS = [
    Paper.create(title=f"Paper number {n}", abstract=f"Abstract {n}.", arxiv_id=f"2501.0000{n}")
    for n in range(1, 6)
]
KEYS = [paper.key for paper in PAPERS]


@pytest.fixture
def library(home: Path) -> Iterator[Library]:
    lib = Library.open(home, writable=True)
    lib.import_entries(["a.jsonl"], [Entry(p, i + 1) for i, p in enumerate(PAPERS)])
    yield lib
    lib.close()


def described(library: Library) -> str:
    step = library.journal.to_undo
    assert step is not None
    return library.describe(step)


def test_tagging_with_a_tag_the_paper_has_records_nothing(library: Library) -> None:
    library.add_tags([KEYS[0]], ["todo"])
    library.add_tags([KEYS[0]], ["todo"])
    library.add_tags([KEYS[0]], ["TODO"])
    assert len(library.journal.steps) == 1


def test_a_tag_step_names_only_the_tags_really_added(library: Library) -> None:
    library.add_tags([KEYS[0]], ["todo"])
    library.add_tags([KEYS[0]], ["todo", "gp"])
    assert described(library) == "tagged “Paper number 1” +gp"


def test_a_bulk_tag_counts_and_names_only_what_changed(library: Library) -> None:
    library.add_tags(KEYS[:2], ["todo"])
    library.add_tags(KEYS[:2], ["todo", "later"])
    library.add_tags(KEYS, ["todo"])
    assert described(library) == "tagged 3 papers +todo"
    library.undo()
    assert described(library) == "tagged 2 papers +later"
    library.add_tags(KEYS[:3], ["todo", "later"])
    assert described(library) == "tagged “Paper number 3” +todo +later"


def test_an_untag_step_names_only_the_tags_really_removed(library: Library) -> None:
    library.add_tags(KEYS[:2], ["todo"])
    library.remove_tags(KEYS, ["todo", "never"])
    assert described(library) == "untagged 2 papers -todo"


def test_a_redo_of_a_narrowed_step_gives_the_same_states(library: Library) -> None:
    library.add_tags([KEYS[0]], ["a"])
    library.add_tags(KEYS[:2], ["A", "b"])
    after = dict(library.states)
    library.undo()
    library.redo()
    assert library.states == after
    assert library.state(KEYS[0]).tags == ("a", "b")
    assert library.state(KEYS[1]).tags == ("A", "b")
