"""BibTeX entries for papers: arXiv ``eprint``/``archivePrefix``/``url``, a citation
key from the first title word and the year (made unique), the author names in BibTeX's
``Last, First`` form, tags as keywords and the note as an annote field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..models import Paper, PaperState
from .neutral import neutral
from .titles import given_title

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "towards"}


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).lower())


def citation_key(paper: Paper, taken: set[str], title: str | None = None) -> str:
    """First meaningful word of ``title`` (default: the paper's) + year
    (``dimple2025``), suffixed a, b, … when taken."""
    words = [_ascii_word(w) for w in (title or paper.title).split()]
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


# LaTeX's special characters, escaped so that the text reads back exactly (paperdeck's
# own BibTeX importer decodes every one of these). Braces are words, not \{ and \}:
# BibTeX counts every brace, escaped or not, so one lone brace in a title made the
# file unreadable, and "} } @misc(…" ended the entry and started another.
_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(ch) for ch in _LATEX_ESCAPES))


def _braced(text: str) -> str:
    """A braced BibTeX value holding ``text`` literally."""
    return "{" + _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES[m.group()], text) + "}"


# Name suffixes BibTeX writes as the "Jr" part: "King, Jr, Martin Luther".
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_AND_WORD = re.compile(r"\band\b", re.IGNORECASE)


def bibtex_name(name: str) -> str:
    """A display name ("First von Last Jr") in BibTeX's ``von Last, Jr, First`` form,
    escaped; a name BibTeX would take apart wrongly (one word, a comma, an "and",
    "others") is braced whole, as BibTeX's own convention for an organisation."""
    escaped = _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES[m.group()], name)
    words = escaped.split()
    if len(words) < 2 or "," in escaped or _AND_WORD.search(escaped):
        return "{" + escaped + "}"
    junior = words.pop() if len(words) > 2 and words[-1].lower() in _SUFFIXES else None
    last_start = len(words) - 1
    # "von" words: lower-case ones before the last name, never the first word.
    while last_start > 1 and words[last_start - 1][:1].islower():
        last_start -= 1
    last, first = " ".join(words[last_start:]), " ".join(words[:last_start])
    return f"{last}, {junior}, {first}" if junior else f"{last}, {first}"


def author_field(paper: Paper) -> str | None:
    """The ``author`` value: the names joined by ``and``, then ``and others`` when the
    paper's count says there are more; None without names."""
    if not paper.author_names:
        return None
    names = [bibtex_name(name) for name in paper.author_names]
    if (paper.authors or 0) > len(names):
        names.append("others")
    return "{" + " and ".join(names) + "}"


def render_bibtex(items: Sequence[tuple[Paper, PaperState]]) -> str:
    """The papers as BibTeX ``@misc`` entries (arXiv's own recommended form)."""
    taken: set[str] = set()
    entries = []
    for raw_paper, raw_state in items:
        paper, state = neutral(raw_paper, raw_state)
        # Double braces keep the title's capitalisation through BibTeX styles; a paper
        # without a real title gets none (see titles.py).
        title = given_title(paper, state)
        fields: list[tuple[str, str]] = []
        if title is not None:
            fields.append(("title", "{" + _braced(title) + "}"))
        authors = author_field(paper)
        if authors is not None:
            fields.append(("author", authors))
        if paper.year:
            fields.append(("year", str(paper.year)))
        date = paper.sort_date
        if len(date) >= 7:
            fields.append(("month", _MONTHS[int(date[5:7]) - 1]))
        if paper.published:
            # biblatex's full date; classic BibTeX styles use year and month.
            fields.append(("date", _braced(paper.published)))
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
            # annote, BibTeX's field for a reader's own remarks: importers (paperdeck's
            # among them) read "note" for publication details such as an arXiv id, so a
            # note citing another paper would become this paper's id.
            fields.append(("annote", _braced(state.note.strip())))
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        entries.append(f"@misc{{{citation_key(paper, taken, title)},\n{body}\n}}\n")
    return "\n".join(entries)
