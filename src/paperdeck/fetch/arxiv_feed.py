"""The arXiv listing feeds (``rss.arxiv.org/rss/CATEGORY``, and the Atom twin).

One item a paper announced that day (FORMATS §2): the title, ``link`` (the abs
page, no version), ``description`` (``arXiv:ID Announce Type: TYPE \\nAbstract: …``),
``guid`` (``oai:arXiv.org:IDvN``, unique), the categories (primary first), the
announce type and ``dc:creator``, one line of every name with affiliations in
parentheses. New submissions (``new``) and cross-lists (``cross``) are the day's
new listings; replacements (``replace``, ``replace-cross``) are papers announced
before, counted but not taken. An empty day (a weekend, a holiday) is no error; a
400 answer is an ordinary feed whose title says ``Feed error`` and whose
description is the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..models import normalise_arxiv_id
from .endpoints import ARXIV_RSS
from .errors import RequestRejected
from .feeds_common import ARXIV_NS, categories_of, collapsed, namespaced, parse_feed
from .http import Answer
from .names import split_creators
from .records import FetchedPaper

NEW_LISTINGS = frozenset({"new", "cross"})
_DESCRIPTION = re.compile(
    r"^arXiv:(\S+)\s+Announce Type:\s*(\S+)\s*Abstract:\s*(.*)$", re.DOTALL | re.IGNORECASE
)
_GUID = re.compile(r"oai:arXiv\.org:(\S+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Listing:
    """A day's listing: its new papers, and how many replacements it also held."""

    papers: list[FetchedPaper]
    replacements: int


def read_listing(answer: Answer, service: str = ARXIV_RSS) -> Listing:
    """The new listings of a feed answer (RSS or Atom); RequestRejected with the
    feed's own message for a bad category."""
    parsed = parse_feed(service, answer.body)
    feed = parsed.get("feed", {})
    if answer.status == 400 or collapsed(feed.get("title")).startswith("Feed error"):
        said = collapsed(feed.get("description") or feed.get("subtitle"))
        raise RequestRejected(service, f"refused the request: {said or 'HTTP 400'}")
    announce_key = namespaced(parsed, ARXIV_NS, "announce_type", "arxiv")
    seen: set[str] = set()
    papers: list[FetchedPaper] = []
    replacements = 0
    for item in parsed.get("entries", []):
        paper, kind = _item(item, announce_key)
        if paper is None or paper.arxiv_id in seen:
            continue  # a feed may list a paper twice; the guid is the same
        seen.add(paper.arxiv_id)
        if kind in NEW_LISTINGS:
            papers.append(paper)
        else:
            replacements += 1
    return Listing(papers, replacements)


def _item(item: Any, announce_key: str) -> tuple[FetchedPaper | None, str]:
    description = str(item.get("summary") or item.get("description") or "")
    found = _DESCRIPTION.match(description.strip())
    guid = _GUID.search(str(item.get("id", "")).strip())
    arxiv_id = normalise_arxiv_id(
        (guid.group(1) if guid else None) or (found.group(1) if found else None) or item.get("link")
    )
    if arxiv_id is None:
        return None, ""
    # The announce type has an element of its own; the description's prefix is the
    # fallback for feeds without it.
    kind = collapsed(item.get(announce_key)) or (found.group(2) if found else "new")
    abstract = found.group(3) if found else description
    names: tuple[str, ...] = ()
    for author in item.get("authors", []):
        names += split_creators(str(author.get("name") or ""))
    return (
        FetchedPaper(
            arxiv_id=arxiv_id,
            title=collapsed(item.get("title")),
            abstract=collapsed(abstract),
            author_names=names,
            categories=categories_of(item, "-"),
        ),
        kind.lower(),
    )
