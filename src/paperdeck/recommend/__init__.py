"""Recommendations: "for you" from a person's marks, and papers like one paper.

numpy/scipy only, imported only when a for-you sort or ``like:`` is asked for
(never by ``paperdeck list`` without them, nor at the app's start): the names below
load their module on first use, so that ``paperdeck.recommend.location`` (where the
vectors live) costs no numpy. ``features`` makes the TF-IDF vectors;
``vector_file`` keeps them on disk; ``model`` holds :class:`Recommender`;
``ranking`` keeps the last corpus's recommender and scores it; ``marks`` turns a
library's states into the positive and negative keys a for-you ranking learns from.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paperdeck.recommend.marks import MIN_POSITIVES, Marks, marks_from_states
    from paperdeck.recommend.model import MODELS, Recommender
    from paperdeck.recommend.ranking import ForYouScores, for_you_scores, recommender_for

_HOMES = {
    "Marks": "marks",
    "marks_from_states": "marks",
    "MIN_POSITIVES": "marks",
    "MODELS": "model",
    "Recommender": "model",
    "ForYouScores": "ranking",
    "for_you_scores": "ranking",
    "recommender_for": "ranking",
}

__all__ = [
    "MIN_POSITIVES",
    "MODELS",
    "ForYouScores",
    "Marks",
    "Recommender",
    "for_you_scores",
    "marks_from_states",
    "recommender_for",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'paperdeck.recommend' has no attribute '{name}'")
    return getattr(importlib.import_module(f"paperdeck.recommend.{home}"), name)
