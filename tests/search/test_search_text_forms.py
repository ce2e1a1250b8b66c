"""Other text forms: exact terms, phrases, anchors, negation, OR, field text terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_helpers import A, B, C, D, E, U, found, paper, titles
from search_reference import reference

from paperdeck.models import Paper
from paperdeck.search import SearchIndex
from paperdeck.sources import load_file

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
