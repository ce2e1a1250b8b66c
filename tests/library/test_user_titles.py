"""A title the person gives a paper: kept in state.json, through every import, undoable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factories import OpenLibrary
from paperdeck.library import Library
from paperdeck.models import Entry, Paper

UNTITLED = Paper.create(abstract="We study grammar-aligned decoding. It works.", arxiv_id="2405.1")
TITLED = Paper.create(title="Dimple", abstract="Discrete diffusion.", arxiv_id="2505.22222")


@pytest.fixture
def library(open_library: OpenLibrary) -> Library:
    return open_library([UNTITLED, TITLED])


def test_a_title_is_stored_in_the_state_and_survives_a_restart(
    library: Library, home: Path
) -> None:
    library.set_title(UNTITLED.key, "  Grammar-aligned   decoding ")
    assert library.state(UNTITLED.key).title == "Grammar-aligned decoding"
    library.fold_log()
    saved = json.loads((home / "state.json").read_text())["states"][UNTITLED.key]
    assert saved["title"] == "Grammar-aligned decoding"
    library.close()
    again = Library.open(home)
    assert again.state(UNTITLED.key).title == "Grammar-aligned decoding"
    again.close()


def test_a_title_survives_reimporting_the_paper(library: Library) -> None:
    library.set_title(UNTITLED.key, "My title")
    newer = Paper.create(abstract=UNTITLED.abstract, arxiv_id="2405.1", upvotes=9)
    library.import_entries(["b.jsonl"], [Entry(newer, 1)])
    assert library.get(UNTITLED.key).upvotes == 9  # type: ignore[union-attr]
    assert library.state(UNTITLED.key).title == "My title"


def test_a_title_is_undone_and_redone_and_described(library: Library) -> None:
    library.set_title(TITLED.key, "Dimple, the first DMLLM")
    step = library.journal.to_undo
    assert step is not None and library.describe(step) == "titled “Dimple, the first DMLLM”"
    library.undo()
    assert library.state(TITLED.key).title is None
    library.redo()
    assert library.state(TITLED.key).title == "Dimple, the first DMLLM"


def test_an_empty_title_clears_it_and_that_is_a_step_too(library: Library) -> None:
    library.set_title(UNTITLED.key, "Mine")
    library.set_title(UNTITLED.key, "")
    assert library.state(UNTITLED.key).title is None
    step = library.journal.to_undo
    assert step is not None and library.describe(step) == "removed the title “Mine”"
    assert library.set_title(UNTITLED.key, None) == []  # nothing to clear: no step
    assert len(library.journal.steps) == 2


def test_the_imported_title_again_is_no_title_of_ones_own(library: Library) -> None:
    assert library.set_title(TITLED.key, "Dimple") == []
    assert library.state(TITLED.key).title is None


def test_steps_describe_papers_by_the_title_in_force(library: Library) -> None:
    library.set_title(UNTITLED.key, "Mine")
    library.set_starred([UNTITLED.key], True)
    step = library.journal.to_undo
    assert step is not None and library.describe(step) == "starred “Mine”"
