"""Ranking: the score tiers, initials, stems, typos, the subsequence fallback, given titles."""

from __future__ import annotations

from search_helpers import paper, titles

from paperdeck.models import Paper, PaperState
from paperdeck.search import SearchIndex

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
