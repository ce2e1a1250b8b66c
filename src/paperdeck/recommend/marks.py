"""What a for-you ranking learns from: the keys a person liked and did not.

Starred papers are positive (for ``for-you:TAG``, the papers carrying that tag);
papers read and not starred are negative; the rest are unlabelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..models import PaperState

# Fewer liked papers than this and a for-you ranking is a guess: callers fall back to date.
MIN_POSITIVES = 3


@dataclass(frozen=True)
class Marks:
    """Positive and negative paper keys."""

    positive: frozenset[str]
    negative: frozenset[str]


def marks_from_states(states: Mapping[str, PaperState], tag: str | None = None) -> Marks:
    """The marks in ``states``: stars (or, with ``tag``, that tag) against reads."""
    wanted = tag.casefold() if tag is not None else None
    positive: set[str] = set()
    negative: set[str] = set()
    for key, state in states.items():
        liked = state.starred if wanted is None else any(t.casefold() == wanted for t in state.tags)
        if liked:
            positive.add(key)
        elif state.read and not state.starred:
            negative.add(key)
    return Marks(frozenset(positive), frozenset(negative))
