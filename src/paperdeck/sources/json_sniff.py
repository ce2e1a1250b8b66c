"""Which of the two JSON shapes a text is: JSON Lines or one JSON document.

Only the first two lines are looked at, so detection stays cheap on a huge file.
"""

from __future__ import annotations

import json
import re
from typing import Any

# The keys under which a JSON document may hold its list of papers.
LIST_KEYS = ("papers", "items", "data")

# A first line longer than this is a one-line JSON document, not a JSON Lines record;
# the check keeps format detection cheap on a huge single-line file.
_RECORD_MAX = 1_000_000

WHITESPACE = re.compile(r"[ \t\n\r]*")


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
    space = WHITESPACE.match(text)
    first_char = text[space.end() : space.end() + 1] if space else ""
    if first_char == "[":
        return "json"
    if first_char != "{":
        return None
    lines = _first_lines(text, 2)
    first = lines[0]
    if _is_object_line(first):
        value = json.loads(first)
        if wrapped_list_key(value) and len(lines) == 1:
            return "json"
        return "jsonl"
    opener = first.rstrip().endswith(("{", "["))
    if not opener and len(lines) > 1 and _is_object_line(lines[1]):
        return "jsonl"
    return "json"


def wrapped_list_key(value: dict[str, Any]) -> str | None:
    for key in LIST_KEYS:
        if isinstance(value.get(key), list):
            return key
    return None
