"""BibTeX entries for papers: arXiv ``eprint``/``archivePrefix``/``url``, a citation
key from the first title word and the year (made unique), tags as keywords and the
note as a note field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..models import Paper, PaperState

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "towards"}


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).lower())


def citation_key(paper: Paper, taken: set[str]) -> str:
    """First meaningful title word + year (``dimple2025``), suffixed a, b, … when taken."""
    words = [_ascii_word(w) for w in paper.title.split()]
    words = [w for w in words if w]
    first = next((w for w in words if w not in _STOPWORDS), words[0] if words else "paper")
    base = f"{first}{paper.year or ''}"
    key, suffix = base, 0
    while key in taken:
        suffix += 1
        key = base + _letters(suffix)
    taken.add(key)
    return key


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def _braced(text: str) -> str:
    # BibTeX needs balanced braces inside a braced value; escape them all when not.
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", r"\{").replace("}", r"\}")
    return "{" + text + "}"


def render_bibtex(items: Sequence[tuple[Paper, PaperState]]) -> str:
    """The papers as BibTeX ``@misc`` entries (arXiv's own recommended form)."""
    taken: set[str] = set()
    entries = []
    for paper, state in items:
        # Double braces keep the title's capitalisation through BibTeX styles.
        fields: list[tuple[str, str]] = [("title", "{" + _braced(paper.title) + "}")]
        if paper.year:
            fields.append(("year", str(paper.year)))
        date = paper.sort_date
        if len(date) >= 7:
            fields.append(("month", _MONTHS[int(date[5:7]) - 1]))
        if paper.arxiv_id:
            fields += [
                ("eprint", "{" + paper.arxiv_id + "}"),
                ("archivePrefix", "{arXiv}"),
                ("url", "{" + (paper.url or "") + "}"),
            ]
        if paper.abstract:
            fields.append(("abstract", _braced(paper.abstract)))
        if state.tags:
            fields.append(("keywords", _braced(", ".join(state.tags))))
        if state.note.strip():
            fields.append(("note", _braced(state.note.strip())))
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        entries.append(f"@misc{{{citation_key(paper, taken)},\n{body}\n}}\n")
    return "\n".join(entries)
