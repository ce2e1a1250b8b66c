"""Highlighting: the spans each term marks."""

from __future__ import annotations

from itertools import pairwise

import pytest
from search_helpers import A, B, C, D, U, paper, titles

from paperdeck.search import QueryError, SearchIndex, Spans

# ---------------------------------------------------------------- highlighting


def spans(index: SearchIndex, query: str, title: str) -> Spans:
    position = next(i for i, p in enumerate(index.papers) if p.title == title)
    return index.highlight(query, position)


def test_highlight_word_prefix_in_title_and_abstract(index):
    # A: "Alpha: Diffusion Models Beat GANs" / "We show that diffusion models can ..."
    assert spans(index, "diff", A) == Spans(title=((7, 11),), abstract=((13, 17),))


def test_highlight_every_abstract_occurrence():
    papers = [paper("title", "model, models and a remodel; Model.")]
    index = SearchIndex(papers, {})
    # "remodel" holds "model" mid-word: not a word start, not highlighted.
    assert index.highlight("model", 0).abstract == ((0, 5), (7, 12), (29, 34))


def test_highlight_title_substring_and_subsequence(index):
    assert spans(index, "usion", A).title == ((11, 16),)
    # d-f-s-n in "Alpha: Diffusion ...": fzf's backward pass takes the second f.
    assert spans(index, "dfsn", A).title == ((7, 8), (10, 11), (12, 13), (15, 16))


def test_highlight_exact_phrase_and_anchors(index):
    assert spans(index, '"two words"', D).abstract == ((9, 18),)
    assert spans(index, "'ignals", C).abstract == ((62, 68),)
    assert spans(index, "^bravo", B) == Spans(title=((0, 5),), abstract=())
    assert spans(index, "robots$", C).title == ((36, 42),)
    assert spans(index, '^"uniform mixture of experts"$', U).title == ((0, 26),)


def test_highlight_merges_and_sorts(index):
    # "diff" lies inside "diffusion"; terms come in any order, spans come sorted.
    result = spans(index, "models diffusion diff", A)
    assert result.title == ((7, 16), (17, 23))
    assert result.abstract == ((13, 22), (23, 29))


def test_highlight_merges_overlapping_and_touching_spans():
    index = SearchIndex([paper("Diffusion Models", "ab")], {})
    # "diffusion" (0, 9), "on M" (7, 11) and "models" (10, 16) chain into one span.
    assert index.highlight('models "on M" diffusion', 0).title == ((0, 16),)
    # "'a" (0, 1) and "'b" (1, 2) touch.
    assert index.highlight("'a 'b", 0).abstract == ((0, 2),)


def test_highlight_skips_negated_and_filter_terms(index):
    assert spans(index, "!gans tag:x year:2021 diffusion", A).title == ((7, 16),)
    assert spans(index, "!diffusion", A) == Spans((), ())


def test_highlight_respects_fields_and_case(index):
    assert spans(index, "title:diff", A).abstract == ()
    assert spans(index, "abstract:diff", A).title == ()
    assert spans(index, "Diffusion", A).abstract == ()  # "diffusion" there is lowercase
    assert spans(index, "Diffusion", A).title == ((7, 16),)


def test_highlight_or_alternatives(index):
    assert spans(index, "gans | latent", A).title == ((29, 33),)


def test_highlight_offsets_survive_length_changing_case_folding():
    # "İ".lower() is two characters; spans must still point into the original.
    title = "İstanbul diffusion"
    index = SearchIndex([paper(title, "İİ diffusion")], {})
    result = index.highlight("diffusion", 0)
    assert result.title == ((9, 18),)
    assert title[9:18] == "diffusion"
    assert result.abstract == ((3, 12),)


def test_highlight_spans_are_within_bounds_for_any_query(index):
    for query in ("a", "e", "diffusion models", "'s", '"a"', "^a", "s$", "x", '"a two"'):
        for position, item in enumerate(index.papers):
            result = index.highlight(query, position)
            for field, text in ((result.title, item.title), (result.abstract, item.abstract)):
                assert list(field) == sorted(field)
                for start, end in field:
                    assert 0 <= start < end <= len(text)
                for (_, end), (start, _) in pairwise(field):
                    assert end < start


def test_highlight_of_the_title_alone_marks_the_same_title(index):
    # A list row asks for its title's spans only: the abstract is not searched.
    queries = ("diff", "models diffusion", '"two words"', "abstract:diff", "dfsn", "gans | latent")
    for query in queries:
        for position in range(len(index.papers)):
            whole = index.highlight(query, position)
            assert index.highlight(query, position, with_abstract=False) == Spans(whole.title, ())


def test_highlight_bad_query_raises(index):
    with pytest.raises(QueryError):
        index.highlight("is:nope", 0)


def test_highlight_after_a_scan_that_read_only_the_candidates():
    """Before the word index is built, a later word is scored only where the earlier
    ones matched; highlighting still marks everything its tiers matched."""
    papers = [
        paper("Sparse MoE for diffusion", "A mixture of experts (MoE) router."),
        paper("Diffusion with a mixture of experts", "Routing tokens."),
        paper("Unrelated MoE", "A mixture of experts again."),
    ]
    index = SearchIndex(papers, {})
    assert titles(index, "diffusion moe") == [
        "Sparse MoE for diffusion",
        "Diffusion with a mixture of experts",
    ]
    position = index.search("diffusion moe").positions[1]
    item = index.papers[position]
    marked = [item.title[a:b] for a, b in index.highlight("diffusion moe", position).title]
    assert marked == ["Diffusion", "mixture of experts"]
