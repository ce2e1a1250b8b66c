"""corpus.json: the papers and the import records, as one TinyDB document.

Layout 1 (no marker) keeps one document per paper in the papers table, keyed by
paper key, each a dict of fields. Layout 2 keeps one document,
{"layout": 2, "fields": [names], "rows": [[values in that order], ...]}: without a
dict per paper the file is 9% smaller, and it loads about twice as fast with its
papers (0.45 s against 0.9 s at 100,000 papers, measured) in 100 MB less memory.
Both are read; imports write layout 2.

Every import also writes a *generation*, a number one higher than the corpus it
replaced, in a table of its own at the very start of the file, so that derived files
(the persisted search index, the column file, the recommender's vectors) can tell
whether they were built from this corpus by reading a few bytes of it
(:func:`read_generation`), not the whole file. A corpus without one (written before
generations) is generation 0.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from ..models import PAPER_FIELDS, Paper, papers_from_rows
from .records import ImportRecord

META_TABLE = "meta"
PAPERS_TABLE = "papers"
IMPORTS_TABLE = "imports"
CORPUS_LAYOUT = 2
LAYOUT_DOC_ID = "1"
_TITLE_DERIVED_FIELD = PAPER_FIELDS.index("title_derived")
# Fields JSON stores as lists and Paper holds as tuples.
_TUPLE_FIELDS = tuple(
    PAPER_FIELDS.index(name) for name in ("sources", "author_names", "categories")
)
_paper_row = attrgetter(*PAPER_FIELDS)
# How the file starts when it has a generation: orjson writes keys in order, with
# no spaces, and corpus_document puts the meta table first.
_GENERATION_AT_START = re.compile(rb'\{"meta":\{"1":\{"generation":(\d{1,18})[,}]')
_HEAD_BYTES = 64
# corpus_chunks encodes this many rows at a time: a million papers as one
# orjson.dumps held about 1.3 GB of bytes beside the papers; a piece is ~13 MB.
CHUNK_ROWS = 10_000
_ROWS_MARK = b'"rows":[]'


class Corpus(NamedTuple):
    """What corpus.json holds: the papers in import order, the import records, and
    the generation (see the module docstring)."""

    papers: list[Paper]
    imports: list[ImportRecord]
    generation: int


def corpus_document(
    papers: list[Paper], imports: list[ImportRecord], generation: int = 0
) -> dict[str, Any]:
    """The whole corpus.json content, in layout 2, with its generation first."""
    rows = list(map(_paper_row, papers))
    layout = {"layout": CORPUS_LAYOUT, "fields": PAPER_FIELDS, "rows": rows}
    return {
        META_TABLE: {LAYOUT_DOC_ID: {"generation": generation}},
        PAPERS_TABLE: {LAYOUT_DOC_ID: layout},
        IMPORTS_TABLE: {str(number): record for number, record in enumerate(imports, 1)},
    }


def corpus_chunks(
    papers: list[Paper], imports: list[ImportRecord], generation: int = 0
) -> Iterator[bytes]:
    """``orjson.dumps(corpus_document(...))``, byte for byte, as pieces of CHUNK_ROWS
    rows each, for an atomic write that never holds the whole file in memory."""
    frame = orjson.dumps(corpus_document([], imports, generation))
    head, tail = frame.split(_ROWS_MARK, 1)  # the first: meta holds no rows
    yield head + b'"rows":['
    for start in range(0, len(papers), CHUNK_ROWS):
        rows = list(map(_paper_row, papers[start : start + CHUNK_ROWS]))
        piece = orjson.dumps(rows)[1:-1]
        yield piece if start == 0 else b"," + piece
    yield b"]" + tail


def read_generation(path: Path) -> int:
    """The generation of the corpus.json at ``path`` from its first bytes: 0 for a
    missing file or one without a generation. Raises OSError when unreadable."""
    try:
        with open(path, "rb") as file:
            head = file.read(_HEAD_BYTES)
    except FileNotFoundError:
        return 0
    found = _GENERATION_AT_START.match(head)
    return int(found.group(1)) if found else 0


def corpus_size(path: Path) -> int:
    """The size of corpus.json in bytes, 0 when missing: derived files keep it beside
    the generation, so that a corpus written by a paperdeck without generations
    (generation 0 again) is still told apart in all but freak cases."""
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


def read_corpus(document: dict[str, Any]) -> Corpus:
    """The papers, in import order, the import records and the generation of a
    corpus document. Raises ValueError (or KeyError, TypeError) for a damaged record."""
    papers: list[Paper] = []
    for doc in document.get(PAPERS_TABLE, {}).values():
        if "layout" in doc:
            papers.extend(_read_layout(doc))
        else:
            papers.append(Paper.from_dict(doc))
    imports: list[ImportRecord] = list(document.get(IMPORTS_TABLE, {}).values())
    if not all(isinstance(p.key, str) and isinstance(p.title, str) for p in papers):
        raise ValueError("a paper without a key or a title")
    if not all(isinstance(record.get("time"), str) for record in imports):
        raise ValueError("an import record without a time")
    meta = document.get(META_TABLE, {}).get(LAYOUT_DOC_ID, {})
    generation = meta.get("generation", 0) if isinstance(meta, dict) else 0
    if not isinstance(generation, int) or isinstance(generation, bool) or generation < 0:
        raise ValueError(f"a corpus generation {generation!r} that is not a count")
    return Corpus(papers, imports, generation)


def _read_layout(doc: dict[str, Any]) -> list[Paper]:
    """The papers of a layout-2 document (see CORPUS_LAYOUT)."""
    if doc["layout"] != CORPUS_LAYOUT:
        # Also what a file from a newer paperdeck looks like: set aside, never lost.
        raise ValueError(f"unknown corpus layout {doc['layout']!r}")
    names = doc["fields"]
    rows = doc["rows"]
    if not isinstance(names, list) or not isinstance(rows, list):
        raise ValueError("a layout without fields or rows")
    if tuple(names) != PAPER_FIELDS:
        # Written with other fields (say, by another version): map them by name.
        rows = _rows_in_field_order(names, rows)
    width = len(PAPER_FIELDS)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a paper row with {len(row)} values for {width} fields")
        # The only values not stored as Paper holds them: JSON has no tuples.
        for position in _TUPLE_FIELDS:
            row[position] = tuple(row[position])
        row[_TITLE_DERIVED_FIELD] = bool(row[_TITLE_DERIVED_FIELD])
    return papers_from_rows(rows)


def _rows_in_field_order(names: list[Any], rows: list[Any]) -> list[list[Any]]:
    """Rows of ``names`` rearranged into PAPER_FIELDS order; a field the file lacks
    gets its default, one Paper lacks is dropped, and key and title are required."""
    if len(set(names)) != len(names) or "key" not in names or "title" not in names:
        raise ValueError(f"corpus fields {names!r} lack key or title, or repeat one")
    defaults = Paper(key="", title="", abstract="")
    where = {name: position for position, name in enumerate(names)}
    picks = [(where.get(name), getattr(defaults, name)) for name in PAPER_FIELDS]
    width = len(names)
    reordered = []
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a paper row with {len(row)} values for {width} fields")
        reordered.append([default if at is None else row[at] for at, default in picks])
    return reordered
