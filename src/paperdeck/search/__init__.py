"""Search: the query language and one in-memory engine for the app and the CLI.

Pure Python and rapidfuzz; no Textual, no TinyDB. See docs/ARCHITECTURE.md, "Query language".
Modules, one job each: ``query`` (the parser), ``engine`` (SearchIndex: one
evaluation path and its caches), ``corpus`` and ``wordindex`` (the text and its
word lookups), ``text_terms`` (plain words by tiers, defined in ``tiers``, with
``initials``, ``stemming`` and ``typos``), ``phrases`` (the other text forms),
``fields``, ``numbers`` and ``states`` (the filters), ``columns`` and ``ranking``
(scores and order), ``cache``, ``titles`` (the person's own titles) and
``highlight``; ``matching`` holds the one-string definitions they share.
"""

from paperdeck.search.engine import SearchIndex, SearchResult, Spans
from paperdeck.search.query import Query, QueryError, parse_query

__all__ = ["Query", "QueryError", "SearchIndex", "SearchResult", "Spans", "parse_query"]
