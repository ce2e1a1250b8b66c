"""The word-level rules behind the tiers: stems, initials and typos."""

from __future__ import annotations

import pytest

from paperdeck.search.initials import (
    expansion_pattern,
    is_initialism,
    learn_expansions,
    spells,
    strict_initials_pattern,
    written_as_acronym,
)
from paperdeck.search.stemming import stem, stem_prefix
from paperdeck.search.typos import allowed_edits, typo_words


@pytest.mark.parametrize(
    "words",
    [
        ("quantization", "quantized", "quantisation", "quantize", "quantizes"),
        ("cache", "caches", "cached", "caching"),
        ("model", "models", "modeled", "modeling"),
        ("study", "studies", "studied"),
        ("loss", "losses"),
        ("fit", "fitted", "fitting", "fits"),
        ("optimization", "optimizer", "optimisation", "optimized"),
    ],
)
def test_variants_share_a_stem(words):
    assert len({stem(word) for word in words}) == 1, [stem(w) for w in words]
    # Every variant starts with the stem's prefix: the index looks them up as a range.
    prefix = stem_prefix(stem(words[0]))
    assert all(word.startswith(prefix) for word in words)


@pytest.mark.parametrize(
    ("a", "b"),
    [("general", "generate"), ("quantum", "quantization"), ("analysis", "analyse"), ("us", "use")],
)
def test_different_words_keep_different_stems(a, b):
    assert stem(a) != stem(b)


def test_short_words_are_their_own_stem():
    assert stem("ing") == "ing" and stem("uses") != stem("us")


def test_initials_spell_runs_of_words():
    assert spells("moe", ["mixture", "of", "experts"])
    assert spells("lora", ["low", "rank", "adaptation"])  # lo|r|a
    assert spells("vlm", ["vision", "language", "model"])
    assert spells("rlhf", ["reinforcement", "learning", "from", "human", "feedback"])
    assert not spells("rlhf", ["from", "reinforcement", "learning", "human", "feedback"])
    assert not spells("moe", ["of", "experts"])
    assert not spells("rl", ["reinforcement"])  # at least two words
    assert not spells("rl", ["reinforcement", "learning", "from"])  # the last must give a letter


def test_what_counts_as_an_initialism():
    assert is_initialism("rl") and is_initialism("lora") and is_initialism("mcts")
    assert not is_initialism("r") and not is_initialism("rlhfxy") and not is_initialism("gpt4")


def test_acronyms_are_written_with_capitals():
    assert written_as_acronym("moe", "Sparse MoE layers", "")
    assert written_as_acronym("vlm", "", "open VLMs are")
    assert not written_as_acronym("model", "A Model", "a model")
    assert not written_as_acronym("moe", "", "homoeostasis")


def test_expansions_are_learnt_from_definitions():
    texts = [
        " we train a sparse mixture of experts  moe  model ",
        " the mixture of experts  moe  layer ",
        " a mixture of expert  moes  ",
        " sparse mixtures of experts  moe  ",
        " mixture of experts  moe  ",
        " moe alone ",
        " many other entities moe ",  # a chance fit, seen once: below a quarter of 5
    ]
    learnt = learn_expansions("moe", texts)
    assert learnt == [("mixtur", "of", "expert")]
    pattern = expansion_pattern(tuple(learnt))
    assert pattern.search(" sparse mixtures of experts ")
    assert not pattern.search(" mixture and experts ")


def test_strict_initials():
    pattern = strict_initials_pattern("vlm")
    assert pattern.search(" a vision language model ")
    assert not pattern.search(" vision large ")


def test_typos_allow_edits_by_length():
    assert allowed_edits("abc") == 0
    assert allowed_edits("clovr") == 1
    assert allowed_edits("stochastock") == 2
    vocabulary = ["clover", "cover", "clovers", "glove", "prepacking", "stochastok"]
    assert typo_words("clovr", vocabulary) == ["clover"]  # one missing letter
    assert set(typo_words("colver", vocabulary)) == {"clover", "cover"}  # swapped; deleted
    assert typo_words("prepackign", vocabulary) == ["prepacking"]
    assert typo_words("stochastock", vocabulary) == ["stochastok"]  # one extra letter
    # The term itself is not a typo of itself.
    assert set(typo_words("clover", vocabulary)) == {"cover", "clovers"}
    assert typo_words("cxo", vocabulary) == []
