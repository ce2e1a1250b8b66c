"""The word index (search/wordindex.py) and the engine's path through it.

The engine's own tests (test_search_engine.py) run its reference and narrowing checks
with and without warm(); these check the index's sets against their definitions and
that a search never waits for, nor changes with, the index being built.
"""

from __future__ import annotations

import random
import threading
from itertools import compress

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdeck.models import Paper, PaperState
from paperdeck.search import QueryError, SearchIndex, parse_query
from paperdeck.search.corpus import Field, TextIndex
from paperdeck.search.wordindex import WordIndex, mask_from_ids, ones_mask

WORDS = ["diffusion", "model", "mode", "data", "d", "dim", "über", "straße", "x1", "ab12"]


def ids_of(mask: int, n: int) -> set[int]:
    return set(compress(range(n), mask.to_bytes(n, "little")))


def normalised(titles: list[str], abstracts: list[str]) -> tuple[list[str], list[str], list[int]]:
    """Text shaped as the engine's normalised docs: " title \\x1f abstract "."""
    docs = [f" {t} \x1f {a} " for t, a in zip(titles, abstracts, strict=True)]
    ends = [doc.find("\x1f") for doc in docs]
    return [doc[:end] for doc, end in zip(docs, ends, strict=True)], docs, ends


TEXT = st.lists(st.sampled_from([*WORDS, " "]), max_size=8).map(" ".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.tuples(TEXT, TEXT), max_size=70),
    needle=st.sampled_from(["d", "di", "mod", "model", "a", "1", "ü", "ße", "zz"]),
)
def test_sets_match_their_definitions(rows, needle):
    """Dense (bitset) and sparse (array) postings give the same sets as the scans of
    the text (corpus.TextIndex before build_postings)."""
    titles, docs, ends = normalised([r[0] for r in rows], [r[1] for r in rows])
    index = WordIndex(titles, docs, ends)
    n = len(rows)
    abstracts = [doc[end + 1 :] for doc, end in zip(docs, ends, strict=True)]
    word = " " + needle
    for title, texts in ((True, titles), (False, abstracts)):
        assert ids_of(index.exact(title, needle), n) == {
            i for i, t in enumerate(texts) if word + " " in t
        }
        assert ids_of(index.prefixed(title, needle), n) == {
            i for i, t in enumerate(texts) if word in t
        }
        assert ids_of(index.containing(title, needle), n) == {
            i for i, t in enumerate(texts) if needle in t
        }
        assert ids_of(index.prefixed(title, needle, lambda w: len(w) > 3), n) == {
            i
            for i, t in enumerate(texts)
            if any(w.startswith(needle) and len(w) > 3 for w in t.split())
        }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.tuples(TEXT, TEXT), max_size=40),
    needle=st.sampled_from(["d", "di", "mod", "model", "a", "1", "ü", "ße", "zz"]),
)
def test_scans_and_postings_agree(rows, needle):
    """Every lookup of the text index gives the same mask before and after the word
    index is built, a retitled paper included."""
    scanned = TextIndex([r[0] for r in rows], [r[1] for r in rows])
    indexed = TextIndex([r[0] for r in rows], [r[1] for r in rows])
    indexed.build_postings()
    if rows:
        for text in (scanned, indexed):
            text.set_title(0, "model diffusion d")
    for field in (Field.TITLE, Field.ABSTRACT):
        for lookup in ("word_mask", "prefix_mask", "substring_mask"):
            assert getattr(scanned, lookup)(field, needle) == getattr(indexed, lookup)(
                field, needle
            ), (lookup, field)

        def long(word: str) -> bool:
            return len(word) > 3

        assert scanned.variant_mask(field, needle, long) == indexed.variant_mask(
            field, needle, long
        )


def test_masks():
    assert ids_of(ones_mask(5), 5) == set(range(5))
    assert ids_of(mask_from_ids([0, 3, 3], 5), 5) == {0, 3}
    assert ones_mask(0) == 0


def parses(text: str) -> bool:
    try:
        parse_query(text)
    except QueryError:
        return False
    return True


def library(count: int) -> list[Paper]:
    rng = random.Random(5)
    papers = []
    for i in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
        abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30)))
        papers.append(Paper.create(title=f"{title} {i}", abstract=abstract))
    return papers


@pytest.mark.parametrize("query", ["diffusion model", "'ode title:dim", "abstract:x d"])
def test_incremental_typing_equals_a_fresh_search(query):
    """Each prefix, typed after the previous one on a warmed index, gives what a fresh
    warmed index and a fresh scanning (unwarmed) index give."""
    papers = library(300)
    index = SearchIndex(papers, {})
    index.warm()
    prefixes = [query[:end] for end in range(1, len(query) + 1)]
    prefixes = [p for p in prefixes if parses(p)]
    for step in prefixes + prefixes[::-1]:
        fresh = SearchIndex(papers, {})
        scanned = list(fresh.search(step).positions)
        fresh.warm()
        assert list(fresh.search(step).positions) == scanned, step
        assert list(index.search(step).positions) == scanned, step


def test_search_while_warm_builds_in_another_thread():
    """The TUI warms in a worker: searches meanwhile scan, and every answer is the same."""
    papers = library(2000)
    expected = {q: list(SearchIndex(papers, {}).search(q).positions) for q in ("d", "di", "dim")}
    index = SearchIndex(papers, {})
    worker = threading.Thread(target=index.warm)
    worker.start()
    try:
        for _ in range(5):
            for query, positions in expected.items():
                assert list(index.search(query).positions) == positions
    finally:
        worker.join()
    for query, positions in expected.items():
        assert list(index.search(query).positions) == positions


def test_a_term_cached_within_one_query_is_not_reused_in_another():
    """A term's match is cached for reuse by later queries: the same term alone, or
    after other terms, gives what a fresh index gives."""
    papers = library(400)
    index = SearchIndex(papers, {})
    index.warm()
    for step in ["di", "dim m", "dim mo", "mo", "d mo", "x1 mo", "mo dim", "mod", "dim mod"]:
        assert list(index.search(step).positions) == list(
            SearchIndex(papers, {}).search(step).positions
        ), step


@pytest.mark.parametrize(
    "query", ["diffusion tag:todo", "mod !dim is:starred", "!x1 data !tag:todo", "d id:x"]
)
def test_filters_and_negations_through_the_word_index(query):
    """Filters and negated terms ride along the word-index path as masks: typing and
    deleting, with the state changing midway, gives what a fresh scanning index
    gives; a state change is not answered from a result cached before it."""
    papers = library(300)
    states = {
        p.key: PaperState(p.key, starred=i % 5 == 0, tags=("todo",) if i % 3 == 0 else ())
        for i, p in enumerate(papers)
    }
    index = SearchIndex(papers, states)
    index.warm()
    prefixes = [query[:end] for end in range(1, len(query) + 1)]
    prefixes = [p for p in prefixes if parses(p)]
    for n, step in enumerate(prefixes + prefixes[::-1] + prefixes):
        if n % 4 == 1:
            item = papers[n]
            states[item.key] = PaperState(item.key, starred=n % 2 == 0, tags=("todo",))
            index.state_changed(item.key)
        expected = list(SearchIndex(papers, states).search(step).positions)
        assert list(index.search(step).positions) == expected, step
