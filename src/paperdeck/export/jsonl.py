"""JSON records of papers with their state: ``paperdeck list --json`` and the JSON
Lines export, which paperdeck's own JSON importer reads back with the state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from ..models import Paper, PaperState
from .neutral import neutral


def paper_record(paper: Paper, state: PaperState) -> dict[str, Any]:
    """One paper as a JSON object (the ``--json`` contract: these keys, these types),
    its text neutralised (export/neutral.py)."""
    paper, state = neutral(paper, state)
    return {
        "id": paper.key,
        "arxiv_id": paper.arxiv_id,
        # The person's own title when they gave one.
        "title": state.title or paper.title,
        "abstract": paper.abstract,
        "published": paper.published,
        "authors": paper.authors,
        "author_names": list(paper.author_names),
        "categories": list(paper.categories),
        "org": paper.org,
        "upvotes": paper.upvotes,
        "starred": state.starred,
        "read": state.read,
        "tags": list(state.tags),
        "note": state.note,
        "sources": list(paper.sources),
    }


def render_jsonl(items: Sequence[tuple[Paper, PaperState]]) -> str:
    """JSON Lines, one paper a line, with everything needed to restore it and its state."""
    lines = []
    for raw_paper, raw_state in items:
        paper, state = neutral(raw_paper, raw_state)
        record = paper_record(paper, state)
        # Fields beyond the list contract that a restore needs to be faithful.
        if paper.title_derived:
            record["title_derived"] = True
            # No cut-off sentence as a title: an importer derives it again, unless the
            # person gave one, which then comes back as the paper's title.
            record["title"] = state.title
        if paper.date_hint:
            record["date_hint"] = paper.date_hint
        record["starred_at"] = state.starred_at
        record["read_at"] = state.read_at
        record["updated_at"] = state.updated_at
        lines.append(orjson.dumps(record).decode())
    return "".join(line + "\n" for line in lines)
