"""Scores of interest learnt from a person's marks, and similarity to one paper.

A :class:`Recommender` holds the vectors of one list of papers (built on first use,
or ahead of time by :meth:`Recommender.build` in a worker thread). ``for_you`` fits
a linear model to the marked papers and scores every paper; ``like`` scores every
paper by cosine similarity to one paper and its nearest neighbours. Both return an
array of scores by position in the list; ``explain`` and ``shared_terms`` say which
terms weighed most.

The model is chosen by ``bench/recommend_quality.py`` on the shared topics
(README, Recommendations): ``agreement`` (the default: the mean of the positive rows,
each term scaled by the share of positives that hold it, so that what the liked
papers have in common outweighs what one of them says; minus a share of the
negatives' mean), ``centroid`` (plain Rocchio: the same without the scaling),
``logistic`` (L2-regularised logistic regression fitted by gradient descent) and
``knn`` (the mean similarity to the few nearest positives).

``like`` expands the one paper with pseudo-relevance feedback: its
``LIKE_FEEDBACK`` nearest papers join it, weighted the same way by agreement, so
that the terms the neighbourhood shares count and one paper's stray words do not.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..models import Paper
from .features import Vectors, build_vectors, readable, surface_forms
from .vector_file import corpus_stamp, generation_stamp, load_vectors, save_vectors

AGREEMENT = "agreement"
CENTROID = "centroid"
LOGISTIC = "logistic"
KNN = "knn"
MODELS = (AGREEMENT, CENTROID, LOGISTIC, KNN)
DEFAULT_MODEL = AGREEMENT
# How strongly for-you favours the terms most stars share (the share of stars holding
# a term, to this power). What a person's stars have in common is their interest; a
# word only one of them uses is noise. 3 measured best on the first held-out topics
# (the shared topics could not tell 1 from 6 apart); the third set, written after,
# checks it (README, Recommendations). like: keeps 1: its feedback papers are guesses.
FOR_YOU_AGREEMENT = 3.0
# The nearest papers a like: query takes in as feedback (tuned on the shared topics),
# at most one in FEEDBACK_SHARE of the library: in a small one, the eighth nearest
# paper is as likely off the topic as on it.
LIKE_FEEDBACK = 8
FEEDBACK_SHARE = 25
# How much the negatives' mean pulls a centroid away (Rocchio's gamma over beta).
NEGATIVE_SHARE = 0.5
# Neighbours a knn score averages over.
NEIGHBOURS = 3


class Recommender:
    """The vectors of ``papers`` and the scores made from them; thread-safe to build.

    With ``vector_file``, the vectors are read from that file when it was made from
    these very papers, and written there when they had to be built; ``generation``,
    the corpus generation the papers are from (when known), makes the stamp cheap.
    """

    def __init__(
        self,
        papers: Sequence[Paper],
        vector_file: Path | None = None,
        *,
        generation: int | None = None,
    ) -> None:
        self.papers = papers
        self.vector_file = vector_file
        self.generation = generation
        # Where the vectors came from: "memory" (built), "file" (read), None (not yet).
        self.vectors_from: str | None = None
        self._positions = {paper.key: i for i, paper in enumerate(papers)}
        self._vectors: Vectors | None = None
        self._lock = threading.Lock()
        self._weights: np.ndarray | None = None

    def build(self) -> Vectors:
        """Build the vectors now (idempotent): call it in a worker to have them ready."""
        with self._lock:
            if self._vectors is None:
                self._vectors = self._load_or_build()
            return self._vectors

    @property
    def built(self) -> bool:
        """True once the vectors are in memory (built or read)."""
        return self._vectors is not None

    def _load_or_build(self) -> Vectors:
        if self.vector_file is None:
            self.vectors_from = "memory"
            return build_vectors(self.papers)
        if self.generation is None:
            stamp = corpus_stamp(self.papers)
        else:
            stamp = generation_stamp(self.generation, self.papers)
        found = load_vectors(self.vector_file, stamp, len(self.papers))
        if found is not None:
            self.vectors_from = "file"
            return found
        vectors = build_vectors(self.papers)
        save_vectors(self.vector_file, stamp, vectors)
        self.vectors_from = "memory"
        return vectors

    def position(self, key: str) -> int | None:
        """The position of the paper with this key, None when the list lacks it."""
        return self._positions.get(key)

    def like(self, key: str) -> np.ndarray:
        """Cosine similarity of every paper to the paper ``key`` with its nearest
        neighbours (pseudo-relevance feedback; see the module notes). Itself scores
        highest (1)."""
        matrix = self.build().matrix
        at = self._positions[key]
        first = np.asarray(matrix @ matrix[at].T.toarray()).ravel()
        feedback = min(LIKE_FEEDBACK, len(first) // FEEDBACK_SHARE)
        if feedback == 0:
            return first
        first[at] = -np.inf
        nearest = np.argpartition(-first, feedback)[:feedback]
        query = _agreement(matrix, [at, *sorted(nearest.tolist())], [])
        # Unit length, so that a score is a cosine (similar --json's similarity).
        query = query / max(float(np.linalg.norm(query)), 1e-12)
        scores = np.asarray(matrix @ query).ravel()
        scores[at] = max(1.0, float(scores.max()))
        return scores

    def similar(self, key: str, limit: int = 10) -> list[tuple[int, float]]:
        """The ``limit`` papers most similar to ``key`` (not itself): (position, score)."""
        scores = self.like(key)
        scores[self._positions[key]] = -np.inf
        return _top(scores, limit)

    def for_you(
        self,
        positive: Collection[str],
        negative: Collection[str] = (),
        *,
        model: str = DEFAULT_MODEL,
        unlabelled_negative: bool = False,
    ) -> np.ndarray:
        """Scores of every paper, learnt from the keys of liked and disliked papers.

        ``unlabelled_negative`` counts every unmarked paper as a negative too,
        arxiv-sanity's choice; with the default model ignoring them measured better
        (README, Recommendations), so only read papers count against.
        """
        matrix = self.build().matrix
        pos = sorted(self._positions[k] for k in positive if k in self._positions)
        neg_set = {self._positions[k] for k in negative if k in self._positions} - set(pos)
        if unlabelled_negative:
            neg_set = set(range(len(self.papers))) - set(pos)
        neg = sorted(neg_set)
        if not pos:
            self._weights = None
            return np.zeros(len(self.papers))
        if model == KNN:
            self._weights = _centroid(matrix, pos, [])
            return _knn(matrix, pos)
        if model == LOGISTIC:
            weights = _logistic(matrix, pos, neg)
        elif model == CENTROID:
            weights = _centroid(matrix, pos, neg)
        else:
            weights = _agreement(matrix, pos, neg, power=FOR_YOU_AGREEMENT)
        self._weights = weights
        return np.asarray(matrix @ weights).ravel()

    def explain(self, key: str, count: int = 5) -> list[str]:
        """The terms that weighed most for ``key``'s last for-you score, heaviest first."""
        if self._weights is None or key not in self._positions:
            return []
        row = self.build().matrix[self._positions[key]]
        heaviest = self._heaviest(row.indices, row.data * self._weights[row.indices], count)
        return self._as_written(heaviest, key)

    def shared_terms(self, key: str, other: str, count: int = 5) -> list[str]:
        """The terms ``key`` and ``other`` share that add most to their similarity."""
        matrix = self.build().matrix
        a = matrix[self._positions[key]]
        b = matrix[self._positions[other]]
        product = a.multiply(b).tocsr()
        return self._as_written(self._heaviest(product.indices, product.data, count), key, other)

    def _as_written(self, found: list[str], *keys: str) -> list[str]:
        """Terms (stems) as the papers of ``keys`` wrote them; a duplicate once."""
        papers = [self.papers[self._positions[k]] for k in keys]
        forms = surface_forms(*(f"{p.title}\n{p.abstract}" for p in papers))
        return list(dict.fromkeys(readable(term, forms) for term in found))

    def _heaviest(self, columns: np.ndarray, weights: np.ndarray, count: int) -> list[str]:
        vocabulary = self.build().vocabulary
        order = np.argsort(-weights, kind="stable")
        return [vocabulary[columns[i]] for i in order[:count] if weights[i] > 0]


def _top(scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The positions of the ``limit`` highest finite scores, best first (ties: position)."""
    finite = np.flatnonzero(np.isfinite(scores))
    if limit < len(finite):
        part = np.argpartition(-scores[finite], limit)[:limit]
        finite = finite[part]
    order = sorted(finite.tolist(), key=lambda i: (-scores[i], i))
    return [(i, float(scores[i])) for i in order[:limit]]


def _mean(matrix: sp.csr_matrix, rows: list[int]) -> np.ndarray:
    return np.asarray(matrix[rows].mean(axis=0)).ravel()


def _centroid(matrix: sp.csr_matrix, pos: list[int], neg: list[int]) -> np.ndarray:
    weights = _mean(matrix, pos)
    if neg:
        weights = weights - NEGATIVE_SHARE * _mean(matrix, neg)
    return weights


def _agreement(
    matrix: sp.csr_matrix, pos: list[int], neg: list[int], *, power: float = 1.0
) -> np.ndarray:
    """The positives' mean, each term times the share of positives holding it (raised
    to ``power``: the higher, the more a term must be shared by most of them)."""
    rows = matrix[pos]
    holding = np.bincount(rows.indices, minlength=matrix.shape[1]) / len(pos)
    weights = np.asarray(rows.mean(axis=0)).ravel() * holding**power
    if neg:
        weights = weights - NEGATIVE_SHARE * _mean(matrix, neg)
    return weights


def _knn(matrix: sp.csr_matrix, pos: list[int]) -> np.ndarray:
    """Mean similarity to the NEIGHBOURS most similar positives (a paper's own row
    counts when it is a positive; the ranked papers never are)."""
    sims = (matrix @ matrix[pos].T).toarray()
    k = min(NEIGHBOURS, len(pos))
    nearest = -np.partition(-sims, k - 1, axis=1)[:, :k]
    return np.asarray(nearest.mean(axis=1)).ravel()


def _logistic(
    matrix: sp.csr_matrix, pos: list[int], neg: list[int], *, steps: int = 200
) -> np.ndarray:
    """L2 logistic regression on the marked rows, classes weighted to balance."""
    if not neg:
        return _centroid(matrix, pos, [])
    rows = matrix[pos + neg]
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    sample = np.concatenate([np.full(len(pos), 0.5 / len(pos)), np.full(len(neg), 0.5 / len(neg))])
    w = np.zeros(matrix.shape[1])
    bias = 0.0
    l2 = 1e-3
    rate = 4.0
    for _ in range(steps):
        z = rows @ w + bias
        p = 1.0 / (1.0 + np.exp(-z))
        g = sample * (p - y)
        w -= rate * (rows.T @ g + l2 * w)
        bias -= rate * g.sum()
    return np.asarray(w)
