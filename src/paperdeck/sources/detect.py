"""Sniff which format a text is in, from its beginning only.

Detection reads at most the first 200 lines (and the first megabyte), so a 150 MB file
is recognised as quickly as a small one; the parser then reads the whole text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from paperdeck.sources.abstracts import PREFIX as ABSTRACT_PREFIX
from paperdeck.sources.base import BOM, normalise_text
from paperdeck.sources.daily import DATE, PREAMBLE, SEPARATOR
from paperdeck.sources.json_sniff import flavour
from paperdeck.sources.kaggle import is_snapshot_record
from paperdeck.sources.viewer import is_id_line

HEAD_CHARS = 1_000_000
HEAD_LINES = 200

_BIBTEX_BLOCK = re.compile(r"@\s*[A-Za-z]+\s*[{(]")


def _head_lines(text: str) -> list[str]:
    return normalise_text(text[:HEAD_CHARS]).split("\n", HEAD_LINES)[:HEAD_LINES]


def detect_format(text: str) -> str | None:
    """The name of the format ``text`` is in (one of ``FORMATS``), or None.

    JSON starts with ``[`` or ``{``, and JSON Lines whose first record has the keys of
    the Kaggle arXiv snapshot is that snapshot; BibTeX with an ``@type{`` block after optional
    ``%`` comments; a viewer dump with its ``arxiv_id`` header (or an id, an abstract,
    an id); an abstracts file with ``Abstract:``; a daily page with its preamble or an
    authors line, ``·`` and a date within the first 200 lines.
    """
    lines = _head_lines(text)
    filled = [line.strip() for line in lines if line.strip()]
    if not filled:
        return None
    first = filled[0]
    if first[0] in "[{":
        shape = flavour(text.removeprefix(BOM))
        # JSON Lines may start with a broken record: the first that decodes decides.
        record = next(filter(None, map(_decoded, filled[:2])), None)
        return "kaggle" if shape == "jsonl" and is_snapshot_record(record) else shape
    if _is_bibtex(filled):
        return "bibtex"
    if _is_viewer(filled):
        return "viewer"
    if ABSTRACT_PREFIX.match(first):
        return "abstracts"
    if _is_daily(lines, filled):
        return "daily"
    return None


def _decoded(line: str) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


def _is_bibtex(filled: list[str]) -> bool:
    for line in filled:
        if line.startswith("%"):
            continue
        return _BIBTEX_BLOCK.match(line) is not None
    return False


def _is_viewer(filled: list[str]) -> bool:
    if filled[0].casefold() == "arxiv_id":
        return len(filled) > 1 and (
            filled[1].casefold() == "stringlengths" or any(map(is_id_line, filled[1:12]))
        )
    # A dump copied without its header: id, abstract, id.
    return (
        len(filled) >= 3
        and is_id_line(filled[0])
        and not is_id_line(filled[1])
        and is_id_line(filled[2])
    )


def _is_daily(lines: list[str], filled: list[str]) -> bool:
    markers = {line.casefold() for line in filled[:12] if PREAMBLE.fullmatch(line)}
    if len(markers - {"new", "subscribe"}) >= 2:
        return True
    for index in range(1, len(lines) - 1):
        if (
            lines[index].strip() == SEPARATOR
            and lines[index - 1].strip()
            and DATE.match(lines[index + 1].strip())
        ):
            return True
    return False
