"""The Markdown reading list: a heading, then each paper with its link, date,
authors (the first few names, then "et al."), upvotes, tags and note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..models import Paper, PaperState
from .author_list import author_list
from .markdown_text import code_span, escape_markdown, safe_note
from .neutral import neutral
from .titles import heading_title


def describe_authors(paper: Paper) -> str | None:
    """The names (``A, B, C et al.``, each escaped), else ``14 authors``, ``1 author``,
    or the organisation line (escaped: it comes from a web page)."""
    names = author_list(paper, escape=escape_markdown)
    if names is not None:
        return names
    if paper.authors is not None:
        return f"{paper.authors} author{'s' if paper.authors != 1 else ''}"
    return escape_markdown(paper.org) if paper.org else None


# The heading of papers without a tag in a list grouped by tag.
UNTAGGED = "Untagged"


def render_markdown(
    items: Sequence[tuple[Paper, PaperState]],
    *,
    title: str = "Starred papers",
    today: date | None = None,
    group_by_tag: bool = False,
    abstracts: bool = False,
) -> str:
    """The papers as a Markdown document, in the order given.

    ``group_by_tag`` puts them under a heading per tag (tags by how many papers carry
    them, then name; a paper with two tags is under both, one without any under
    "Untagged"); ``abstracts`` adds each abstract in a folded ``<details>`` block.
    """
    items = [neutral(paper, state) for paper, state in items]
    stamp = (today or date.today()).isoformat()
    count = f"{len(items)} paper{'s' if len(items) != 1 else ''}"
    out = [f"# {title}", "", f"_{count} · exported from paperdeck on {stamp}_", ""]
    if not group_by_tag:
        _papers(out, items, level="##", abstracts=abstracts)
    else:
        for tag, grouped in _by_tag(items):
            out += [f"## {escape_markdown(tag)} ({len(grouped)})", ""]
            _papers(out, grouped, level="###", abstracts=abstracts)
    return "\n".join(out).rstrip("\n") + "\n"


def _by_tag(
    items: Sequence[tuple[Paper, PaperState]],
) -> list[tuple[str, list[tuple[Paper, PaperState]]]]:
    groups: dict[str, list[tuple[Paper, PaperState]]] = {}
    # Tags are matched case-insensitively everywhere; the first spelling names the group.
    names: dict[str, str] = {}
    untagged = []
    for paper, state in items:
        if not state.tags:
            untagged.append((paper, state))
        for tag in dict.fromkeys(tag.casefold() for tag in state.tags):
            groups.setdefault(tag, []).append((paper, state))
        for tag in state.tags:
            names.setdefault(tag.casefold(), tag)
    ordered = sorted(groups.items(), key=lambda group: (-len(group[1]), group[0]))
    result = [(names[tag], grouped) for tag, grouped in ordered]
    if untagged:
        result.append((UNTAGGED, untagged))
    return result


def _papers(
    out: list[str], items: Sequence[tuple[Paper, PaperState]], *, level: str, abstracts: bool
) -> None:
    for number, (paper, state) in enumerate(items, start=1):
        out.append(f"{level} {number}. {escape_markdown(heading_title(paper, state))}")
        out.append("")
        if paper.url:
            out.append(f"- arXiv: [{paper.arxiv_id}]({paper.url})")
        facts = [escape_markdown(paper.sort_date) or None, describe_authors(paper)]
        if paper.upvotes is not None:
            facts.append(f"▲ {paper.upvotes}")
        known = [fact for fact in facts if fact]
        if known:
            out.append("- " + " · ".join(known))
        if state.tags:
            out.append("- Tags: " + ", ".join(code_span(tag) for tag in state.tags))
        marks = [mark for mark, on in (("starred", state.starred), ("read", state.read)) if on]
        if marks:
            out.append("- " + ", ".join(marks).capitalize())
        if state.note.strip():
            out.append("")
            out.extend(f"> {line}".rstrip() for line in safe_note(state.note.strip()))
        if abstracts and paper.abstract:
            # Blank lines around the text let Markdown render it inside the HTML block.
            out += ["", "<details><summary>Abstract</summary>", ""]
            out.append(escape_markdown(paper.abstract))
            out += ["", "</details>"]
        out.append("")
