"""Filters and state: numbers, ids, sources, tags, is:, state changes."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from search_helpers import LIBRARY, A, B, C, D, E, U, found, paper
from search_reference import reference

from paperdeck.models import Paper, PaperState
from paperdeck.search import SearchIndex

# ---------------------------------------------------------------- filters


def test_numbers(index):
    assert found(index, "year:2021") == {A, B}
    assert found(index, "year:>=2023") == {C, D, E}
    assert found(index, "year:<2022") == {A, B}
    assert found(index, "year:2022..2023") == {C, D}
    assert found(index, "upvotes:>5") == {A, E}
    assert found(index, "upvotes:0") == {C}
    assert found(index, "authors:<5") == {A}
    assert found(index, "authors:>100") == set()


def test_unknown_numbers_never_match_but_their_negation_does(index):
    assert U not in found(index, "year:<3000")
    assert U in found(index, "!year:<3000")
    assert found(index, "!authors:>=0") == {D, E, U}
    assert found(index, "!upvotes:0") == {A, B, D, E, U}


def test_id(index):
    assert found(index, "id:2105.05233") == {A}
    assert found(index, "id:2105.05233v1") == {A}
    assert found(index, "id:arXiv:2112") == {B}
    assert found(index, "id:23") == {C, D}
    assert found(index, "!id:23") == {A, B, E, U}


def test_id_matches_the_key_of_papers_without_arxiv_id():
    papers = [paper("no id", "text")]
    key = papers[0].key
    assert found(SearchIndex(papers, {}), f"id:{key[:5]}") == {"no id"}


def test_source(index):
    assert found(index, "source:daily") == {A, B, D}
    assert found(index, "source:VIEWER") == {B}
    assert found(index, "source:2021.txt") == {A, B}
    assert found(index, "!source:daily") == {C, E, U}


def test_field_filters_combine_with_text(index):
    assert found(index, "diffusion year:2021 upvotes:>10") == {A}
    assert found(index, "model | robots year:>=2023") == {C, D, E}


# ---------------------------------------------------------------- state


def states_for(papers: Sequence[Paper], **by_title: PaperState) -> dict[str, PaperState]:
    keys = {p.title: p.key for p in papers}
    return {keys[t]: s.with_changes(key=keys[t]) for t, s in by_title.items()}


def test_state_terms():
    states = {
        LIBRARY[0].key: PaperState(LIBRARY[0].key, starred=True, tags=("ToDo",)),
        LIBRARY[1].key: PaperState(LIBRARY[1].key, read=True, note="  "),
        LIBRARY[2].key: PaperState(LIBRARY[2].key, note="good", tags=("rl", "todo")),
    }
    index = SearchIndex(LIBRARY, states)
    assert found(index, "is:starred") == {A}
    assert found(index, "is:read") == {B}
    assert found(index, "is:unread") == {A, C, D, E, U}  # no state means unread
    assert found(index, "is:noted") == {C}  # a blank note is no note
    assert found(index, "tag:todo") == {A, C}
    assert found(index, "tag:TODO") == {A, C}
    assert found(index, "tag:to") == set()  # tags match exactly
    assert found(index, "!tag:todo") == {B, D, E, U}
    assert found(index, "!is:read") == {A, C, D, E, U}
    assert found(index, "diffusion tag:todo") == {A}
    assert found(index, "is:starred | tag:rl") == {A, C}


def test_state_changes_are_seen_after_state_changed():
    states: dict[str, PaperState] = {}
    index = SearchIndex(LIBRARY, states)
    assert found(index, "is:starred") == set()
    assert found(index, "diffusion is:starred") == set()
    key = LIBRARY[1].key
    states[key] = PaperState(key, starred=True, tags=("x",))
    index.state_changed(key)
    assert found(index, "is:starred") == {B}
    assert found(index, "diffusion is:starred") == {B}
    assert found(index, "diffusion is:starred tag:x") == {B}
    states[key] = PaperState(key)
    index.state_changed()
    assert found(index, "diffusion is:starred") == set()
    assert found(index, "tag:x") == set()


def test_text_results_survive_state_changes():
    states: dict[str, PaperState] = {}
    index = SearchIndex(LIBRARY, states)
    before = list(index.search("diffusion").positions)
    states[LIBRARY[0].key] = PaperState(LIBRARY[0].key, starred=True)
    index.state_changed(LIBRARY[0].key)
    assert list(index.search("diffusion").positions) == before


def test_a_search_overtaken_by_a_state_change_is_not_cached():
    """The TUI searches in a worker; a star may land while a search runs. The answer
    computed before the star may be shown, but must not be served again later."""
    states: dict[str, PaperState] = {}
    key = LIBRARY[0].key

    class Racing(SearchIndex):
        race = True

        def _evaluate(self, query):  # a state change lands mid-search
            entry = super()._evaluate(query)
            if self.race:
                self.race = False
                states[key] = PaperState(key, starred=True)
                self.state_changed(key)
            return entry

    index = Racing(LIBRARY, states)
    assert found(index, "is:starred") == set()
    assert found(index, "is:starred") == {A}


def test_searching_while_another_thread_changes_state():
    states: dict[str, PaperState] = {}
    index = SearchIndex(LIBRARY, states)
    errors: list[BaseException] = []
    done = threading.Event()

    def worker() -> None:
        try:
            while not done.is_set():
                for query in ("is:starred", "diffusion tag:x", "!is:read model"):
                    index.search(query)
        except BaseException as problem:  # pragma: no cover - reported below
            errors.append(problem)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        for round_ in range(200):
            for item in LIBRARY:
                states[item.key] = PaperState(item.key, starred=round_ % 2 == 0, tags=("x",))
                index.state_changed(item.key)
            if round_ % 3 == 0:
                states.clear()
                index.state_changed()
    finally:
        done.set()
        thread.join()
    assert errors == []
    for query in ("is:starred", "diffusion tag:x", "!is:read model"):
        assert list(index.search(query).positions) == reference(LIBRARY, states, query)


def test_new_and_updated():
    papers = [
        paper("first", added="t1"),
        paper("second", added="t2"),
        paper("third", added="t1", updated="t2"),
        paper("fourth", added="t2", updated="t2"),
    ]
    index = SearchIndex(papers, {}, latest_import="t2")
    assert found(index, "is:new") == {"second", "fourth"}
    assert found(index, "is:updated") == {"third"}
    index.set_latest_import("t1")
    assert found(index, "is:new") == {"first", "third"}
    assert found(index, "is:updated") == set()
    index.set_latest_import(None)
    assert found(index, "is:new") == set()
