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
  The names, in order, from ``author_names`` (paperdeck's own export: a list), else
  from ``authors``: a list of names (``"Last, First"`` is turned round) or of objects
  with ``name`` (or CSL's ``given`` and ``family``), or a string split at ``,``, ``;``,
  ``&`` and ``and`` (BibTeX's ``"Doe, Jane and Roe, Richard"`` read as BibTeX does).
- ``categories``: a list, or arXiv's space-separated string (``"cs.LG stat.ML"``);
  ``primary_category``, when present, goes first.
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

from paperdeck.models import ParseResult
from paperdeck.sources.base import ProgressCallback, ResultBuilder, normalise_text
from paperdeck.sources.json_records import add_record
from paperdeck.sources.json_sniff import LIST_KEYS, flavour
from paperdeck.sources.json_walker import document_records, json_lines

# Its seams are modules of their own: json_sniff (which shape), json_walker (records
# with their lines) and json_records (one record as a paper).
__all__ = ["LIST_KEYS", "flavour", "parse"]


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
    records = document_records(text, builder) if is_document else json_lines(text)
    for line, value, error in records:
        if error is not None:
            builder.problem(line, error)
        else:
            add_record(builder, line, value)
    return builder.result
