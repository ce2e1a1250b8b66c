"""Answers of the arXiv API (``export.arxiv.org/api/query``), both layouts.

arXiv replaced the API on 2025-11-11 and the XML changed (FORMATS §1.2): namespaces
declared on the feed or on each element, links with or without ``rel``, entry
children in another order, titles one line or hard-wrapped. feedparser reads both;
this module reads only what both share, by name and namespace URI, never by
position or prefix:

- the id from the entry's ``<id>`` (``http://arxiv.org/abs/2611.06021v2``), version
  dropped (never guessed from the dates);
- title and abstract with whitespace collapsed, ``published`` (v1's day), the
  authors' names in order, the categories (``arxiv:primary_category`` first);
- an error: an entry titled ``Error`` whose id is under ``/api/errors``, its text
  in ``<summary>`` (HTTP 400, or in a 200 answer).

Ids the API does not know are left out of the answer (or, in the legacy layout, an
empty entry with no id came back): the caller compares what it asked with what came.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..models import normalise_arxiv_id
from .endpoints import ARXIV_API
from .errors import RequestRejected
from .feeds_common import (
    ARXIV_NS,
    OPENSEARCH_NS,
    categories_of,
    collapsed,
    day_of,
    namespaced,
    parse_feed,
)
from .http import Answer
from .records import FetchedPaper

_ABS = re.compile(r"/abs/(.+?)/?$")

# How many ids one id_list request asks for at most (arXiv's page size of choice).
ID_BATCH = 100


@dataclass(frozen=True, slots=True)
class ApiPage:
    """The papers of one answer and the total the feed says matched (None: not said)."""

    papers: list[FetchedPaper]
    total: int | None


def read_answer(answer: Answer, service: str = ARXIV_API) -> ApiPage:
    """The papers of an API answer; RequestRejected with arXiv's own words for an
    error, ServiceUnavailable for an answer that is no whole feed."""
    parsed = parse_feed(service, answer.body)
    entries: list[Any] = list(parsed.get("entries", []))
    error = next((e for e in entries if _is_error(e)), None)
    if error is not None or answer.status == 400:
        said = collapsed(error.get("summary")) if error is not None else ""
        raise RequestRejected(service, f"refused the request: {said or 'HTTP 400'}")
    primary = namespaced(parsed, ARXIV_NS, "primary_category", "arxiv")
    papers = [paper for paper in (_paper(e, primary) for e in entries) if paper is not None]
    total_key = namespaced(parsed, OPENSEARCH_NS, "totalresults", "opensearch")
    total = str(parsed.get("feed", {}).get(total_key, "")).strip()
    return ApiPage(papers, int(total) if total.isdigit() else None)


def _is_error(entry: Any) -> bool:
    return collapsed(entry.get("title")) == "Error" and "/api/errors" in str(entry.get("id", ""))


def _paper(entry: Any, primary_key: str) -> FetchedPaper | None:
    found = _ABS.search(str(entry.get("id", "")).strip())
    arxiv_id = normalise_arxiv_id(found.group(1)) if found else None
    if arxiv_id is None:
        return None  # the legacy layout's empty entry for an id it does not know
    names = tuple(
        name for name in (collapsed(a.get("name")) for a in entry.get("authors", [])) if name
    )
    return FetchedPaper(
        arxiv_id=arxiv_id,
        title=collapsed(entry.get("title")),
        abstract=collapsed(entry.get("summary")),
        published=day_of(entry.get("published")),
        author_names=names,
        categories=categories_of(entry, primary_key),
    )


def id_batches(ids: list[str], size: int = ID_BATCH) -> list[list[str]]:
    """``ids`` in requests of at most ``size``."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def id_list_params(ids: list[str]) -> dict[str, str]:
    """The query of one id_list request. ``max_results`` is the batch's size: the
    API's default of 10 would cut a batch of 100 to its first ten."""
    return {"id_list": ",".join(ids), "max_results": str(len(ids))}


def search_params(query: str, limit: int, *, newest_first: bool = True) -> dict[str, str]:
    """The query of a search, newest submissions first (else the best matches first:
    a title search wants the paper of that title, however old)."""
    return {
        "search_query": query,
        "sortBy": "submittedDate" if newest_first else "relevance",
        "sortOrder": "descending",
        "start": "0",
        "max_results": str(limit),
    }


# -- finding papers by title ----------------------------------------------------------

# Titles a title search asks for at once: ti:"…" OR ti:"…" stays a short URL.
TITLE_BATCH = 5
_NOT_WORD = re.compile(r"[^\w\s-]+")


def title_phrase(title: str) -> str:
    """A title as an exact ``ti:"…"`` phrase: quotes, brackets, colons and other
    signs the query language reads are spaces (the search ignores them anyway)."""
    words = _NOT_WORD.sub(" ", title).replace("_", " ").split()
    return f'ti:"{" ".join(words)}"'


def title_query(titles: list[str]) -> str:
    """One search for several titles: ``ti:"a" OR ti:"b"``."""
    return " OR ".join(title_phrase(title) for title in titles)
