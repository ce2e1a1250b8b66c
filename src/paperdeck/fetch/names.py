"""Author lines as arXiv's listing feeds write them, made into ordered names.

The feeds give one ``dc:creator`` string: ``First Last (Affil 1, Affil 2), First
Last, …``. Affiliations hold commas, so the line is split on commas outside
parentheses, and each affiliation is dropped. Names keep arXiv's TeX accents
(``M\\"uller``); the BibTeX importer's ``latex_to_text`` turns them into letters
(``Müller``), one decoder for every source.
"""

from __future__ import annotations

from ..sources.latex import latex_to_text


def split_creators(line: str) -> tuple[str, ...]:
    """The names of a ``dc:creator`` line, in order, without affiliations."""
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for char in line:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            names.append("".join(current))
            current = []
            continue
        elif depth == 0:
            current.append(char)
    names.append("".join(current))
    cleaned = (" ".join(latex_to_text(name).split()) for name in names)
    return tuple(name.removeprefix("and ") for name in cleaned if name)
