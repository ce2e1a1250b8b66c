"""The abstracts format: one paper a line, ``Abstract:<text>``; no title, no id.

Blank lines are ignored. Every other line must start with ``Abstract:`` (any case,
spaces allowed around the colon); one that does not, or whose abstract is empty, is a
Problem and the rest of the file still imports. Titles are derived by ``Paper.create``.
"""

from __future__ import annotations

import re

from paperdeck.models import ParseResult
from paperdeck.sources.base import ProgressCallback, ResultBuilder, normalise_text, snippet

PREFIX = re.compile(r"[ \t]*abstract[ \t]*:", re.IGNORECASE)


def parse(
    text: str,
    source: str,
    *,
    year: int | None = None,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Read an abstracts file; ``year`` is not used by this format."""
    builder = ResultBuilder(source, progress=progress, text=text)
    for number, line in enumerate(normalise_text(text).split("\n"), start=1):
        if not line.strip():
            continue
        match = PREFIX.match(line)
        if not match:
            builder.problem(number, f'line does not start with "Abstract:": "{snippet(line)}"')
            continue
        abstract = line[match.end() :]
        if not abstract.strip():
            builder.problem(number, "the abstract is empty")
            continue
        builder.add(number, abstract=abstract)
    return builder.result
