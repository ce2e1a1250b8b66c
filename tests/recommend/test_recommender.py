"""The recommender's scores, explanations and marks, on a corpus of three topics."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
from recommend_helpers import topic_of, topic_papers

from paperdeck.models import Paper, PaperState
from paperdeck.recommend import MIN_POSITIVES, Recommender, marks_from_states
from paperdeck.recommend.features import build_vectors, stem, terms


def test_terms_are_stemmed_words_and_pairs() -> None:
    assert stem("quantization") == stem("quantized") == "quant"
    assert terms("The draft models decode") == [
        "draft",
        "model",
        "decode",
        "draft model",
        "model decode",
    ]


def test_vectors_have_unit_rows_and_an_empty_corpus_none() -> None:
    vectors = build_vectors(topic_papers())
    norms = np.sqrt(np.asarray(vectors.matrix.multiply(vectors.matrix).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0)
    empty = build_vectors([])
    assert len(empty) == 0 and empty.vocabulary == ()


def test_for_you_ranks_the_starred_topic_first_and_says_why() -> None:
    papers = topic_papers()
    recommender = Recommender(papers)
    liked = ["moe-0", "moe-2", "moe-4"]
    scores = recommender.for_you(liked)
    ranked = [papers[i].key for i in np.argsort(-scores) if papers[i].key not in liked]
    assert [topic_of(k) for k in ranked[:4]] == ["moe"] * 4
    why = recommender.explain("moe-1")
    # Shown as the paper wrote them, not as stems ("experts", not "expert" cut short).
    by_key = {p.key: p for p in papers}
    written = set(
        re.findall(r"[a-z0-9]+", f"{by_key['moe-1'].title} {by_key['moe-1'].abstract}".lower())
    )
    assert why and all(word in written for term in why for word in term.split())
    assert any("expert" in term for term in why)


def test_for_you_without_positives_scores_nothing() -> None:
    recommender = Recommender(topic_papers())
    assert not recommender.for_you([]).any()
    assert recommender.explain("moe-1") == []


def test_like_puts_the_same_topic_first_and_shares_its_terms() -> None:
    papers = topic_papers()
    recommender = Recommender(papers)
    similar = recommender.similar("draft-3", limit=5)
    assert len(similar) == 5
    assert all(topic_of(papers[i].key) == "draft" for i, _ in similar)
    assert "draft-3" not in {papers[i].key for i, _ in similar}
    assert [s for _, s in similar] == sorted((s for _, s in similar), reverse=True)
    shared = recommender.shared_terms("draft-3", "draft-1")
    assert any("speculative" in term or "draft" in term for term in shared)
    assert recommender.shared_terms("draft-3", "diff-1", 3) != shared[:3]


def test_an_empty_recommender_builds_and_scores_nothing() -> None:
    recommender = Recommender([])
    assert recommender.for_you(["nope"]).shape == (0,)
    assert recommender.position("nope") is None


def test_marks_are_stars_or_a_tag_against_reads() -> None:
    states = {
        "a": PaperState(key="a", starred=True),
        "b": PaperState(key="b", read=True),
        "c": PaperState(key="c", starred=True, read=True, tags=("Reading",)),
        "d": PaperState(key="d", tags=("reading",)),
        "e": PaperState(key="e", read=True, tags=("other",)),
    }
    stars = marks_from_states(states)
    assert stars.positive == {"a", "c"} and stars.negative == {"b", "e"}
    tagged = marks_from_states(states, "READING")
    assert tagged.positive == {"c", "d"} and tagged.negative == {"b", "e"}
    assert MIN_POSITIVES == 3


def test_vectors_built_in_a_worker_are_the_ones_queried() -> None:
    # The app builds the vectors in a worker thread while its UI may already ask.
    import threading

    recommender = Recommender(topic_papers())
    built: list[object] = []
    workers = [threading.Thread(target=lambda: built.append(recommender.build())) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(built) == 4 and all(vectors is built[0] for vectors in built)
    assert recommender.build() is built[0]


def test_like_takes_neighbours_in_only_in_a_large_enough_library() -> None:
    small = topic_papers(per_topic=7)  # 21 papers: under one in 25, no feedback
    recommender = Recommender(small)
    matrix = recommender.build().matrix
    at = recommender.position("draft-2")
    assert at is not None
    plain = np.asarray(matrix @ matrix[at].T.toarray()).ravel()
    assert np.allclose(recommender.like("draft-2"), plain)
    # 60 papers: two neighbours join the query. Each paper names two place words
    # (shared across topics), so that no two papers have the same vector.
    places = ["amber", "birch", "cedar", "dune", "ember", "fjord", "grove", "heath", "inlet"]
    large = [
        dataclasses.replace(
            paper,
            abstract=f"{paper.abstract} It cites {places[i % 9]} and {places[(i // 9 + i) % 9]}.",
        )
        for i, paper in enumerate(topic_papers(per_topic=20))
    ]
    recommender = Recommender(large)
    scores = recommender.like("moe-3")
    at = recommender.position("moe-3")
    # Itself first (papers that differ only in a number tie with it: digits are no terms).
    assert at is not None and scores[at] == scores.max()
    assert scores.min() >= 0.0 and scores.max() <= 1.0 + 1e-6  # cosines (single precision)
    matrix = recommender.build().matrix
    plain = np.asarray(matrix @ matrix[at].T.toarray()).ravel()
    assert not np.allclose(scores, plain)
    # (A third of the papers per topic is over MAX_DF_SHARE: the topic's own words are
    # dropped here, and what is left are its filler and place words.)
    ranked = [large[i].key for i, _ in recommender.similar("moe-3", 2)]
    assert [topic_of(k) for k in ranked] == ["moe", "moe"]


def test_authors_and_categories_relate_papers_whose_words_differ() -> None:
    # Words unlike each other's; what two of them share is who wrote them and where
    # they were filed, which is what relates them.
    words = ["alpha beta", "gamma delta", "epsilon zeta", "eta theta", "iota kappa"]
    papers = [
        Paper(key=f"p{i}", title=f"{w} {i}", abstract=f"{w} study {i}") for i, w in enumerate(words)
    ]
    papers[1] = dataclasses.replace(papers[1], author_names=("Ada Lovelace", "Alan Turing"))
    papers[3] = dataclasses.replace(
        papers[3], author_names=("Ada  Lovelace",), categories=("cs.LG",)
    )
    papers[4] = dataclasses.replace(papers[4], categories=("cs.LG",))
    vectors = build_vectors(papers)
    assert {"author:ada lovelace", "cat:cs.lg"} <= set(vectors.vocabulary)
    recommender = Recommender(papers)
    assert recommender.similar("p1", limit=1)[0][0] == 3
    assert recommender.similar("p4", limit=1)[0][0] == 3
    assert "author:ada lovelace" in recommender.shared_terms("p1", "p3")
