"""The subsequence index (search/subsequence.py) and the engine's fuzzy tier through it.

The index's lanes must say, for every title, exactly where the leftmost match of a
term ends (or that there is none), whether a character's places fit its slots or
spill over to str.find, and whatever the lane width; and a warmed engine that uses
it must rank exactly as a scanning (unwarmed) engine does while a person types.
"""

from __future__ import annotations

import random
from array import array

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdeck.models import Paper
from paperdeck.search import QueryError, SearchIndex, parse_query, subsequence
from paperdeck.search.subsequence import SubsequenceIndex

ALPHABET = "abde1 "


def leftmost_after(text: str, title: str) -> int | None:
    """One past the end of text's leftmost match in title as a subsequence, or None."""
    at = -1
    for char in text:
        at = title.find(char, at + 1)
        if at < 0:
            return None
    return at + 1


def lane_values(index: SubsequenceIndex, lanes: int) -> list[int]:
    values = array({1: "B", 2: "H", 4: "I", 8: "Q"}[index.width])
    values.frombytes(lanes.to_bytes(index.n * index.width, "little"))
    return list(values)


def walk(index: SubsequenceIndex, text: str) -> int:
    after = index.first(text[0])
    for char in text[1:]:
        after = index.step(after, char)
    return after


TITLES = st.lists(
    st.one_of(
        st.text(ALPHABET, max_size=30),
        # Long titles: more places than any slot count, and lanes of 2 bytes.
        st.text(ALPHABET, min_size=120, max_size=300),
    ).map(lambda t: f" {t} "),  # shaped as the engine's normalised titles
    max_size=40,
)


@pytest.mark.parametrize("max_slots", [1, 2, 16])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(titles=TITLES, text=st.text("abde1", min_size=1, max_size=6))
def test_steps_find_the_leftmost_match(max_slots, titles, text):
    """Every step's lanes hold the leftmost match's end (or missing), with few slots
    (most steps spill to str.find) and with many."""
    index = SubsequenceIndex(titles, "abde1", max_slots=max_slots)
    assert index.knows(text)
    after = walk(index, text)
    expected = [leftmost_after(text, title) for title in titles]
    assert lane_values(index, after) == [index.missing if e is None else e for e in expected]
    assert list(index.held(after)) == [int(e is not None) for e in expected]


def test_lane_width_follows_the_longest_title():
    assert SubsequenceIndex([" a b "], "ab").width == 1
    wide = SubsequenceIndex([" a " + "x" * 200 + " b "], "ab")
    assert wide.width == 2
    assert wide.held(wide.step(wide.first("a"), "b")) == b"\x01"
    assert wide.held(wide.step(wide.first("b"), "a")) == b"\x00"


def test_unindexed_characters_and_an_empty_library():
    index = SubsequenceIndex([" über "], "abc")
    assert not index.knows("üb")
    assert index.knows("cab")
    empty = SubsequenceIndex([], "ab")
    assert empty.held(empty.step(empty.first("a"), "b")) == b""


def test_a_missing_match_stays_missing():
    index = SubsequenceIndex([" ba ", " ab "], "ab")
    after = index.step(index.first("a"), "b")
    assert list(index.held(after)) == [0, 1]
    assert list(index.held(index.step(after, "a"))) == [0, 0]


def parses(text: str) -> bool:
    try:
        parse_query(text)
    except QueryError:
        return False
    return True


def repetitive_library(count: int) -> list[Paper]:
    """Titles with many repeated letters (places beyond the slots) and a few
    characters the index does not cover."""
    rng = random.Random(11)
    words = ["diffusion", "model", "mmmodddel", "eeeeeeeee", "deed", "dim", "über", "x1"]
    papers = []
    for i in range(count):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 9)))
        papers.append(Paper.create(title=f"{title} {i}", abstract=rng.choice(words)))
    return papers


@pytest.mark.parametrize("max_slots", [1, 16])
@pytest.mark.parametrize(
    "query", ["diffusion model", "eeee deed", "mdl mdel", "übr dm", "dim mod | eee"]
)
def test_typing_through_the_index_equals_a_scanning_search(monkeypatch, max_slots, query):
    """Each prefix typed and deleted on a warmed index (fuzzy tier from the lanes)
    gives what a fresh unwarmed index (rapidfuzz on the titles) gives."""
    monkeypatch.setattr(subsequence, "MAX_SLOTS", max_slots)
    papers = repetitive_library(300)
    index = SearchIndex(papers, {})
    index.warm()
    prefixes = [query[:end] for end in range(1, len(query) + 1)]
    prefixes = [p for p in prefixes if parses(p)]
    for step in prefixes + prefixes[::-1]:
        expected = list(SearchIndex(papers, {}).search(step).positions)
        assert list(index.search(step).positions) == expected, step
