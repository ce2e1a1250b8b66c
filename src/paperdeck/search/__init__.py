"""Search: the query language (query.py) and the in-memory index (engine.py).

Pure Python and rapidfuzz; no Textual, no TinyDB. See docs/ARCHITECTURE.md, "Query language".
"""

from paperdeck.search.engine import SearchIndex, SearchResult, Spans
from paperdeck.search.query import Query, QueryError, parse_query

__all__ = ["Query", "QueryError", "SearchIndex", "SearchResult", "Spans", "parse_query"]
