"""BibTeX ``author`` fields as ordered display names ("First Last").

BibTeX separates names by ``and`` outside braces and writes each name in one of three
forms: ``First von Last``, ``von Last, First`` or ``von Last, Jr, First``. A braced
name (``{Barnes and Noble}``, ``{Google DeepMind}``) is one name, kept as written; a
trailing ``and others`` says the list is cut short. LaTeX (``{\\"o}``, ``\\'{e}``) is
decoded with the same rules as titles (``latex.py``).
"""

from __future__ import annotations

import re

from paperdeck.models import clean_text
from paperdeck.sources.latex import latex_to_text

_AND = re.compile(r"\s+and\s+")
# "~" in a name is always a tie ("D.~E. Knuth"), never the tilde accent "\~".
_TIE = re.compile(r"(?<!\\)~")
OTHERS = "others"


def split_outside_braces(text: str, separator: re.Pattern[str]) -> list[str]:
    """``text`` split where ``separator`` matches outside braces (a match that starts
    inside a braced group does not split)."""
    depth_at: list[int] = []
    depth = 0
    for char in text:
        depth_at.append(depth)
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
    parts: list[str] = []
    start = 0
    for match in separator.finditer(text):
        if depth_at[match.start()] == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


_COMMA = re.compile(r",")


def display_name(name: str) -> str:
    """One BibTeX name in display form: ``Knuth, Donald E.`` -> ``Donald E. Knuth``,
    ``King, Jr, Martin Luther`` -> ``Martin Luther King Jr``, ``M{\\"u}ller`` ->
    ``Müller``."""
    parts = [
        clean_text(latex_to_text(_TIE.sub(" ", part)))
        for part in split_outside_braces(name, _COMMA)
    ]
    if len(parts) == 1:
        return parts[0]
    last, first = parts[0], parts[-1]
    junior = " ".join(part for part in parts[1:-1] if part)
    return " ".join(part for part in (first, last, junior) if part)


def bibtex_names(value: str | None) -> tuple[tuple[str, ...], int | None]:
    """``(names, count)`` of an ``author`` field. ``others`` is not a name but counts
    as one (the list is longer than what it names); braced text never splits."""
    if value is None:
        return (), None
    raw = [part.strip() for part in split_outside_braces(value.strip(), _AND)]
    raw = [part for part in raw if part.strip("{} ")]
    names = tuple(name for name in (display_name(part) for part in raw if part != OTHERS) if name)
    return names, len(raw) or None
