"""Only real changes become undo steps, and each is described as it was done (bug 10
of issue 11)."""

from __future__ import annotations

import pytest

from factories import OpenLibrary, numbered_papers
from paperdeck.library import Library

PAPERS = numbered_papers(5)
KEYS = [paper.key for paper in PAPERS]


@pytest.fixture
def library(open_library: OpenLibrary) -> Library:
    return open_library(PAPERS)


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


def test_deleting_a_saved_filter_is_a_step_that_undo_takes_back(library: Library) -> None:
    library.set_starred([KEYS[0]], True)
    library.save_filter("first", "is:starred")
    library.save_filter("diff", "diffusion", sort="upvotes", reverse=True)
    library.save_filter("last", "is:read")
    library.delete_filter("DIFF")
    assert library.filters == {"first": "is:starred", "last": "is:read"}
    assert described(library) == "deleted the saved filter “diff”"
    library.close()
    library = Library.open(library.home, writable=True)
    step = library.undo()
    assert step is not None and library.describe(step) == "deleted the saved filter “diff”"
    # Back in its place, with its sort; the star is untouched.
    assert list(library.filters) == ["first", "diff", "last"]
    assert library.filter_sort("diff") == ("upvotes", True)
    assert library.state(KEYS[0]).starred
    library.redo()
    assert list(library.filters) == ["first", "last"]
    library.undo()
    # The next undo takes back the star: the deletion was one step of its own.
    library.undo()
    assert not library.state(KEYS[0]).starred
    library.close()


def test_a_saved_filter_keeps_its_sort_across_restarts(library: Library) -> None:
    library.save_filter("top", "diffusion", sort="upvotes")
    library.save_filter("plain", "is:unread")
    library.close()
    library = Library.open(library.home, writable=True)
    assert library.filter_sort("TOP") == ("upvotes", False)
    assert library.filter_sort("plain") is None
    assert library.filters == {"top": "diffusion", "plain": "is:unread"}
    library.save_filter("top", "diffusion model")
    assert library.filter_sort("top") is None
    library.close()
