"""The title an export gives a paper.

The person's own title when they gave one, else the imported title. A paper that
came without a title (only an abstract) shows a title made from the abstract's first
sentence, cut near 100 characters with "…": fine in a list row, but not something to
print as a title. Exports never do: Markdown heads such a paper "Untitled: “the whole
first sentence”", which says both what the paper is about and that this is no
title; BibTeX leaves the title out (``@misc`` needs none), so a bibliography never
cites an invented one and paperdeck's importer derives it again on the way back.
"""

from __future__ import annotations

from ..models import Paper, PaperState, first_sentence


def given_title(paper: Paper, state: PaperState) -> str | None:
    """The paper's real title: the person's own, else the imported one; None for a
    paper that has neither."""
    if state.title:
        return state.title
    return None if paper.title_derived else paper.title


def heading_title(paper: Paper, state: PaperState) -> str:
    """The title as a reader of a reading list should see it, whole."""
    title = given_title(paper, state)
    if title is not None:
        return title
    return f"Untitled: “{first_sentence(paper.abstract)}”"
