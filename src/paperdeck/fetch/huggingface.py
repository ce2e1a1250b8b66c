"""Hugging Face Daily Papers (``/api/daily_papers?date=YYYY-MM-DD``), FORMATS §3.

The body is a bare JSON list of items, each with a ``paper`` object; every key but
``paper.id`` (an arXiv id without version) and the titles is optional, and the
order is not promised (so the list is sorted here, most upvotes first). Names come
from ``paper.authors[].name`` (hidden ones left out), upvotes from ``paper.upvotes``,
the organisation from ``organization.fullname``, the day from ``paper.publishedAt``.
An error is JSON ``{"error": "…"}`` (or an ``X-Error-Message`` header).
"""

from __future__ import annotations

import json
from typing import Any

from ..models import normalise_arxiv_id
from .endpoints import HUGGING_FACE
from .errors import RequestRejected, ServiceUnavailable
from .feeds_common import collapsed, day_of
from .http import Answer
from .records import FetchedPaper


def read_daily_papers(answer: Answer, service: str = HUGGING_FACE) -> list[FetchedPaper]:
    """The papers of a Daily Papers answer, most upvoted first."""
    try:
        data = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ServiceUnavailable(service, f"the answer is not whole JSON ({error})") from None
    if answer.status == 400 or isinstance(data, dict):
        said = collapsed(data.get("error")) if isinstance(data, dict) else ""
        raise RequestRejected(service, f"refused the request: {said or 'HTTP 400'}")
    if not isinstance(data, list):
        raise ServiceUnavailable(service, "the answer is not a list of papers")
    papers = [paper for paper in map(_paper, data) if paper is not None]
    papers.sort(key=lambda paper: -(paper.upvotes or 0))
    return papers


def _paper(item: Any) -> FetchedPaper | None:
    if not isinstance(item, dict) or not isinstance(item.get("paper"), dict):
        return None
    paper: dict[str, Any] = item["paper"]
    arxiv_id = normalise_arxiv_id(str(paper.get("id") or ""))
    if arxiv_id is None:
        return None
    authors = paper.get("authors")
    names = tuple(
        collapsed(author.get("name"))
        for author in (authors if isinstance(authors, list) else [])
        if isinstance(author, dict) and author.get("name") and not author.get("hidden")
    )
    upvotes = paper.get("upvotes")
    organisation = item.get("organization") or paper.get("organization")
    org = organisation.get("fullname") if isinstance(organisation, dict) else None
    return FetchedPaper(
        arxiv_id=arxiv_id,
        # The top-level title is clean; the paper's may carry arXiv's hard wraps.
        title=collapsed(item.get("title") or paper.get("title")),
        abstract=collapsed(paper.get("summary") or item.get("summary")),
        published=day_of(paper.get("publishedAt")),
        author_names=names,
        upvotes=_count(upvotes),
        org=collapsed(org) or None,
    )


def _count(value: Any) -> int | None:
    # A count as the other sources keep one: a whole number from 0 to 2**63 - 1.
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    return int(value) if 0 <= value < 2**63 else None
