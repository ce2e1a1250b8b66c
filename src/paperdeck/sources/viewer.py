"""The dataset-viewer format: a copied table of arXiv ids and abstracts.

The text starts with the viewer's column header (``arxiv_id``, ``stringlengths``, the
length range ``9``/``12``, ``abstract``, ``stringlengths``, ``431``/``13.8k``), then
lines alternate: an arXiv id (possibly with a ``vN`` version, which the key drops) and
its abstract. Blank lines are ignored. An id with no abstract after it (another id
follows, or the file ends: a truncated copy) is a Problem for that entry; a line where
an id was expected is a Problem too, and reading resumes at the next id.
"""

from __future__ import annotations

import re

from paperdeck.models import ParseResult, normalise_arxiv_id
from paperdeck.sources.base import ProgressCallback, ResultBuilder, normalise_text, snippet

# Header lines: column names and the viewer's length statistics ("9", "12", "13.8k").
_HEADER_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_ ]{0,40}|\d[\d.,]*\s*[kKmMbB]?")


def is_id_line(line: str) -> bool:
    """True when a line holds an arXiv id and nothing else."""
    return normalise_arxiv_id(line.strip()) is not None


def parse(
    text: str,
    source: str,
    *,
    year: int | None = None,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Read a dataset-viewer dump; ``year`` is not used by this format."""
    builder = ResultBuilder(source, progress=progress, text=text)
    pending: tuple[int, str] | None = None  # (line, id) of an id waiting for its abstract
    in_header = True
    for number, raw in enumerate(normalise_text(text).split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if is_id_line(line):
            in_header = False
            if pending is not None:
                builder.problem(pending[0], f"arXiv id {pending[1]} has no abstract after it")
            pending = (number, line)
            continue
        if pending is None:
            if in_header and _HEADER_LINE.fullmatch(line):
                continue
            builder.problem(number, f'expected an arXiv id, found "{snippet(line)}"')
            continue
        builder.add(pending[0], arxiv_id=pending[1], abstract=line)
        pending = None
    if pending is not None:
        builder.problem(
            pending[0], f"arXiv id {pending[1]} has no abstract after it (the file ends here)"
        )
    return builder.result
