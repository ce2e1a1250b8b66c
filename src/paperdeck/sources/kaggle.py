"""The Kaggle arXiv metadata snapshot (``arxiv-metadata-oai-snapshot.json``).

Despite its name the file is JSON Lines: one arXiv record a line, 2.7 million lines
and about 4 GB in full, so it is read as a stream (``paperdeck.sources.streaming``),
never whole. Every record has the same keys, in this order; a missing value is
``null``, a key is never absent:

``id`` (no version; old style ``hep-th/9711200`` too), ``submitter``, ``authors`` (the
raw TeX author line), ``title``, ``comments``, ``journal-ref``, ``doi``, ``report-no``,
``categories`` (space-separated, the primary first), ``license``, ``abstract``,
``versions`` (``[{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}, ...]``),
``update_date`` and ``authors_parsed`` (``[[last, first, suffix, *affiliations], ...]``,
TeX already turned into Unicode).

A paper is read from:

- ``id``: the arXiv id, which is the paper's key. A record without a readable id is
  a Problem.
- ``title`` and ``abstract``, whitespace collapsed, TeX kept as written.
- ``authors_parsed``: the names in order, as "First Last Suffix" (affiliations
  dropped). The raw ``authors`` line is not read: it holds TeX and affiliations.
- ``versions``: the date of v1 (RFC 2822, always GMT) is ``published``.
- ``categories``: the list, the primary first.

``doi``, ``comments``, ``journal-ref`` and the rest are not kept (a Paper has no field
for them). A line that is not JSON, not an object, or holds a field of the wrong type
is a Problem naming the line; the rest imports. A ``CategoryFilter`` keeps only the
records in some categories; the others are passed over silently, not as problems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from email.utils import parsedate_to_datetime
from typing import Any

from paperdeck.models import ParseResult, normalise_arxiv_id
from paperdeck.sources.base import ProgressCallback, ResultBuilder, normalise_text, snippet

# The keys that tell a snapshot record from any other JSON Lines record: paperdeck's
# own export and the other JSON sources have none of submitter, versions and
# authors_parsed.
SNAPSHOT_KEYS = frozenset(
    {"id", "submitter", "authors", "authors_parsed", "versions", "categories"}
)

# A record's raw ``categories`` value, found without decoding the line. Only used to
# pass over lines outside the wanted categories cheaply; a line it does not match (an
# escape in the value, no such key) is decoded and judged in full.
_RAW_CATEGORIES = re.compile(r'"categories"\s*:\s*"([^"\\]*)"')


_BAD_AUTHORS = "authors_parsed must be a list of [last, first, suffix]"


class RecordError(Exception):
    """A field of a snapshot record holds a value of the wrong type or form."""


def is_snapshot_record(value: Any) -> bool:
    """True when a decoded JSON value looks like a record of the snapshot."""
    return (
        isinstance(value, dict)
        and value.keys() >= SNAPSHOT_KEYS
        and isinstance(value["versions"], list)
        and isinstance(value["authors_parsed"], list)
    )


class CategoryFilter:
    """Which records to keep, by ``--category PREFIX``: a record is kept when one of
    its categories equals a prefix or starts with the prefix and a dot (``cs`` keeps
    cs.LG; ``cs.LG`` keeps only cs.LG; ``hep`` does not keep hep-th). Case is ignored."""

    def __init__(self, prefixes: Iterable[str]) -> None:
        self.prefixes = tuple(sorted({prefix.strip().casefold() for prefix in prefixes}))
        if not self.prefixes or "" in self.prefixes:
            raise ValueError("a category prefix cannot be empty")
        self._dotted = tuple(prefix + "." for prefix in self.prefixes)

    def keeps(self, categories: Iterable[str]) -> bool:
        for category in categories:
            folded = category.casefold()
            if folded in self.prefixes or folded.startswith(self._dotted):
                return True
        return False

    def passes_over(self, line: str) -> bool:
        """True when a raw line can be passed over without decoding it: its categories
        are readable as they stand and none is wanted."""
        match = _RAW_CATEGORIES.search(line)
        return match is not None and not self.keeps(match.group(1).split())


def parse(
    text: str,
    source: str,
    *,
    year: int | None = None,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Read a snapshot already in memory; ``year`` is not used by this format. Files
    are streamed instead (``paperdeck.sources.streaming``)."""
    text = normalise_text(text)
    builder = ResultBuilder(source, progress=progress, text=text)
    for number, line in enumerate(text.split("\n"), start=1):
        add_line(builder, number, line)
    return builder.result


def add_line(
    builder: ResultBuilder, number: int, line: str, wanted: CategoryFilter | None = None
) -> bool:
    """Read one line of a snapshot into ``builder``: a paper, a problem, or nothing for
    a blank line or a record outside the ``wanted`` categories. Returns True when the
    line gave a paper."""
    if not line or line.isspace():
        return False
    if wanted is not None and wanted.passes_over(line):
        builder.result.passed_over += 1
        return False
    try:
        value = json.loads(line)
    except RecursionError:
        builder.problem(number, "is nested too deeply to read")
        return False
    except ValueError as error:
        builder.problem(number, f"is not JSON ({_json_reason(error)}): {snippet(line)}")
        return False
    if not isinstance(value, dict):
        builder.problem(number, "is not a JSON object")
        return False
    try:
        fields = record_fields(value)
    except RecordError as error:
        builder.problem(number, str(error))
        return False
    if wanted is not None and not wanted.keeps(fields["categories"]):
        builder.result.passed_over += 1
        return False
    if not (fields["title"] or "").strip() and not (fields["abstract"] or "").strip():
        builder.problem(number, "record has neither a title nor an abstract")
        return False
    return builder.add(number, **fields) is not None


def _json_reason(error: ValueError) -> str:
    return error.msg if isinstance(error, json.JSONDecodeError) else str(error)


def record_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The Paper fields of one decoded snapshot record; raises RecordError."""
    raw_id = _string(record, "id")
    arxiv_id = normalise_arxiv_id(raw_id)
    if arxiv_id is None:
        raise RecordError(
            "record has no arXiv id" if not raw_id else f'id "{snippet(raw_id, 30)}" is no arXiv id'
        )
    return {
        "arxiv_id": arxiv_id,
        "title": _string(record, "title"),
        "abstract": _string(record, "abstract"),
        "published": first_version_date(record.get("versions")),
        "author_names": author_names(record.get("authors_parsed")),
        "categories": tuple((_string(record, "categories") or "").split()),
    }


def _string(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise RecordError(f"{name} must be a string, not {type(value).__name__}")


def author_names(parsed: Any) -> tuple[str, ...]:
    """``authors_parsed`` as display names: ``["Maldacena", "Juan M.", ""]`` gives
    "Juan M. Maldacena"; a suffix follows (``["King", "Martin Luther", "Jr"]`` gives
    "Martin Luther King Jr"); affiliations (4th element on) are dropped."""
    if parsed is None:
        return ()
    if not isinstance(parsed, list):
        raise RecordError(_BAD_AUTHORS)
    names: list[str] = []
    # The hot loop of a large import (every author of millions of records): no more
    # than type checks and one f-string; Paper.create collapses the spaces of empty parts
    # and drops names left empty.
    for item in parsed:
        if type(item) is not list or len(item) < 3:
            raise RecordError(_BAD_AUTHORS)
        last, first, suffix = item[0], item[1], item[2]
        if type(last) is not str or type(first) is not str or type(suffix) is not str:
            raise RecordError(_BAD_AUTHORS)
        names.append(f"{first} {last} {suffix}" if suffix else f"{first} {last}")
    return tuple(names)


def first_version_date(versions: Any) -> str | None:
    """The ISO date of v1's ``created`` (``"Mon, 2 Apr 2007 19:18:42 GMT"`` gives
    2007-04-02); None when there is no v1 with a readable date."""
    if not isinstance(versions, Sequence) or isinstance(versions, str):
        return None
    first = next(
        (item for item in versions if isinstance(item, dict) and item.get("version") == "v1"),
        versions[0] if versions and isinstance(versions[0], dict) else None,
    )
    created = first.get("created") if first is not None else None
    if not isinstance(created, str) or len(created) > 64:
        return None
    try:
        return parsedate_to_datetime(created).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
