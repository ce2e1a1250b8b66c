"""BibTeX files, read with bibtexparser 2.x.

Every entry type (``@article``, ``@misc``, ``@inproceedings``…) is a paper; ``@comment``,
``@string`` and ``@preamble`` are not (strings are expanded, ``#`` concatenation too).
Fields read:

- ``title`` and ``abstract``, with braces and basic LaTeX (accents such as ``{\\"o}``,
  escapes such as ``\\&``, ``\\emph{…}``) turned into plain text; ``$…$`` math is kept.
- the arXiv id from ``eprint`` (unless ``archivePrefix``/``eprinttype`` names another
  archive), an ``arxiv`` field, an arXiv ``url``, a DOI ``10.48550/arXiv.…``, or an
  ``arXiv:XXXX.XXXXX`` mention in ``journal``/``note``/``howpublished``.
- the date from ``date`` (biblatex, ISO), else ``year`` with ``month`` and ``day``:
  a full date gives ``published``, a year (and month) gives ``date_hint``. A year that is
  no year (``in press``) is left out rather than costing the paper.
- ``author``: the names in order, in display form (``Knuth, Donald E.`` and
  ``Donald E. Knuth`` both give ``Donald E. Knuth``; ``bibtex_names.py``), and their
  count (``and others`` counts as one more, without a name).

A block bibtexparser could not parse is a Problem with its line. An entry whose
citation key repeats an earlier one is still imported: the citation key means nothing
to paperdeck, whose own key comes from the paper.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser import model

from paperdeck.models import ParseResult, clean_text, derive_title, normalise_arxiv_id
from paperdeck.sources.base import (
    ProgressCallback,
    ResultBuilder,
    SourceError,
    normalise_text,
    snippet,
)
from paperdeck.sources.bibtex_names import bibtex_names
from paperdeck.sources.dates import iso_date, month_number, parse_iso
from paperdeck.sources.latex import latex_to_text
from paperdeck.textsafety import ABSTRACT_MAX_CHARS

# bibtexparser logs every failed block as a warning; with no logging configured Python
# prints those to stderr, over the TUI. Failed blocks become Problems here instead; an
# app that configures logging still receives the records through propagation.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

# --- fields ------------------------------------------------------------------------

_ARXIV_MENTION = re.compile(
    r"arxiv(?:\.org)?\s*[:/]?\s*(?:abs/|pdf/)?"
    r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\d{4}")


def _fields(entry: model.Entry, strings: dict[str, Expanded], *, raw: bool) -> dict[str, str]:
    """The entry's fields as lower-case names to string values.

    Concatenations (``"Journal of " # jml``) and string references are resolved here:
    bibtexparser leaves both as written. ``raw`` is for an entry the parse stack did not
    reach (a repeated citation key), whose values still have their braces or quotes.
    """
    fields: dict[str, str] = {}
    for field in entry.fields:
        value = field.value if isinstance(field.value, str) else str(field.value)
        if raw or field.enclosing == "no-enclosing":
            value = _concatenate(value, strings).text
        fields.setdefault(field.key.lower(), value)
    return fields


# Bounds on @string expansion: nested macros double a value at every level, and a
# 497-byte file expanded into a 40 MB title. No field may be longer than an abstract,
# and no macro may be built from more levels of macros than this.
MACRO_MAX_CHARS = ABSTRACT_MAX_CHARS
MACRO_MAX_DEPTH = 16


class MacroLimitError(Exception):
    """An @string or a field expands past MACRO_MAX_CHARS or MACRO_MAX_DEPTH."""


@dataclass(frozen=True, slots=True)
class Expanded:
    """A value with its macros resolved, and how many levels of macros it is built from."""

    text: str
    depth: int = 0


def _concatenate(value: str, strings: dict[str, Expanded]) -> Expanded:
    """Resolve a value written as parts joined by ``#``: quoted or braced text, string
    names, numbers and month names. Anything else is returned as it is. Raises
    MacroLimitError past the bounds above, before building the long text."""
    parts: list[str] = []
    size = depth = 0
    for raw in _split_concatenation(value):
        part = raw.strip()
        if len(part) >= 2 and part[0] + part[-1] in ('""', "{}"):
            piece = part[1:-1]
        elif part.lower() in strings:
            macro = strings[part.lower()]
            piece, depth = macro.text, max(depth, macro.depth + 1)
        elif part.isdigit() or month_number(part) is not None:
            piece = part
        else:
            return Expanded(value)
        size += len(piece)
        if size > MACRO_MAX_CHARS:
            raise MacroLimitError(f"expands past {MACRO_MAX_CHARS:,} characters")
        if depth > MACRO_MAX_DEPTH:
            raise MacroLimitError(f"nests @string macros more than {MACRO_MAX_DEPTH} deep")
        parts.append(piece)
    return Expanded("".join(parts), depth)


def _split_concatenation(value: str) -> list[str]:
    """Split on ``#`` outside braces and quotes."""
    parts: list[str] = []
    depth = 0
    quoted = False
    start = 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0 and (index == 0 or value[index - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return parts


def _arxiv_id(fields: dict[str, str]) -> str | None:
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").strip()
    if "eprint" in fields and latex_to_text(archive).strip().lower() == "arxiv":
        found = normalise_arxiv_id(latex_to_text(fields["eprint"]))
        if found:
            return found
    # An arxiv field, an arXiv URL or arXiv's DOI (whose braces a .bib may leave behind).
    for name in ("arxiv", "url", "doi"):
        found = normalise_arxiv_id(latex_to_text(fields.get(name, "")).strip().rstrip("}."))
        if found:
            return found
    for name in ("journal", "note", "howpublished"):
        match = _ARXIV_MENTION.search(fields.get(name, ""))
        if match:
            found = normalise_arxiv_id(match.group(1))
            if found:
                return found
    return None


def _date(fields: dict[str, str]) -> tuple[str | None, str | None]:
    """``(published, date_hint)`` from ``date``, or ``year``/``month``/``day``."""
    if "date" in fields:
        parsed = parse_iso(latex_to_text(fields["date"]))
        if parsed:
            return parsed
    year_match = _YEAR.fullmatch(latex_to_text(fields.get("year", "")).strip())
    if not year_match or int(year_match.group()) < 1:
        return None, None
    year = int(year_match.group())
    month = month_number(latex_to_text(fields.get("month", "")))
    if month is None:
        return None, f"{year:04d}"
    day_text = latex_to_text(fields.get("day", "")).strip()
    if day_text.isascii() and day_text.isdigit():
        published = iso_date(year, month, int(day_text))
        if published:
            return published, None
    return None, f"{year:04d}-{month:02d}"


# --- parse ---------------------------------------------------------------------------


def _line(block: model.Block) -> int:
    # bibtexparser counts lines from 0.
    return (block.start_line or 0) + 1


_BLOCK_HEAD = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")


def _failure_reason(block: model.ParsingFailedBlock) -> str:
    head = _BLOCK_HEAD.match((block.raw or "").lstrip())
    what = f'BibTeX entry "{snippet(head.group(1), 40)}"' if head else "BibTeX block"
    error = getattr(block.error, "abort_reason", None) or str(block.error) or "syntax error"
    return f"{what} could not be read: {snippet(str(error), 120)}"


def parse(
    text: str,
    source: str,
    *,
    year: int | None = None,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Read a BibTeX file; ``year`` is not used by this format."""
    text = normalise_text(text)
    try:
        library = bibtexparser.parse_string(text)
    except Exception as error:
        # A third-party parser: whatever it raises on odd input becomes the one error
        # type callers handle, instead of a traceback in the app.
        reason = f"could not be read as BibTeX ({snippet(str(error), 80)})"
        raise SourceError(source, reason) from error
    strings: dict[str, Expanded] = {}
    builder = ResultBuilder(source, progress=progress, text=text)
    for block in library.blocks:
        try:
            if isinstance(block, model.String):
                strings[block.key.lower()] = _concatenate(str(block.value), strings)
            elif isinstance(block, model.Entry):
                _entry(builder, block, strings, raw=False)
            elif isinstance(block, model.DuplicateBlockKeyBlock):
                duplicate = block.ignore_error_block
                if isinstance(duplicate, model.Entry):
                    _entry(builder, duplicate, strings, raw=True)
            elif isinstance(block, model.ParsingFailedBlock):
                builder.problem(_line(block), _failure_reason(block))
        except MacroLimitError as error:
            # The macro stays undefined: an entry using it is read as written.
            what = "BibTeX entry"
            if isinstance(block, model.String):
                what = f"@string {snippet(block.key, 40)}"
            builder.problem(_line(block), f"{what} {error}")
    return builder.result


def _entry(
    builder: ResultBuilder, entry: model.Entry, strings: dict[str, Expanded], *, raw: bool
) -> None:
    fields = _fields(entry, strings, raw=raw)
    title = latex_to_text(fields.get("title", ""))
    abstract = latex_to_text(fields.get("abstract", ""))
    line = _line(entry)
    if not title.strip() and not abstract.strip():
        builder.problem(line, f'BibTeX entry "{snippet(entry.key, 40)}" has no title or abstract')
        return
    if (
        title.strip()
        and abstract.strip()
        and clean_text(title) == clean_text(derive_title(abstract))
    ):
        # paperdeck's own BibTeX export writes a derived title as the title; reading it
        # back as derived keeps the paper's key (a hash of the abstract) unchanged.
        title = ""
    published, date_hint = _date(fields)
    names, count = bibtex_names(fields.get("author"))
    builder.add(
        line,
        title=title,
        abstract=abstract,
        arxiv_id=_arxiv_id(fields),
        published=published,
        date_hint=date_hint,
        authors=count,
        author_names=names,
    )
