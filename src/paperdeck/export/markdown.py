"""The Markdown reading list: a heading, then each paper with its link, date,
authors, upvotes, tags and note."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..models import Paper, PaperState

# Characters that would turn a title into emphasis, a link or HTML.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape_markdown(text: str) -> str:
    """Escape the characters that Markdown would read as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def describe_authors(paper: Paper) -> str | None:
    """``14 authors``, ``1 author``, or the organisation line."""
    if paper.authors is not None:
        return f"{paper.authors} author{'s' if paper.authors != 1 else ''}"
    return paper.org


def render_markdown(
    items: Sequence[tuple[Paper, PaperState]],
    *,
    title: str = "Starred papers",
    today: date | None = None,
) -> str:
    """The papers as a Markdown document, in the order given."""
    stamp = (today or date.today()).isoformat()
    count = f"{len(items)} paper{'s' if len(items) != 1 else ''}"
    out = [f"# {title}", "", f"_{count} · exported from paperdeck on {stamp}_", ""]
    for number, (paper, state) in enumerate(items, start=1):
        out.append(f"## {number}. {escape_markdown(paper.title)}")
        out.append("")
        if paper.url:
            out.append(f"- arXiv: [{paper.arxiv_id}]({paper.url})")
        facts = [paper.sort_date or None, describe_authors(paper)]
        if paper.upvotes is not None:
            facts.append(f"▲ {paper.upvotes}")
        known = [fact for fact in facts if fact]
        if known:
            out.append("- " + " · ".join(known))
        if state.tags:
            out.append("- Tags: " + ", ".join(f"`{tag}`" for tag in state.tags))
        marks = [mark for mark, on in (("starred", state.starred), ("read", state.read)) if on]
        if marks:
            out.append("- " + ", ".join(marks).capitalize())
        if state.note.strip():
            out.append("")
            out.extend(f"> {line}".rstrip() for line in state.note.strip().splitlines())
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
