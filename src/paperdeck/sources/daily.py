"""The "Daily Papers" format: the text of a daily-papers web page, copied as is.

A page starts with a preamble (``new``, ``Get trending papers in your email inbox!``,
``Subscribe``, ``Daily Papers``, ``byAK and the research community`` and the page's own
date, e.g. ``Dec 29``), then lists papers::

    Title

    Abstract

      • 9 authors            (or an organisation line such as "nvidia NVIDIA")
    ·
    Jun 26 1                 ("Mon D" or "Mon D, YYYY", then an optional upvote count)

The ``·`` line anchors each entry: the line before it is the authors (or organisation)
line, the line after it the date, and the last two non-blank lines before the authors
line are the title and the abstract. Anything else between two entries is what is left
of a truncated entry, and becomes a Problem; so do an entry without a date and one whose
date is not a real date. Preamble lines are skipped wherever they appear, so two pages
pasted one after the other read as one.

A date without a year belongs to the page's own year: the year after the latest year
written on the page, or ``year`` when the caller gives one. A page with no year on it
at all and no ``year`` uses the current year.

The parser makes one pass over the lines (plus one over the entries), so a 100,000
paper page reads in seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from paperdeck.models import ParseResult
from paperdeck.sources.base import ProgressCallback, ResultBuilder, normalise_text, snippet
from paperdeck.sources.dates import MONTHS, iso_date

SEPARATOR = "·"

# "Jun 26", "Jun 26 1", "Oct 17, 2024", "Oct 17, 2024 3". Matched at the start of the
# line: whatever follows the date on the same line is handled by the caller.
DATE = re.compile(
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? +(?P<day>\d{1,2})(?!\d)"
    r"(?:, *(?P<year>\d{4})(?!\d))?(?: +(?P<upvotes>\d{1,9})(?!\d))?",
    re.IGNORECASE,
)
AUTHORS = re.compile(r"[•∙●*-]\s*(?P<count>\d{1,6})\s+authors?", re.IGNORECASE)

# Lines of the page's preamble. A regex rather than folding every line: most lines
# fail on their first character, which keeps a 100,000 paper page fast.
PREAMBLE = re.compile(
    r"new|get trending papers in your email inbox!?|subscribe|daily papers"
    r"|by ?ak and the research community",
    re.IGNORECASE,
)

# Finding the entries takes about 30% of a parse, building the papers the rest; the
# scan reports its progress every this many lines.
_SCAN_SHARE = 0.3
_SCAN_REPORT_LINES = 65536

# An organisation line is short; a longer line before the "·" is an abstract whose
# entry lost its authors line.
_ORG_MAX = 80


def is_preamble(line: str) -> bool:
    """True for a (stripped) line of the page's preamble, including its date (``Dec 29``)."""
    if PREAMBLE.fullmatch(line):
        return True
    match = DATE.match(line)
    return match is not None and match.end() == len(line)


def is_authors_line(line: str) -> bool:
    """True for a line such as ``• 17 authors``."""
    return AUTHORS.fullmatch(line) is not None


@dataclass(slots=True)
class _Found:
    """An entry whose date may still need the page's year."""

    line: int
    title: str
    abstract: str
    authors: int | None
    org: str | None
    month: int
    day: int
    year: int | None
    upvotes: int | None
    date_text: str


Line = tuple[int, str]  # (1-based line number, stripped text)


def _orphans(builder: ResultBuilder, lines: list[Line], reason: str) -> None:
    """Report lines left over between entries, one Problem per cut-off entry.

    A cut-off entry is a title and an abstract as a rule; an authors line ends one early
    or late (an entry that lost only its "·" keeps its authors line).
    """
    group: list[Line] = []
    for line in lines:
        if len(group) == 2 and not is_authors_line(line[1]):
            _orphan(builder, group, reason)
            group = []
        group.append(line)
        if is_authors_line(line[1]):
            _orphan(builder, group, reason)
            group = []
    if group:
        _orphan(builder, group, reason)


def _orphan(builder: ResultBuilder, group: list[Line], reason: str) -> None:
    number, text = group[0]
    if len(group) > 1 and is_authors_line(group[-1][1]):
        reason = 'has no "·" or date after its authors line'
    builder.problem(number, f'entry "{snippet(text)}" {reason}')


def parse(
    text: str,
    source: str,
    *,
    year: int | None = None,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Read a daily-papers page. ``year`` is the page's year for dates written without one."""
    lines = normalise_text(text).split("\n")
    count = len(lines)
    return parse_lines(
        lines,
        source,
        year=year,
        progress=progress,
        scanned=lambda number: number / count,
        line_count=count,
    )


def parse_lines(
    lines: Iterable[str],
    source: str,
    *,
    year: int | None = None,
    progress: ProgressCallback | None = None,
    scanned: Callable[[int], float] | None = None,
    line_count: int | None = None,
) -> ParseResult:
    """Read a daily-papers page given as its lines (LF-split, without their ends), one
    at a time: a ``LineReader`` over a file too large to hold. ``scanned`` tells, from
    the number of lines read, how much of the page they are (for progress);
    ``line_count``, when known before, the number of lines."""
    builder = ResultBuilder(source, progress=progress)
    builder.count_lines(line_count or 1)
    found: list[_Found] = []
    block: list[Line] = []  # non-blank, non-preamble lines since the last entry
    # The "·" just read and what came before it: the next line is the entry's date.
    pending: tuple[int, str | None, list[Line]] | None = None
    number = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if pending is not None:
            # The line after a "·" is its date, blank or not (a blank one: no date).
            carry = _entry(builder, found, pending, stripped)
            pending = None
            if carry is not None and not is_preamble(carry):
                block.append((number, carry))
            continue
        if stripped == SEPARATOR:
            meta, body = _split_meta(block)
            block = []
            pending = (number, meta, body)
        elif stripped and not is_preamble(stripped):
            block.append((number, stripped))
        if not number % _SCAN_REPORT_LINES and scanned is not None:
            builder.report(_SCAN_SHARE * scanned(number))
    if pending is not None:
        _entry(builder, found, pending, "")
    if line_count is None:
        builder.count_lines(number)
    latest_year = max((item.year for item in found if item.year is not None), default=None)

    if block:
        last = block[-1][1]
        odd = len(block) % 2 and len(block) > 2
        if odd and len(last) <= _ORG_MAX and not is_authors_line(last):
            block.pop()  # the organisation line of the cut-off entry
        _orphans(builder, block, "is cut off before its authors line, date or both")

    builder.entries_from(_SCAN_SHARE)
    page_year = year if year is not None else _page_year(latest_year)
    # Taken from the list as they become papers, so that a large page's texts are not
    # held twice (as found, and as the papers made of them) at the end of the parse.
    found.reverse()
    while found:
        item = found.pop()
        published = iso_date(item.year or page_year, item.month, item.day)
        if published is None:
            where = "" if item.year else f" in {page_year}"
            builder.problem(
                item.line,
                f'entry "{snippet(item.title)}": "{item.date_text}" is not a real date{where}',
            )
            continue
        builder.add(
            item.line,
            title=item.title,
            abstract=item.abstract,
            published=published,
            authors=item.authors,
            org=item.org,
            upvotes=item.upvotes,
        )
    builder.result.problems.sort(key=lambda problem: problem.line)
    return builder.result


def _entry(
    builder: ResultBuilder,
    found: list[_Found],
    pending: tuple[int, str | None, list[Line]],
    date_text: str,
) -> str | None:
    """Record the entry ending at a "·" (or its Problem) given the line after it;
    return the text glued after its date, which starts what follows, if any."""
    separator_line, meta, body = pending
    match = DATE.match(date_text) if date_text else None
    carry: str | None = None
    if match:
        rest = date_text[match.end() :].strip()
        if rest and rest[0].isalpha():
            # Text glued to the date (no newline at the end of a page and another
            # page pasted after it): the date is good, the rest starts what follows.
            carry = rest
            date_text = date_text[: match.end()]
        elif rest:
            match = None
    if len(body) < 2:
        if body:
            builder.problem(
                body[0][0], f'entry "{snippet(body[0][1])}" has no title or no abstract'
            )
        else:
            builder.problem(separator_line, f'"{SEPARATOR}" with no entry before it')
        return carry
    _orphans(builder, body[:-2], 'has no authors line, "·" or date')
    (start, title), (_, abstract) = body[-2], body[-1]
    if not date_text:
        builder.problem(start, f'entry "{snippet(title)}" has no date after "·"')
    elif match is None:
        builder.problem(
            start,
            f'entry "{snippet(title)}": date "{snippet(date_text, 30)}" '
            f"(line {separator_line + 1}) is not a date like Jun 26 or Jun 26, 2025",
        )
    else:
        authors, org = _meta_fields(meta)
        found.append(
            _Found(
                line=start,
                title=title,
                abstract=abstract,
                authors=authors,
                org=org,
                month=MONTHS[match["month"].casefold()[:3]],
                day=int(match["day"]),
                year=int(match["year"]) if match["year"] else None,
                upvotes=int(match["upvotes"]) if match["upvotes"] else None,
                date_text=date_text,
            )
        )
    return carry


def _page_year(latest_year: int | None) -> int:
    """The page's own year: after the latest year written on it, else this year."""
    if latest_year is not None:
        return latest_year + 1
    return dt.date.today().year


def _split_meta(block: list[Line]) -> tuple[str | None, list[Line]]:
    """Split the lines before a "·" into the authors/organisation line and the rest."""
    if not block:
        return None, block
    last = block[-1][1]
    if is_authors_line(last):
        return last, block[:-1]
    # Without a bullet the line is an organisation only when it is short and there
    # are still a title and an abstract before it.
    if len(last) <= _ORG_MAX and len(block) >= 3:
        return last, block[:-1]
    return None, block


def _meta_fields(meta: str | None) -> tuple[int | None, str | None]:
    """``(authors, org)`` from the line before the "·"."""
    if meta is None:
        return None, None
    match = AUTHORS.fullmatch(meta)
    if match:
        return int(match["count"]), None
    return None, meta
