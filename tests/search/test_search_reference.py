"""The engine against a naive reference model, on hand-built and generated corpora
(hypothesis), typing and deleting: narrowing and caching give what a fresh search gives."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_helpers import LIBRARY

# ---------------------------------------------------------------- reference
from search_reference import (
    QUERIES,
    make_corpus,
    random_states,
    reference,
    typing,
)

from paperdeck.models import PaperState
from paperdeck.search import SearchIndex


def test_reference_agrees_on_the_hand_built_library():
    states = {LIBRARY[2].key: PaperState(LIBRARY[2].key, tags=("rl",), starred=True)}
    index = SearchIndex(LIBRARY, states)
    for query in (
        "",
        "diffusion",
        "model",
        "dfsn",
        "Diffusion models",
        "'usion | robots",
        "!diff year:>2020",
        "^echo",
        "gpt-4 | rt-2",
        "naïve über",
        "tag:rl | is:starred",
        "abstract:^we",
        "two words",
        '"two words"',
    ):
        assert list(index.search(query).positions) == reference(LIBRARY, states, query), query


# ---------------------------------------------------------------- generated corpora


# warm=True: the word index answers plain-term queries; False: the scans do.
@pytest.mark.parametrize("warm", [False, True])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), query=QUERIES)
def test_engine_matches_reference(warm, seed, query):
    rng = random.Random(seed)
    papers = make_corpus(rng, rng.randint(0, 25))
    states = random_states(rng, papers)
    index = SearchIndex(papers, states, latest_import="t2")
    if warm:
        index.warm()
    assert list(index.search(query).positions) == reference(papers, states, query, "t2")


@pytest.mark.parametrize("warm", [False, True])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), queries=st.lists(QUERIES, min_size=1, max_size=3))
def test_narrowing_gives_what_a_fresh_search_gives(warm, seed, queries):
    """Type queries character by character, delete back, change state midway: every
    answer of the long-lived index equals a fresh index's and the reference's."""
    rng = random.Random(seed)
    papers = make_corpus(rng, rng.randint(5, 40))
    states = random_states(rng, papers)
    index = SearchIndex(papers, states, latest_import="t2")
    if warm:
        index.warm()
    steps: list[str] = []
    for query in queries:
        typed = typing(query)
        steps += typed + typed[::-1][1:]
    for n, step in enumerate(steps):
        if n % 7 == 3 and papers:  # a person stars or tags a paper meanwhile
            item = rng.choice(papers)
            states[item.key] = PaperState(
                item.key, starred=rng.random() < 0.5, tags=(rng.choice(["todo", "rl"]),)
            )
            index.state_changed(item.key)
        expected = reference(papers, states, step, "t2")
        assert list(index.search(step).positions) == expected, step
        fresh = SearchIndex(papers, states, latest_import="t2")
        assert list(fresh.search(step).positions) == expected, step


@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize(
    "query",
    [
        "diffusion model",
        "lang agent robot",
        "data | graph tool",
        "gpt-4 mod",
        "'mod title:dif",
        "abstract:lan mdl",
    ],
)
def test_typing_on_a_larger_corpus(query, warm):
    """Typing and deleting on a few hundred papers, where narrowing and word reuse
    kick in for real: every answer equals a fresh (unwarmed) search's."""
    rng = random.Random(7)
    papers = make_corpus(rng, 400)
    index = SearchIndex(papers, {})
    if warm:
        index.warm()
    typed = typing(query)
    for step in typed + typed[::-1]:
        expected = list(SearchIndex(papers, {}).search(step).positions)
        assert list(index.search(step).positions) == expected, step
    assert list(index.search(query).positions) == reference(papers, {}, query)


def test_editing_an_earlier_term_and_reordering():
    rng = random.Random(3)
    papers = make_corpus(rng, 300)
    index = SearchIndex(papers, {})
    for step in (
        "diffusion mod",
        "diffusion model",
        "diffusio model",
        "diffusion model",
        "model diffusion",
        "model diffusion tool",
        "model diffusion",
        "model diffusion !tool",
        "model diffusion !tool year:2021",
        "mod diffusion !tool year:2021",
    ):
        assert list(index.search(step).positions) == reference(papers, {}, step), step
