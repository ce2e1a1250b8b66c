"""Defence at the exit: a paper and its state with every text field neutralised.

The sanitiser at the door (``paperdeck.textsafety``) keeps control characters out of
new imports, but a library saved before it, or a hand-edited file, may still hold
them. Every exporter passes its papers through ``neutral`` before rendering.
"""

from __future__ import annotations

from ..models import Paper, PaperState
from ..textsafety import neutralise, unsafe_characters

_PAPER_TEXT = ("key", "title", "abstract", "arxiv_id", "published", "org", "date_hint")


def _needs(text: str | None, *, multiline: bool = False) -> bool:
    return bool(text) and bool(unsafe_characters(text or "", multiline=multiline))


def neutral_paper(paper: Paper) -> Paper:
    """``paper`` with its text fields neutralised (the same object when none needs it)."""
    changes: dict[str, object] = {}
    for name in _PAPER_TEXT:
        value = getattr(paper, name)
        if isinstance(value, str) and _needs(value):
            changes[name] = neutralise(value)
    for name in ("sources", "author_names", "categories"):
        values: tuple[str, ...] = getattr(paper, name)
        if any(_needs(value) for value in values):
            changes[name] = tuple(v for v in (neutralise(value) for value in values) if v)
    return paper.with_changes(**changes) if changes else paper


def neutral_state(state: PaperState) -> PaperState:
    """``state`` with its tags, note and title neutralised (the note keeps its lines)."""
    changes: dict[str, object] = {}
    if any(_needs(tag) for tag in state.tags):
        changes["tags"] = tuple(t for t in (neutralise(tag) for tag in state.tags) if t)
    if _needs(state.note, multiline=True):
        changes["note"] = neutralise(state.note, multiline=True)
    if _needs(state.title):
        changes["title"] = neutralise(state.title or "")
    return state.with_changes(**changes) if changes else state


def neutral(paper: Paper, state: PaperState) -> tuple[Paper, PaperState]:
    """The pair an exporter renders: both neutralised."""
    return neutral_paper(paper), neutral_state(state)
