"""Small date helpers shared by the importers. Dates leave here as ISO strings."""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# "jun", "june", "sept" and "sep." all name a month; keys are lower case, no dot.
MONTHS: dict[str, int] = {}
for _number, _name in enumerate(_MONTH_NAMES, start=1):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

# Full dates, ISO datetimes (the date part is kept as written, whatever the zone),
# and partial dates. "2024/06/11" is accepted as well: people type it.
_ISO = re.compile(
    r"(?P<y>\d{4})(?:(?P<sep>[-/])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?)?)?",
    re.IGNORECASE,
)


def iso_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date, else None (``Feb 30``, year 0)."""
    try:
        return dt.date(year, month, day).isoformat()
    except (ValueError, OverflowError):
        return None


def month_number(value: str) -> int | None:
    """The month a name (``Jun``, ``June``, ``jun.``) or number (``6``, ``06``) stands for."""
    text = value.strip().rstrip(".").casefold()
    if text.isascii() and text.isdigit():
        # int() of a long digit string is slow, and refused past 4,300 digits.
        number = int(text) if len(text) <= 4 else 0
        return number if 1 <= number <= 12 else None
    return MONTHS.get(text)


def parse_iso(value: str) -> tuple[str | None, str | None] | None:
    """Read an ISO-like date: ``(published, date_hint)`` or None when it is no date.

    A full date (``2024-06-11``, ``2024-06-11T09:30:00Z``) gives ``published``; a partial
    one (``2024-06``, ``2024``) gives ``date_hint`` in ISO form (``2024-06``, ``2024``).
    """
    match = _ISO.fullmatch(value.strip())
    if not match:
        return None
    year = int(match["y"])
    if year < 1:
        return None
    if match["m"] is None:
        return None, f"{year:04d}"
    month = int(match["m"])
    if not 1 <= month <= 12:
        return None
    if match["d"] is None:
        return None, f"{year:04d}-{month:02d}"
    published = iso_date(year, month, int(match["d"]))
    return (published, None) if published else None
