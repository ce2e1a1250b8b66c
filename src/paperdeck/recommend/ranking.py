"""For-you scores of a corpus from a person's states, with the recommender kept.

Building vectors is the slow part (seconds at 100,000 papers), so they are kept on
disk (``vector_file``) and the last corpus's :class:`Recommender` is kept in memory:
a second ranking of the same list (the app's, or a sort after a star) only refits
the model.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..models import Paper, PaperState
from .location import generation_of, vector_file
from .marks import marks_from_states
from .model import Recommender

_lock = threading.Lock()
_kept: list[Recommender] = []


def recommender_for(papers: Sequence[Paper]) -> Recommender:
    """The recommender of this very list (the one kept, or a new one kept instead),
    its vectors kept in the file ``location`` names."""
    where = vector_file()
    with _lock:
        if _kept and _kept[0].papers is papers and _kept[0].vector_file == where:
            return _kept[0]
        recommender = Recommender(papers, where, generation=generation_of(papers))
        _kept[:] = [recommender]
        return recommender


def kept_recommender(papers: Sequence[Paper]) -> Recommender | None:
    """The kept recommender of this very list when its vectors are in memory, else
    None (nothing is built: for a reader view asking why)."""
    with _lock:
        if _kept and _kept[0].papers is papers and _kept[0].built:
            return _kept[0]
    return None


@dataclass(frozen=True)
class ForYouScores:
    """Each paper's score by its position in ``corpus``, and the keys learnt from as
    liked; ``by_key`` (made on first use) for papers of another list."""

    corpus: Sequence[Paper]
    scores: np.ndarray
    liked: frozenset[str]

    @cached_property
    def by_key(self) -> dict[str, float]:
        return {paper.key: float(s) for paper, s in zip(self.corpus, self.scores, strict=True)}


def for_you_scores(
    corpus: Sequence[Paper], states: Mapping[str, PaperState], tag: str | None = None
) -> ForYouScores:
    """Scores of every paper of ``corpus`` from the marks in ``states``."""
    marks = marks_from_states(states, tag)
    recommender = recommender_for(corpus)
    scores = recommender.for_you(marks.positive, marks.negative)
    return ForYouScores(corpus, scores, marks.positive)
