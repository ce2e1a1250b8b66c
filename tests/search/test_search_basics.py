"""Order and basics, fuzzy words and odd input."""

from __future__ import annotations

import pytest
from search_helpers import LIBRARY, A, B, C, D, E, U, found, paper, titles

from paperdeck.models import Paper
from paperdeck.search import QueryError, SearchIndex, SearchResult

# ---------------------------------------------------------------- order and basics


def test_public_names():
    import paperdeck.search as search

    assert set(search.__all__) >= {
        "QueryError",
        "parse_query",
        "SearchIndex",
        "SearchResult",
        "Spans",
    }


def test_empty_query_lists_everything_newest_first(index):
    assert titles(index, "") == [E, D, C, B, A, U]
    assert titles(index, "   ") == [E, D, C, B, A, U]


def test_equal_dates_sort_by_title_then_library_order():
    papers = [
        paper("b same day", published="2024-01-01"),
        paper("A same day", published="2024-01-01"),
        paper("c later", published="2024-02-01"),
        paper("month only", arxiv_id="2401.00001"),  # sort_date 2024-01
    ]
    assert titles(SearchIndex(papers, {}), "") == [
        "c later",
        "A same day",
        "b same day",
        "month only",
    ]


def test_result_shape(index):
    result = index.search("diffusion")
    assert isinstance(result, SearchResult)
    assert result.query == "diffusion"
    assert len(result) == len(result.positions)
    assert all(isinstance(p, int) for p in result.positions)


def test_results_are_copies_or_cannot_be_changed(index):
    # A ranking is made as it is read and cannot be changed: the cache is safe.
    first = index.search("diffusion").positions
    with pytest.raises(TypeError):
        first[0] = 999  # type: ignore[index]
    assert list(first) == list(index.search("diffusion").positions)
    everything = index.search("").positions
    everything[0] = 999
    assert 999 not in index.search("").positions


def test_empty_library():
    empty = SearchIndex([], {})
    assert list(empty.search("").positions) == []
    assert list(empty.search("diffusion tag:x year:2020 'q").positions) == []
    empty.warm()


def test_bad_query_raises(index):
    with pytest.raises(QueryError) as caught:
        index.search("diffusion is:foo")
    assert caught.value.position == 13


# ---------------------------------------------------------------- fuzzy words


def test_fuzzy_word_matches_title_subsequence(index):
    # d-f-s-n only as a scattered subsequence of "Diffusion" in titles.
    assert found(index, "dfsn") == {A, B}


def test_fuzzy_word_matches_abstract_word_prefix_only(index):
    # "gradi" starts a word only in C's abstract; mid-word abstract text never matches.
    assert found(index, "gradi") == {C}
    assert found(index, "polic") == {C}
    assert found(index, "usion") == {A, B}  # title substring
    assert found(index, "einforc") == {C}  # title substring of Reinforcement
    assert found(index, "ignals") == set()  # mid-word in an abstract only


def test_terms_are_anded(index):
    assert found(index, "diffusion latent") == {B}
    assert found(index, "diffusion robot") == set()


def test_smart_case(index):
    assert found(index, "beat") == {A}
    assert found(index, "Beat") == {A}
    assert found(index, "BEAT") == set()
    assert found(index, "diffusion") == {A, B, E}
    assert found(index, "Diffusion") == {A, B}  # E has it in lowercase only
    assert found(index, "'GANs") == {A}
    assert found(index, "'Gans") == set()


def test_unicode_words(index):
    assert found(index, "naïve") == {E}
    assert found(index, "über") == {E}
    assert found(index, "Über") == {E}
    assert found(index, "straße") == {E}
    assert found(index, "οδος") == {E}  # final sigma folds like any sigma
    assert found(index, "ΟΔΟΣ") == {E}
    assert found(index, "a") >= {E}


def test_punctuation_starts_words(index):
    assert found(index, "based") == {E}  # "diffusion-based"
    assert found(index, "Language") == {D}  # "Vision-Language-Action"
    assert found(index, "RT-2:") == {D}  # an unknown "field" is a plain word
    assert found(index, "rt-2") == {D}
    assert found(index, "resolution") == {B}  # "High-resolution"


# ---------------------------------------------------------------- odd input


def test_papers_built_directly_with_odd_whitespace():
    papers = [
        Paper(key="k1", title="line\nbreak title", abstract="tab\tand\x1fcontrol\x1echars"),
        Paper(key="k2", title="", abstract=""),
    ]
    index = SearchIndex(papers, {})
    assert titles(index, "break") == ["line\nbreak title"]
    assert titles(index, "control") == ["line\nbreak title"]
    assert titles(index, "chars") == ["line\nbreak title"]
    assert len(index.search("").positions) == 2


def test_warm_changes_nothing(index):
    cold = SearchIndex(LIBRARY, {})
    index.warm()
    for query in ("diffusion", "'usion", "gpt-4 | rt-2", "Über", "year:2021"):
        assert list(index.search(query).positions) == list(cold.search(query).positions)
