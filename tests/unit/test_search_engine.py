"""The search engine: matching, ranking, highlighting, state, and narrowing.

Besides hand-built cases, a deliberately naive reference evaluator (``reference``)
restates the query semantics paper by paper with regexes; the engine, with all its
bulk scans, caches and narrowing, must agree with it exactly on generated corpora.
"""

from __future__ import annotations

import random
import re
import threading
from array import array
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdeck.models import Paper, PaperState
from paperdeck.search import QueryError, SearchIndex, SearchResult, Spans, parse_query
from paperdeck.search.query import (
    IdTerm,
    MatchKind,
    NumberTerm,
    SourceTerm,
    StateTerm,
    TagTerm,
    TextField,
    TextTerm,
)
from paperdeck.search.stemming import stem
from paperdeck.sources import load_file

# ---------------------------------------------------------------------- helpers


def paper(
    title: str,
    abstract: str = "",
    *,
    arxiv_id: str | None = None,
    published: str | None = None,
    authors: int | None = None,
    upvotes: int | None = None,
    sources: tuple[str, ...] = (),
    added: str | None = None,
    updated: str | None = None,
) -> Paper:
    made = Paper.create(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        published=published,
        authors=authors,
        upvotes=upvotes,
        sources=sources,
    )
    return made.with_changes(added=added, updated=updated)


def titles(index: SearchIndex, query: str) -> list[str]:
    return [index.papers[p].title for p in index.search(query).positions]


def found(index: SearchIndex, query: str) -> set[str]:
    return set(titles(index, query))


# A small library with known dates (newest first: E, D, C, B, A, then undated U).
LIBRARY = [
    paper(
        "Alpha: Diffusion Models Beat GANs",
        "We show that diffusion models can beat GANs on image synthesis.",
        arxiv_id="2105.05233v4",
        published="2021-05-11",
        authors=2,
        upvotes=40,
        sources=("daily-2021.txt",),
    ),
    paper(
        "Bravo Latent Diffusion",
        "High-resolution image synthesis with latent diffusion; a two-stage model.",
        arxiv_id="2112.10752",
        published="2021-12-20",
        authors=5,
        upvotes=3,
        sources=("daily-2021.txt", "viewer.txt"),
    ),
    paper(
        "Charlie: Reinforcement learning for robots",
        "Policy gradient methods; the agent learns with sparse reward signals.",
        arxiv_id="2301.00001",
        published="2023-01-02",
        authors=12,
        upvotes=0,
        sources=("abstracts.txt",),
    ),
    paper(
        "Delta: RT-2: Vision-Language-Action models",
        "We study two words and the transfer of web knowledge to robotic control.",
        arxiv_id="2307.15818",
        published="2023-07-28",
        sources=("daily-2023.txt",),
    ),
    paper(
        "Echo — a naïve Über model",
        "Ünicode text: naïve tokens, Straße and ΟΔΟΣ words; also diffusion-based.",
        published="2024-02-01",
        upvotes=8,
    ),
    paper("Uniform mixture of experts", "Sparse mixture of experts without a date."),
]
A, B, C, D, E, U = (p.title for p in LIBRARY)


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex(LIBRARY, {})


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


def test_results_are_copies(index):
    first = index.search("diffusion").positions
    assert isinstance(first, array)
    first[0] = 999
    assert 999 not in index.search("diffusion").positions
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


# ---------------------------------------------------------------- ranking


def test_ranking_tiers():
    papers = [
        paper("zz abstract only", "the model appears here", published="2024-06-01"),
        paper("Remodeling substring", published="2024-04-01"),
        paper("Models as a prefix", published="2024-03-01"),
        paper("A word model here", published="2024-02-01"),
        paper("unrelated", "nothing", published="2024-07-01"),
    ]
    index = SearchIndex(papers, {})
    assert titles(index, "model") == [
        "A word model here",  # the exact title word
        "Models as a prefix",  # a title word starting with it
        "zz abstract only",  # the abstract: below every title tier
    ]
    # "Remodeling" holds it only inside a word: no match for a bare word...
    assert "Remodeling substring" not in titles(index, "model")
    # ...but an exact substring term finds it, below the word tiers.
    assert titles(index, "'model")[-2:] == ["Remodeling substring", "zz abstract only"]


def test_stem_variants_rank_below_prefixes():
    papers = [
        paper("Quantized networks", published="2024-01-01"),
        paper("Quantisation of weights", published="2023-01-01"),
        paper("Quantization for all", published="2022-01-01"),
        paper("Quantum effects", published="2025-01-01"),
    ]
    index = SearchIndex(papers, {})
    assert titles(index, "quantization") == [
        "Quantization for all",  # the exact word
        "Quantized networks",  # same stem, newest first
        "Quantisation of weights",
    ]
    # A shared prefix alone is not a variant.
    assert "Quantum effects" not in titles(index, "quantization")


def test_initials_are_learnt_from_definitions():
    papers = [
        paper("Sparse Mixture-of-Experts (MoE) layers", published="2024-01-01"),
        paper("Scaling mixture of experts", "We route tokens.", published="2023-01-01"),
        paper("MoE routing", "Experts again.", published="2022-01-01"),
        paper("Mostly other experiments", published="2025-01-01"),
        paper("Many open entities", published="2025-02-01"),
    ]
    index = SearchIndex(papers, {})
    assert titles(index, "moe") == [
        "Sparse Mixture-of-Experts (MoE) layers",  # the exact word
        "MoE routing",
        "Scaling mixture of experts",  # its initials, learnt from the first paper
    ]


def test_strict_initials_in_titles_when_nothing_defines_the_term():
    papers = [
        paper("A vision language model for robots", published="2024-01-01"),
        paper("Video learning methods", published="2023-01-01"),
        paper("Vision models", published="2022-01-01"),
    ]
    index = SearchIndex(papers, {})
    assert titles(index, "vlm") == [
        "A vision language model for robots",
        "Video learning methods",
    ]


def test_typos_only_when_nothing_matches_better():
    papers = [
        paper("Clover: speculative decoding", published="2024-01-01"),
        paper("Cover songs", published="2023-01-01"),
        paper("Clovers and hearts", "about clover", published="2022-01-01"),
    ]
    index = SearchIndex(papers, {})
    # One missing letter: the words one edit away ("cover" is two), title first.
    assert titles(index, "clovr") == ["Clover: speculative decoding", "Clovers and hearts"]
    # A real word: no typo tier at all ("cover" is not listed for "clover").
    assert titles(index, "clover") == ["Clover: speculative decoding", "Clovers and hearts"]
    # Swapped letters count as one edit; short terms get none.
    assert titles(index, "cvoer") == ["Cover songs"]
    assert titles(index, "clo") == ["Clover: speculative decoding", "Clovers and hearts"]
    assert titles(index, "cxo") == []


def test_compact_subsequence_is_the_last_resort():
    papers = [
        paper("LayoutPrompter: tasks", published="2024-01-01"),
        paper("Lay out the prompt", published="2023-01-01"),
        paper("l a y o u t", published="2022-01-01"),
    ]
    index = SearchIndex(papers, {})
    # No word, variant or typo matches: titles holding it with gaps of at most 2.
    assert titles(index, "lyoutprmpter") == ["LayoutPrompter: tasks"]
    # A word match anywhere switches the subsequence tier off.
    assert titles(index, "lay") == ["Lay out the prompt", "LayoutPrompter: tasks"]


def test_untitled_papers():
    derived = Paper.create(title="", abstract="A derived title from the abstract. More.")
    named = Paper.create(title="", abstract="Another one without a title. More.")
    plain = paper("A real title")
    papers = [derived, named, plain]
    assert derived.title_derived and named.title_derived
    states = {named.key: PaperState(named.key, title="My own title")}
    index = SearchIndex(papers, states)
    assert [index.papers[p].key for p in index.search("is:untitled").positions] == [derived.key]
    assert {index.papers[p].key for p in index.search("!is:untitled").positions} == {
        named.key,
        plain.key,
    }


def test_a_given_title_is_searched_and_highlighted():
    item = paper("Imported name", "Some abstract.")
    states: dict[str, PaperState] = {}
    index = SearchIndex([item], states)
    index.warm()
    assert titles(index, "imported") == ["Imported name"]
    states[item.key] = PaperState(item.key, title="Clover: my own name")
    index.state_changed(item.key)
    assert len(index.search("imported")) == 0
    assert len(index.search("clover")) == 1
    assert index.highlight("clover", 0).title == ((0, 6),)
    states[item.key] = PaperState(item.key)
    index.state_changed(item.key)
    assert len(index.search("imported")) == 1
    assert len(index.search("clover")) == 0


def test_highlight_marks_what_the_tiers_matched():
    papers = [
        paper("Quantized mixture-of-experts (MoE)", "We use a mixture of experts."),
    ]
    index = SearchIndex(papers, {})
    item = papers[0]
    spans = index.highlight("moe", 0)
    marked = [item.title[a:b] for a, b in spans.title]
    assert marked == ["mixture-of-experts", "MoE"]
    assert [item.abstract[a:b] for a, b in spans.abstract] == ["mixture of experts"]
    spans = index.highlight("quantization", 0)
    assert [item.title[a:b] for a, b in spans.title] == ["Quantized"]


def test_same_tier_newest_first():
    papers = [
        paper("old diffusion", published="2020-01-01"),
        paper("new diffusion", published="2024-01-01"),
        paper("mid diffusion", published="2022-01-01"),
        paper("undated diffusion"),
    ]
    assert titles(SearchIndex(papers, {}), "diffusion") == [
        "new diffusion",
        "mid diffusion",
        "old diffusion",
        "undated diffusion",
    ]


def test_scores_add_up_over_terms():
    papers = [
        paper("other", "diffusion latent", published="2024-01-01"),
        paper("diffusion latent", published="2020-01-01"),
        paper("diffusion stuff", "a latent variable", published="2022-01-01"),
        paper("latent stuff", "diffusion in the abstract", published="2023-01-01"),
    ]
    # Both in the title (620) beat one in the title (370, newest first), which beat
    # none in the title (100).
    assert titles(SearchIndex(papers, {}), "diffusion latent") == [
        "diffusion latent",
        "latent stuff",
        "diffusion stuff",
        "other",
    ]


# ---------------------------------------------------------------- other text forms


def test_exact_substring(index):
    assert found(index, "'ignals") == {C}  # mid-word in an abstract
    assert found(index, "'usion") == {A, B, E}
    assert found(index, "'USION") == set()


def test_phrase(index):
    assert found(index, '"two words"') == {D}
    assert found(index, '"image synthesis"') == {A, B}
    assert found(index, '"two  words"') == {D}  # spacing in the phrase collapses
    assert found(index, '"words two"') == set()
    assert found(index, '"latent diffusion;"') == {B}


def test_phrase_gaps_are_any_run_of_non_alphanumerics():
    papers = [paper("x", "two, words"), paper("y", "two words"), paper("z", "two-words")]
    assert found(SearchIndex(papers, {}), '"two words"') == {"x", "y", "z"}


# Papers that say "mixture of experts" in many ways, and some that do not.
MOE = [
    paper("Mixture-of-Experts for vision", "Routing tokens.", published="2024-06-01"),
    paper("Sparse layers", "A sparse mixture/of/experts layer.", published="2024-05-01"),
    # with_changes keeps the two spaces (Paper.create would collapse them).
    paper("Scaling", published="2024-04-01").with_changes(
        abstract="Mixture of  Experts, two spaces."
    ),
    paper("Mixed gaps", "mixture, of \u2014 experts; mixture_of_experts.", published="2024-03-01"),
    paper("Lowercase mixture-of-experts", "none", published="2024-02-01"),
    paper("Glued", "mixtureofexperts and mixture of the experts.", published="2024-01-01"),
    paper("Other", "A mixture of two experts.", published="2023-01-01"),
]
MOE_ALL = {"Mixture-of-Experts for vision", "Sparse layers", "Scaling", "Mixed gaps"}
MOE_ALL |= {"Lowercase mixture-of-experts"}


def test_phrase_matches_mixture_of_experts_however_it_is_punctuated():
    index = SearchIndex(MOE, {})
    assert found(index, '"mixture of experts"') == MOE_ALL
    assert found(index, '"mixture  of experts"') == MOE_ALL  # spacing in the phrase collapses
    assert found(index, '"mixture-of-experts"') == {  # one word: exact characters
        "Mixture-of-Experts for vision",
        "Lowercase mixture-of-experts",
    }
    assert found(index, '"experts of mixture"') == set()  # the order counts
    # Substring ends, as before: "of exp" inside "of-experts".
    assert found(index, '"of exp"') == MOE_ALL
    assert found(index, '"ure of"') == MOE_ALL | {"Glued", "Other"}


def test_phrase_newline_and_tab_are_gaps_too():
    papers = [Paper(key="k1", title="t", abstract="mixture of\n\texperts")]
    assert found(SearchIndex(papers, {}), '"mixture of experts"') == {"t"}


def test_phrase_scores_like_an_exact_term():
    index = SearchIndex(MOE, {})
    # The title starts with it (320), a title word starts with it (300), abstract (50).
    assert titles(index, '"mixture of experts"') == [
        "Mixture-of-Experts for vision",
        "Lowercase mixture-of-experts",
        "Sparse layers",
        "Scaling",
        "Mixed gaps",
    ]


def test_phrase_smart_case():
    index = SearchIndex(MOE, {})
    assert found(index, '"Mixture of Experts"') == {"Mixture-of-Experts for vision", "Scaling"}
    assert found(index, '"mixture of Experts"') == set()
    assert found(index, '"Mixture of experts"') == set()


def test_phrase_in_fields():
    index = SearchIndex(MOE, {})
    assert found(index, 'title:"mixture of experts"') == {
        "Mixture-of-Experts for vision",
        "Lowercase mixture-of-experts",
    }
    assert found(index, 'abstract:"mixture of experts"') == {
        "Sparse layers",
        "Scaling",
        "Mixed gaps",
    }
    assert found(index, '^"mixture of experts"') == {"Mixture-of-Experts for vision"}
    assert found(index, '"of experts"$') == {"Lowercase mixture-of-experts"}
    assert found(index, 'abstract:^"mixture of"') == {"Scaling", "Mixed gaps"}
    assert found(index, '^"lowercase mixture of experts"$') == {"Lowercase mixture-of-experts"}


def test_negated_phrase():
    index = SearchIndex(MOE, {})
    assert found(index, '!"mixture of experts"') == {"Glued", "Other"}
    assert found(index, '!title:"mixture of experts"') == {p.title for p in MOE} - {
        "Mixture-of-Experts for vision",
        "Lowercase mixture-of-experts",
    }
    assert found(index, 'mixture !"Mixture of Experts"') == {
        "Sparse layers",
        "Mixed gaps",
        "Lowercase mixture-of-experts",
        "Glued",
        "Other",
    }


def test_exact_terms_keep_exact_characters():
    index = SearchIndex(MOE, {})
    # 'mixture of: the exact "mixture" and a fuzzy "of", as before.
    assert found(index, "'mixture of") == {
        p.title for p in MOE if "mixture" in p.title.lower() + p.abstract.lower()
    }
    assert list(index.search("'mixture of").positions) == reference(MOE, {}, "'mixture of")
    # '"..." takes the phrase literally: one space, nothing else.
    assert found(index, '\'"mixture of"') == {"Scaling", "Glued", "Other"}
    assert found(index, '\'"Mixture of"') == {"Scaling"}
    assert found(index, '\'"mixture of experts"') == set()
    assert found(index, "'mixture-of") == {
        "Mixture-of-Experts for vision",
        "Lowercase mixture-of-experts",
    }


def test_highlight_phrase_covers_the_whole_run():
    index = SearchIndex(MOE, {})
    query = '"mixture of experts"'
    assert index.highlight(query, 0).title == ((0, 18),)
    assert index.highlight(query, 1).abstract == ((9, 27),)  # "mixture/of/experts"
    assert index.highlight(query, 2).abstract == ((0, 19),)  # two spaces inside
    gaps = index.highlight(query, 3).abstract
    text = MOE[3].abstract
    assert [text[a:b] for a, b in gaps] == ["mixture, of \u2014 experts", "mixture_of_experts"]
    assert index.highlight('"of experts"$', 4).title == ((18, 28),)
    assert index.highlight('^"mixture of experts"$', 0).title == ()  # no match, no span


def test_highlight_phrase_offsets_survive_length_changing_case_folding():
    # "İ".lower() is two characters; the span must still point into the original.
    abstract = "İİ mixture -- of experts İ"
    index = SearchIndex([paper("t", abstract)], {})
    ((start, end),) = index.highlight('"mixture of experts"', 0).abstract
    assert abstract[start:end] == "mixture -- of experts"


def test_phrase_narrowing_gives_a_fresh_search():
    index = SearchIndex(MOE, {})
    steps = [
        '"mixture of"',
        '"mixture of experts"',
        '"mixture of experts" sparse',
        '\'"mixture of"',
        '\'"mixture of" experts',
        '"mixture of"',
        '"Mixture of"',
        '"Mixture of Experts"',
        '"mixture of"',
    ]
    for step in steps:
        expected = list(SearchIndex(MOE, {}).search(step).positions)
        assert list(index.search(step).positions) == expected, step
        assert expected == reference(MOE, {}, step), step


def test_phrase_never_narrows_from_an_exact_term_with_a_space():
    # '"mixture of" matches only a real space: its result lacks "Mixture-of-Experts",
    # so the phrase must not start from it.
    for literal, phrase in (
        ('\'"mixture of"', '"mixture of experts"'),
        ('\'"mixture of"', '"mixture of"'),
        ('\'"Mixture of"', '"Mixture of Experts"'),
        ('^\'"mixture of"', '^"mixture of"'),
    ):
        index = SearchIndex(MOE, {})
        index.search(literal)
        assert list(index.search(phrase).positions) == reference(MOE, {}, phrase), phrase


SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed corpora are absent")
def test_phrase_finds_mixture_of_experts_in_the_seed_corpora():
    papers: dict[str, Paper] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for entry in load_file(path).entries:
            papers.setdefault(entry.paper.key, entry.paper)
    library = list(papers.values())
    index = SearchIndex(library, {})
    hyphenated = {
        position
        for position, item in enumerate(library)
        if "mixture-of-experts" in (item.title + " " + item.abstract).lower()
    }
    assert hyphenated  # the seeds do say "Mixture-of-Experts"
    assert hyphenated <= set(index.search('"mixture of experts"').positions)
    assert list(index.search('"mixture of experts"').positions) == reference(
        library, {}, '"mixture of experts"'
    )


def test_title_anchors(index):
    assert found(index, "^bravo") == {B}
    assert found(index, "^latent") == set()
    assert found(index, "diffusion$") == {B}
    assert found(index, "robots$") == {C}
    # Spaces split terms: ^uniform, mixture, of, experts$.
    assert found(index, "^uniform mixture of experts$") == {U}
    assert found(index, "^mixture") == set()
    assert found(index, '^"uniform mixture of experts"$') == {U}
    assert found(index, '^"Bravo Latent"') == {B}


def test_negation(index):
    assert found(index, "!diffusion") == {C, D, U}
    assert found(index, "!diff") == {C, D, U}
    # Negation is never fuzzy: "dfsn" is a subsequence of "Diffusion", but no word
    # starts with it, so nothing is excluded.
    assert found(index, "!dfsn") == {A, B, C, D, E, U}
    assert found(index, "diffusion !latent") == {A, E}
    assert found(index, "!'usion") == {C, D, U}
    assert found(index, "!^bravo") == {A, C, D, E, U}


def test_or(index):
    assert found(index, "robots | latent") == {B, C}
    assert found(index, "image latent | gans") == {A, B}
    assert found(index, "robot | !diffusion") == {C, D, U}


def test_or_scores_best_alternative():
    papers = [
        paper("alpha beta", published="2020-01-01"),
        paper("beta", "alpha", published="2024-01-01"),
    ]
    # The first scores 300 (a title word) on "alpha | beta" but so does the second
    # (beta); both tie, so the newer comes first.
    assert titles(SearchIndex(papers, {}), "alpha | beta") == ["beta", "alpha beta"]
    assert titles(SearchIndex(papers, {}), "alpha | zzz") == ["alpha beta", "beta"]


def test_field_text_terms(index):
    assert found(index, "title:diff") == {A, B}
    assert found(index, "abstract:diff") == {A, B, E}
    assert found(index, "title:usion") == set()  # word-prefix, not substring
    assert found(index, "title:'usion") == {A, B}
    assert found(index, 'abstract:"two words"') == {D}
    assert found(index, 'title:"two words"') == set()
    assert found(index, "abstract:^we") == {A, D}
    assert found(index, "abstract:signals.$") == {C}
    assert found(index, "!abstract:diffusion") == {C, D, U}


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


def test_highlight_bad_query_raises(index):
    with pytest.raises(QueryError):
        index.highlight("is:nope", 0)


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


# ---------------------------------------------------------------- reference


def fold(text: str) -> str:
    return text.lower().replace("ς", "σ")


def word_start(needle: str, text: str, phrase: bool = False) -> int:
    """First offset where needle starts a word (any offset when it starts with a
    non-alphanumeric character), or -1."""
    pattern = as_regex(needle, phrase)
    if needle[0].isalnum():
        pattern = r"(?<![^\W_])" + pattern
    match = re.search(pattern, text)
    return match.start() if match else -1


def as_regex(needle: str, phrase: bool) -> str:
    """needle as a regex: literal, or for a phrase each space any run of one or more
    characters that are not letters or digits."""
    if not phrase:
        return re.escape(needle)
    return r"[\W_]+".join(map(re.escape, needle.split(" ")))


def is_compact(needle: str, text: str) -> bool:
    return bool(re.search(".{0,2}?".join(map(re.escape, needle)), text, re.DOTALL))


def words_of(text: str) -> list[str]:
    """The words of a field as the engine sees them: folded runs of letters and digits."""
    return re.findall(r"[^\W_]+", fold(text))


def osa(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook dynamic programme."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


SKIPPABLE = {"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "with"}


def spells_naively(term: str, words: list[str]) -> bool:
    """term is a prefix of each word in turn (at least two words); a function word
    strictly inside the run may give none."""
    if len(words) < 2:
        return False

    def rest(t: str, ws: list[str], first: bool) -> bool:
        if not ws:
            return not t
        least = 0 if not first and len(ws) > 1 and ws[0] in SKIPPABLE else 1
        return any(
            t[:k] == ws[0][:k] and rest(t[k:], ws[1:], False) for k in range(least, len(t) + 1)
        )

    return rest(term, words, True)


def is_initialism(term: str) -> bool:
    return 2 <= len(term) <= 5 and term.isascii() and term.isalpha()


def runs(words: list[str], size: int) -> list[list[str]]:
    return [words[i : i + size] for i in range(len(words) - size + 1)]


def written_as_acronym(term: str, texts: list[str]) -> bool:
    """The term (or its plural) is a word with two capitals or more in the text."""
    for text in texts:
        for match in re.finditer(rf"(?<![^\W_]){term}s?(?![^\W_])", text, re.IGNORECASE):
            if sum(ch.isupper() for ch in match.group()[: len(term)]) >= 2:
                return True
    return False


def expansions_of(
    term: str, fields: list[list[str]], originals: list[list[str]]
) -> list[tuple[str, ...]]:
    """Expansions defined right before the term (or its plural) in the papers that
    write it as an acronym, by stems, kept when seen in at least a quarter as many
    papers as the most common one."""
    counts: dict[tuple[str, ...], int] = {}
    for paper_fields, texts in zip(fields, originals, strict=True):
        if not written_as_acronym(term, texts):
            continue
        seen = set()
        for words in paper_fields:
            for at, word in enumerate(words):
                if word not in (term, term + "s"):
                    continue
                before = words[max(0, at - 2 * len(term)) : at]
                for size in range(len(before), 1, -1):
                    if spells_naively(term, before[-size:]):
                        seen.add(tuple(stem(w) for w in before[-size:]))
                        break
        for expansion in seen:
            counts[expansion] = counts.get(expansion, 0) + 1
    if not counts:
        return []
    keep = max(1, max(counts.values()) // 4)
    return [e for e, c in counts.items() if c >= keep]


def has_expansion(words: list[str], expansion: tuple[str, ...]) -> bool:
    def fits(word: str, stemmed: str) -> bool:
        if len(stemmed) < 3:
            return word == stemmed
        return word.startswith(stemmed[:-1] if stemmed.endswith("y") else stemmed)

    return any(all(map(fits, run, expansion)) for run in runs(words, len(expansion)))


def is_plain_term(term: TextTerm) -> bool:
    return (
        not term.case_sensitive
        and term.kind in (MatchKind.FUZZY, MatchKind.WORD, MatchKind.EXACT)
        and not term.phrase
        and fold(term.text).isalnum()
    )


def plain_scores(term: TextTerm, papers: Sequence[Paper], titles: list[str]) -> list[int | None]:
    """Per paper, the tier a plain term reaches (the rules of DESIGN.md, naively)."""
    t = fold(term.text)
    fields = []
    if term.field is not TextField.ABSTRACT:
        fields.append(("title", TITLE))
    if term.field is not TextField.TITLE:
        fields.append(("abstract", ABSTRACT))
    texts = [{"title": titles[k], "abstract": p.abstract} for k, p in enumerate(papers)]
    words = [{name: words_of(text[name]) for name, _ in fields} for text in texts]
    scores: list[list[int]] = [[] for _ in papers]
    for k in range(len(papers)):
        for name, tier in fields:
            ws = words[k][name]
            if t in ws:
                scores[k].append(tier["exact"])
            if any(w.startswith(t) for w in ws):
                scores[k].append(tier["prefix"])
            if term.kind is MatchKind.EXACT and any(t in w for w in ws):
                scores[k].append(tier["substring"])
    if term.kind is MatchKind.FUZZY:
        if is_initialism(t):
            every = [[words_of(x["title"]), words_of(x["abstract"])] for x in texts]
            originals = [[x["title"], x["abstract"]] for x in texts]
            for expansion in expansions_of(t, every, originals):
                for k in range(len(papers)):
                    for name, tier in fields:
                        if has_expansion(words[k][name], expansion):
                            scores[k].append(tier["initials"])
        if len(t) >= 4 and t.isalpha():
            for k in range(len(papers)):
                for name, tier in fields:
                    if any(stem(w) == stem(t) for w in words[k][name]):
                        scores[k].append(tier["stem"])
        if not any(scores):
            searches_title = term.field is not TextField.ABSTRACT
            if is_initialism(t) and searches_title:
                for k in range(len(papers)):
                    ws = words[k]["title"]
                    if any(
                        all(w[0] == c for w, c in zip(run, t, strict=True))
                        for run in runs(ws, len(t))
                    ):
                        scores[k].append(TITLE["initials"])
            edits = 0 if len(t) < 4 else 1 if len(t) < 8 else 2
            vocabulary = {w for text in texts for w in words_of(text["title"])}
            typos = {w for w in vocabulary if w != t and edits and osa(t, w) <= edits}
            for k in range(len(papers)):
                for name, tier in fields:
                    if typos.intersection(words[k][name]):
                        scores[k].append(tier["typo"])
            if not any(scores) and len(t) >= 3 and searches_title:
                for k in range(len(papers)):
                    # Each character that is not a letter or digit is a space.
                    if is_compact(t, re.sub(r"[\W_]", " ", fold(titles[k]))):
                        scores[k].append(TITLE["subsequence"])
    return [max(s) if s else None for s in scores]


TITLE = {
    "exact": 32, "prefix": 30, "initials": 28, "stem": 26, "typo": 24, "substring": 22,
    "subsequence": 20,
}  # fmt: skip
ABSTRACT = {"exact": 10, "prefix": 9, "initials": 8, "stem": 7, "typo": 6, "substring": 5}


def text_score(term: TextTerm, item: Paper, title_text: str) -> int | None:
    """The tier another text term (phrase, anchor, punctuation, case) reaches."""
    sensitive = term.case_sensitive
    needle = term.text if sensitive else fold(term.text)
    title = title_text if sensitive else fold(title_text)
    abstract = item.abstract if sensitive else fold(item.abstract)
    kind, where, phrase = term.kind, term.field, term.phrase
    pattern = as_regex(needle, phrase)
    if kind in (MatchKind.START, MatchKind.END, MatchKind.WHOLE):
        text = title if where is TextField.TITLE else abstract
        test = {
            MatchKind.START: re.match(pattern, text),
            MatchKind.END: re.search(rf"(?:{pattern})\Z", text),
            MatchKind.WHOLE: re.fullmatch(pattern, text),
        }[kind]
        if not test:
            return None
        if where is TextField.ABSTRACT:
            return 10
        return 30 if kind is MatchKind.END else 32
    if where is not TextField.ABSTRACT:
        if word_start(needle, title, phrase) >= 0:
            return 30
        if kind is not MatchKind.WORD and re.search(pattern, title):
            return 22
        if kind is MatchKind.FUZZY and len(needle) > 2 and is_compact(needle, title):
            return 20
    if where is not TextField.TITLE:
        if phrase:
            return 9 if re.search(pattern, abstract) else None
        if kind is MatchKind.EXACT:
            return 5 if re.search(pattern, abstract) else None
        return 9 if word_start(needle, abstract, phrase) >= 0 else None
    return None


def term_score(
    term,
    item: Paper,
    states: Mapping[str, PaperState],
    latest: str | None,
    title: str,
    plain: int | None,
) -> int | None:
    state = states.get(item.key, PaperState(item.key))
    if isinstance(term, TextTerm):
        score = plain if is_plain_term(term) else text_score(term, item, title)
    elif isinstance(term, TagTerm):
        score = 0 if any(t.lower() == term.name for t in state.tags) else None
    elif isinstance(term, StateTerm):
        ok = {
            "starred": state.starred,
            "read": state.read,
            "unread": not state.read,
            "noted": bool(state.note.strip()),
            "new": latest is not None and item.added == latest,
            "updated": latest is not None and item.updated == latest and item.added != latest,
            "untitled": item.title_derived and state.title is None,
        }[term.state]
        score = 0 if ok else None
    elif isinstance(term, NumberTerm):
        value = item.year if term.field == "year" else getattr(item, term.field)
        score = 0 if term.contains(value) else None
    elif isinstance(term, IdTerm):
        ids = (item.key.lower(), (item.arxiv_id or "").lower())
        score = 0 if any(i.startswith(term.prefix) for i in ids if i) else None
    else:
        assert isinstance(term, SourceTerm)
        score = 0 if any(term.text in s.lower() for s in item.sources) else None
    if term.negated:
        return 0 if score is None else None
    return score


def reference(
    papers: Sequence[Paper],
    states: Mapping[str, PaperState],
    query: str,
    latest: str | None = None,
) -> list[int]:
    """The expected positions, computed the slow and obvious way."""
    parsed = parse_query(query)
    order = sorted(range(len(papers)), key=lambda p: fold(papers[p].title))
    order.sort(key=lambda p: papers[p].sort_date, reverse=True)
    given = {k: s.title for k, s in states.items() if s.title is not None}
    titles = [given.get(p.key, p.title) for p in papers]
    plain = {
        term: plain_scores(term, papers, titles)
        for clause in parsed.clauses
        for term in clause
        if isinstance(term, TextTerm) and is_plain_term(term)
    }
    totals: dict[int, int] = {}
    for position in order:
        total = 0
        for clause in parsed.clauses:
            scores = [
                term_score(
                    t,
                    papers[position],
                    states,
                    latest,
                    titles[position],
                    plain[t][position] if t in plain else None,
                )
                for t in clause
            ]
            best = max((s for s in scores if s is not None), default=None)
            if best is None:
                break
            total += best
        else:
            totals[position] = total
    return sorted(totals, key=lambda p: -totals[p])  # stable: keeps the date order


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

# The make_corpus.py kind of vocabulary, with punctuation and non-ASCII words.
# fmt: off
VOCAB = [
    "diffusion", "model", "models", "language", "latent", "agent", "robot", "sparse",
    "attention", "tool", "data", "graph", "policy", "reward", "token", "vision", "speech",
    "image", "gpt-4", "rl-based", "naïve", "über", "straße", "ΟΔΟΣ", "λ-calculus", "日本語",
    "x", "mixture", "expert", "MoE", "RL", "of", "experts",
]
# fmt: on
JOINERS = [" ", " ", " ", ", ", ": ", " — ", "-", " (", ") ", "/", "  ", "_"]


def make_corpus(rng: random.Random, count: int) -> list[Paper]:
    """Papers in the spirit of make_corpus.py (its vocabulary, its fields), with some
    punctuation, unicode, missing fields and shared dates."""
    papers: dict[str, Paper] = {}
    for i in range(count):

        def words(low: int, high: int) -> str:
            out = rng.choice(VOCAB)
            for _ in range(rng.randint(low, high) - 1):
                out += rng.choice(JOINERS) + rng.choice(VOCAB)
            return out

        title = words(2, 6)
        if rng.random() < 0.3:
            title = title.title()
        year = rng.choice([2019, 2021, 2023, 2024, None])
        made = paper(
            title,
            words(5, 30) + ".",
            arxiv_id=f"{year % 100:02d}{rng.randint(1, 12):02d}.{i:05d}" if year else None,
            published=f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 2)}" if year else None,
            authors=rng.choice([None, 1, 3, 12]),
            upvotes=rng.choice([None, 0, 2, 40]),
            sources=tuple(rng.sample(["daily.txt", "viewer.txt", "mine.jsonl"], rng.randint(0, 2))),
            added=rng.choice(["t1", "t2"]),
            updated=rng.choice([None, "t2"]),
        )
        papers.setdefault(made.key, made)
    return list(papers.values())


def random_states(rng: random.Random, papers: Sequence[Paper]) -> dict[str, PaperState]:
    states = {}
    for item in rng.sample(list(papers), len(papers) // 3):
        states[item.key] = PaperState(
            item.key,
            starred=rng.random() < 0.5,
            read=rng.random() < 0.5,
            tags=tuple(rng.sample(["todo", "RL", "later"], rng.randint(0, 2))),
            note=rng.choice(["", " ", "note"]),
            # Sometimes a title of the person's own, which the title tiers then search.
            title=rng.choice([None, None, None, "mixture of expert models", "Diffusion tool"]),
        )
    return states


TERMS = st.one_of(
    st.sampled_from(VOCAB).flatmap(
        lambda w: st.integers(1, len(w)).map(lambda n: w[:n])
    ),  # a word typed partly
    st.sampled_from(
        [
            "Diff",
            "MODEL",
            "'usion",
            "'el, ",
            "^diff",
            "models$",
            '"model language"',
            '"—"',
            '"mixture expert"',
            '"Mixture Expert"',
            '"mixture-expert"',
            '"l model"',
            '"model, language"',
            '"gpt-4 model"',
            '"λ-calculus über"',
            '"ΟΔΟΣ x"',
            '"— x"',
            '\'"model language"',
            'title:"data graph"',
            'abstract:"Token vision"',
            '!"mixture expert"',
            '^"diffusion model"',
            '"data graph"$',
            'abstract:^"image x"',
            "!diff",
            "!'a",
            "dfsn",
            "mdl",
            "title:dif",
            "abstract:mod",
            "abstract:^diff",
            "title:'e",
            "tag:todo",
            "tag:rl",
            "is:starred",
            "is:unread",
            "is:noted",
            "is:new",
            "is:updated",
            "!is:read",
            "year:2021",
            "year:>=2023",
            "year:2019..2021",
            "!year:2024",
            "upvotes:>1",
            "authors:<5",
            "id:21",
            "!id:2",
            "source:daily",
            "Über",
            "οδος",
            "rl-",
            "gpt-4",
            "-",
            "x",
            "日本",
        ]
    ),
)
QUERIES = st.lists(TERMS, min_size=1, max_size=4).flatmap(
    lambda terms: st.lists(
        st.sampled_from([" ", " | "]), min_size=len(terms) - 1, max_size=len(terms) - 1
    ).map(lambda seps: "".join(t + s for t, s in zip(terms, [*seps, ""], strict=True)))
)


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


def typing(query: str) -> list[str]:
    """Every prefix of the query as it is typed (skipping ones that do not parse)."""
    out = []
    for end in range(1, len(query) + 1):
        try:
            parse_query(query[:end])
        except QueryError:
            continue
        out.append(query[:end])
    return out


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
