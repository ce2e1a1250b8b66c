"""One decoded JSON object as a paper: which fields are read, checked and converted.

See ``jsonl`` for the fields. A field of the wrong type or form is a FieldError, which
the reader reports as a problem naming the line.
"""

from __future__ import annotations

import re
from typing import Any

from paperdeck.models import PaperState, normalise_arxiv_id, split_tags
from paperdeck.sources.base import ResultBuilder, snippet
from paperdeck.sources.bibtex_names import bibtex_names
from paperdeck.sources.dates import parse_iso
from paperdeck.sources.json_walker import not_object

_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_COUNT = re.compile(r"(\d{1,6})(?:\s+authors?)?", re.IGNORECASE)


class FieldError(Exception):
    """A field of a record holds a value of the wrong type or form."""


def add_record(builder: ResultBuilder, line: int, value: Any) -> None:
    if not isinstance(value, dict):
        builder.problem(line, not_object(value))
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
        "author_names": _author_names(record),
        "categories": _categories(record),
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


# The largest count stored: what a signed 64-bit integer holds, which the library's
# JSON files (and most programs reading them) can represent.
MAX_COUNT = 2**63 - 1


def _count(value: Any, name: str) -> int | None:
    """A non-negative whole number up to MAX_COUNT, given as a number or as digits in
    a string."""
    if value is None:
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        number = value
    elif isinstance(value, float) and value.is_integer() and value >= 0:
        number = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        digits = value.strip().lstrip("0") or "0"
        # Python refuses to convert strings of over 4,300 digits; none is a count.
        number = int(digits) if len(digits) <= 19 else MAX_COUNT + 1
    if number is None:
        raise FieldError(f"{name} must be a whole number, not {_kind(value)}")
    if number > MAX_COUNT:
        raise FieldError(f"{name} is out of range (at most {MAX_COUNT:,})")
    return number


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


def _author_names(record: dict[str, Any]) -> tuple[str, ...]:
    """Names from ``author_names`` (paperdeck's own export), else from ``authors``."""
    own = record.get("author_names")
    if own is not None:
        if not isinstance(own, list) or not all(isinstance(name, str) for name in own):
            raise FieldError(f"author_names must be a list of names, not {_kind(own)}")
        return tuple(own)
    value = record.get("authors")
    if isinstance(value, list):
        return tuple(name for name in map(_listed_name, value) if name)
    if not isinstance(value, str) or _COUNT.fullmatch(value.strip()):
        return ()
    text = value.strip()
    by_and = re.split(r"\s+and\s+", text)
    if len(by_and) > 1 and all(part.count(",") == 1 for part in by_and):
        # BibTeX style, "Doe, Jane and Roe, Richard", as _authors counts it.
        return bibtex_names(text)[0]
    return tuple(part for part in _AUTHOR_SPLIT.split(text) if part.strip())


# What follows a comma in a name that is not "Last, First": "Acme, Inc.", "King, Jr.".
_NOT_FIRST = frozenset({"", "inc", "ltd", "llc", "co", "jr", "sr", "ii", "iii", "iv"})


def _listed_name(item: Any) -> str | None:
    """One element of an ``authors`` list: a name, ``"Last, First"``, or an object with
    ``name`` (Hugging Face, many APIs) or ``given``/``family`` (CSL JSON)."""
    if isinstance(item, dict):
        name = item.get("name")
        if isinstance(name, str):
            return name
        parts = [item.get("given"), item.get("family")]
        return " ".join(part for part in parts if isinstance(part, str)) or None
    if not isinstance(item, str):
        return None
    last, comma, first = item.partition(",")
    if comma and "," not in first and first.strip().rstrip(".").lower() not in _NOT_FIRST:
        return f"{first.strip()} {last.strip()}"
    return item


def _categories(record: dict[str, Any]) -> tuple[str, ...]:
    """``categories`` as a list or a space-separated string (arXiv's own form), with
    ``primary_category`` first when the record names one."""
    value = record.get("categories")
    if value is None:
        listed: list[str] = []
    elif isinstance(value, str):
        listed = value.split()
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        listed = value
    else:
        raise FieldError(
            f"categories must be a list or a space-separated string, not {_kind(value)}"
        )
    primary = _text(record, "primary_category")
    return (primary, *listed) if primary else tuple(listed)


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
