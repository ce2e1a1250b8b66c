"""Recommendations: "for you" from a person's marks, and papers like one paper.

numpy/scipy only, imported only when a for-you sort or ``like:`` is asked for
(never by ``paperdeck list`` without them, nor at the app's start). ``features``
makes the TF-IDF vectors; ``model`` holds :class:`Recommender`; ``ranking`` keeps the
last corpus's recommender and scores it; ``marks`` turns a
library's states into the positive and negative keys a for-you ranking learns from.
"""

from paperdeck.recommend.marks import Marks, marks_from_states
from paperdeck.recommend.model import MIN_POSITIVES, MODELS, Recommender
from paperdeck.recommend.ranking import ForYouScores, for_you_scores, recommender_for

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
