"""JSON Lines and JSON documents of papers, including paperdeck's own JSON export.

Two shapes, one reader: JSON Lines (one object a line, blank lines allowed), or a JSON
document that is a list of objects, an object holding that list under ``papers``,
``items`` or ``data``, or a single paper object.

Fields read (others are ignored):

- ``title``; ``abstract`` or ``summary``. An object needs at least one of them.
- the arXiv id from ``arxiv_id``, ``eprint``, ``arxiv``, ``id`` (when it is an arXiv
  id), ``url`` (an arXiv link) or ``doi`` (``10.48550/arXiv.…``).
- ``published``, ``date`` or ``date_hint``: ``YYYY-MM-DD`` or an ISO datetime gives
  ``published``; ``YYYY-MM`` or ``YYYY`` gives ``date_hint``.
- ``authors``: a count, a list (its length) or a string ``"A and B"`` / ``"A, B"``.
- ``org``, ``upvotes``.
- ``sources``: the files a paper first came from, as paperdeck's own export writes
  them, so that a restored backup keeps them (otherwise the file being read).
- user state: ``tags`` (a list or a comma-separated string), ``starred``, ``read``,
  ``note``, ``starred_at``, ``read_at`` (and ``updated_at``). When any of these is set
  the entry carries a PaperState.

A line that is not JSON, not an object, has neither title nor abstract, or holds a field
of the wrong type (``"upvotes": "many"``) is a Problem naming the line; the rest imports.
In a JSON document each element's line is where the element starts; a syntax error ends
the reading there (with a Problem), keeping the papers before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from paperdeck.models import PaperState, ParseResult, normalise_arxiv_id, split_tags
from paperdeck.sources.base import ProgressCallback, ResultBuilder, normalise_text, snippet
from paperdeck.sources.dates import parse_iso

LIST_KEYS = ("papers", "items", "data")

# A first line longer than this is a one-line JSON document, not a JSON Lines record;
# the check keeps format detection cheap on a huge single-line file.
_RECORD_MAX = 1_000_000

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_COUNT = re.compile(r"(\d{1,6})(?:\s+authors?)?", re.IGNORECASE)


class FieldError(Exception):
    """A field of a record holds a value of the wrong type or form."""


def _first_lines(text: str, count: int) -> list[str]:
    """Up to ``count`` non-blank lines from the start of ``text``, each cut at _RECORD_MAX + 1."""
    lines: list[str] = []
    pos = 0
    while len(lines) < count and pos < len(text):
        end = text.find("\n", pos, pos + _RECORD_MAX + 1)
        line = text[pos : end if end >= 0 else pos + _RECORD_MAX + 1]
        if line.strip():
            lines.append(line)
        if end < 0:
            break
        pos = end + 1
    return lines


def _is_object_line(line: str) -> bool:
    """True when a line holds one complete JSON object."""
    if len(line) > _RECORD_MAX or not line.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def flavour(text: str) -> str | None:
    """``"jsonl"`` for JSON Lines, ``"json"`` for a JSON document, None for neither.

    Looks at the first two lines only. JSON Lines starts with a complete object on one
    line (that is not a lone wrapper holding the list of papers), or with a broken
    record followed by a complete one; a document opens with ``[``, or with a ``{``
    whose first line does not close.
    """
    space = _WHITESPACE.match(text)
    first_char = text[space.end() : space.end() + 1] if space else ""
    if first_char == "[":
        return "json"
    if first_char != "{":
        return None
    lines = _first_lines(text, 2)
    first = lines[0]
    if _is_object_line(first):
        value = json.loads(first)
        if _wrapped_list_key(value) and len(lines) == 1:
            return "json"
        return "jsonl"
    opener = first.rstrip().endswith(("{", "["))
    if not opener and len(lines) > 1 and _is_object_line(lines[1]):
        return "jsonl"
    return "json"


def _wrapped_list_key(value: dict[str, Any]) -> str | None:
    for key in LIST_KEYS:
        if isinstance(value.get(key), list):
            return key
    return None


def parse(
    text: str,
    source: str,
    *,
    year: int | None = None,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Read JSON Lines or a JSON document of papers; ``year`` is not used by this format."""
    text = normalise_text(text)
    builder = ResultBuilder(source, progress=progress, text=text)
    is_document = flavour(text) == "json"
    records = _document_records(text, builder) if is_document else _lines(text)
    for line, value, error in records:
        if error is not None:
            builder.problem(line, error)
        else:
            _record(builder, line, value)
    return builder.result


# (line, decoded value, None) or (line, None, why the value could not be read).
Record = tuple[int, Any, str | None]


def _lines(text: str) -> Iterator[Record]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, None, f"line is not valid JSON ({error.msg} at column {error.colno})"
            continue
        except (ValueError, RecursionError) as error:
            yield number, None, f"line is not valid JSON ({_reason(error)})"
            continue
        yield number, value, None


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, json.JSONDecodeError):
        return error.msg
    return snippet(str(error), 80)


def _not_object(value: Any) -> str:
    kinds = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}
    kind = kinds.get(type(value), "a number")
    return f"expected a JSON object for a paper, found {kind}"


class _Walker:
    """Steps through a JSON document and knows the line of every position it visits."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._line_pos = 0
        self._line = 1

    def line(self, pos: int) -> int:
        """The 1-based line of ``pos``; positions asked for never move backwards."""
        # Counting newlines from the last position asked for keeps the walk linear.
        if pos > self._line_pos:
            self._line += self.text.count("\n", self._line_pos, pos)
            self._line_pos = pos
        return self._line

    def skip_space(self) -> str:
        """Move past whitespace and return the next character ("" at the end)."""
        match = _WHITESPACE.match(self.text, self.pos)
        if match:
            self.pos = match.end()
        return self.text[self.pos : self.pos + 1]

    def value(self) -> Any:
        """Decode the value at the position and move past it."""
        value, self.pos = _DECODER.raw_decode(self.text, self.pos)
        return value

    def expect(self, char: str) -> None:
        """Move past ``char`` after optional whitespace, or raise ValueError."""
        if self.skip_space() != char:
            found = self.text[self.pos : self.pos + 1]
            where = f"found {found!r}" if found else "found the end of the file"
            raise ValueError(f"expected {char!r}, {where}")
        self.pos += 1

    def elements(self) -> Iterator[tuple[int, Any]]:
        """The elements of the array at the position, each with the line it starts on."""
        self.expect("[")
        if self.skip_space() == "]":
            self.pos += 1
            return
        while True:
            self.skip_space()
            line = self.line(self.pos)
            yield line, self.value()
            if self.skip_space() == ",":
                self.pos += 1
                continue
            self.expect("]")
            return


def _document_records(text: str, builder: ResultBuilder) -> Iterator[Record]:
    walker = _Walker(text)
    try:
        if walker.skip_space() == "[":
            yield from _elements(walker, builder)
        else:
            yield from _object_records(walker, builder)
        if walker.skip_space():
            raise ValueError("extra data after the end of the document")
    except (ValueError, RecursionError) as error:
        pos = error.pos if isinstance(error, json.JSONDecodeError) else walker.pos
        yield (
            walker.line(pos),
            None,
            f"invalid JSON ({_reason(error)}); the rest of the file was not read",
        )


def _elements(walker: _Walker, builder: ResultBuilder) -> Iterator[Record]:
    empty = True
    for line, value in walker.elements():
        empty = False
        if isinstance(value, dict):
            yield line, value, None
        else:
            yield line, None, _not_object(value)
    if empty:
        builder.problem(walker.line(walker.pos), "the JSON list holds no papers")


def _object_records(walker: _Walker, builder: ResultBuilder) -> Iterator[Record]:
    """A top-level object: a wrapper with the list under a known key, or one paper."""
    start_line = walker.line(walker.pos)
    walker.expect("{")
    members: dict[str, Any] = {}
    wrapper = False
    if walker.skip_space() == "}":
        walker.pos += 1
    else:
        while True:
            walker.skip_space()
            key = walker.value()
            if not isinstance(key, str):
                raise ValueError("expected a property name in double quotes")
            walker.expect(":")
            if walker.skip_space() == "[" and key in LIST_KEYS and not wrapper:
                wrapper = True
                yield from _elements(walker, builder)
            else:
                members[key] = walker.value()
            if walker.skip_space() == ",":
                walker.pos += 1
                continue
            walker.expect("}")
            break
    if not wrapper:
        yield start_line, members, None


# --- one record --------------------------------------------------------------------


def _record(builder: ResultBuilder, line: int, value: Any) -> None:
    if not isinstance(value, dict):
        builder.problem(line, _not_object(value))
        return
    try:
        fields = _paper_fields(value)
        state = _state_fields(value)
    except FieldError as error:
        builder.problem(line, str(error))
        return
    if not (fields.get("title") or "").strip() and not (fields.get("abstract") or "").strip():
        builder.problem(line, "record has neither a title nor an abstract")
        return
    builder.add(
        line,
        **fields,
        state=(lambda paper: PaperState(key=paper.key, **state)) if state is not None else None,
    )


def _text(record: dict[str, Any], *names: str) -> str | None:
    """The first of the named fields that is set, which must be a string."""
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise FieldError(f"{name} must be a string, not {_kind(value)}")
        return value
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'"{snippet(value, 30)}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _paper_fields(record: dict[str, Any]) -> dict[str, Any]:
    published, date_hint = _date(record)
    return {
        "title": _text(record, "title"),
        "abstract": _text(record, "abstract", "summary"),
        "arxiv_id": _arxiv_id(record),
        "published": published,
        "date_hint": date_hint,
        "authors": _authors(record.get("authors")),
        "org": _text(record, "org"),
        "upvotes": _count(record.get("upvotes"), "upvotes"),
        "sources": _sources(record.get("sources")),
    }


def _sources(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise FieldError(f"sources must be a list of file names, not {_kind(value)}")
    return tuple(name for name in value if name.strip()) or None


def _arxiv_id(record: dict[str, Any]) -> str | None:
    for name in ("arxiv_id", "eprint", "arxiv"):
        value = _text(record, name)
        if value is None or not value.strip():
            continue
        arxiv_id = normalise_arxiv_id(value)
        if arxiv_id is None:
            raise FieldError(f'{name} "{snippet(value, 40)}" is not an arXiv id')
        return arxiv_id
    # These fields hold other kinds of identifiers too; only arXiv ones count.
    for name in ("id", "url", "doi"):
        value = record.get(name)
        if not isinstance(value, str):
            continue
        arxiv_id = normalise_arxiv_id(value)
        if arxiv_id:
            return arxiv_id
    return None


def _date(record: dict[str, Any]) -> tuple[str | None, str | None]:
    # "date_hint" is what paperdeck's own export writes for a partial date.
    for name in ("published", "date", "date_hint"):
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            return None, f"{value:04d}"
        parsed = parse_iso(value) if isinstance(value, str) else None
        if parsed is None:
            raise FieldError(
                f"{name} {_kind(value)} is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"
            )
        return parsed
    return None, None


def _count(value: Any, name: str) -> int | None:
    """A non-negative whole number, given as a number or as digits in a string."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    raise FieldError(f"{name} must be a whole number, not {_kind(value)}")


def _authors(value: Any) -> int | None:
    if isinstance(value, list):
        return len(value)
    if not isinstance(value, str):
        return _count(value, "authors")
    text = value.strip()
    if not text:
        return None
    match = _COUNT.fullmatch(text)
    if match:
        return int(match.group(1))
    by_and = re.split(r"\s+and\s+", text)
    if len(by_and) > 1 and all(part.count(",") == 1 for part in by_and):
        # BibTeX style, "Doe, Jane and Roe, Richard": the commas are inside names.
        return len(by_and)
    return len([part for part in _AUTHOR_SPLIT.split(text) if part.strip()])


_STATE_FIELDS = ("tags", "starred", "read", "note", "starred_at", "read_at")


def _state_fields(record: dict[str, Any]) -> dict[str, Any] | None:
    """PaperState fields (without the key) when the record holds any user state."""
    if all(record.get(name) is None for name in _STATE_FIELDS):
        return None
    state: dict[str, Any] = {
        "tags": _tags(record.get("tags")),
        "starred": _flag(record.get("starred"), "starred"),
        "read": _flag(record.get("read"), "read"),
        "note": _text(record, "note") or "",
    }
    for name in ("starred_at", "read_at", "updated_at"):
        state[name] = _text(record, name)
    return state


def _flag(value: Any, name: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise FieldError(f"{name} must be true or false, not {_kind(value)}")


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        raw = [value]
    elif isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                raise FieldError(f"tags must be strings, not {_kind(item)}")
        raw = value
    else:
        raise FieldError(f"tags must be a list or a comma-separated string, not {_kind(value)}")
    return split_tags(raw)
