"""What the Atom/RSS parsers share: feedparser's verdict on a body, namespace keys,
categories and days."""

from __future__ import annotations

import re
from typing import Any
from xml.sax import SAXException

import feedparser

from .errors import ServiceUnavailable

ARXIV_NS = "http://arxiv.org/schemas/atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"

_CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?")
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")


def parse_feed(service: str, body: bytes) -> Any:
    """feedparser's reading of ``body``; ServiceUnavailable when it is no whole
    feed (cut off, not XML). feedparser's notes on encodings are no fault."""
    parsed = feedparser.parse(body)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(problem, SAXException):
        raise ServiceUnavailable(service, f"the answer is not a whole feed ({problem})")
    if not parsed.get("version") and not parsed.get("entries"):
        raise ServiceUnavailable(service, "the answer is not an Atom or RSS feed")
    return parsed


def namespaced(parsed: Any, uri: str, name: str, default_prefix: str) -> str:
    """feedparser's key for element ``name`` of namespace ``uri``. It keys elements
    of namespaces it does not know by the prefix the document chose, so the prefix
    is looked up by URI (arXiv's legacy answers declare it on each element)."""
    namespaces: dict[str, str] = parsed.get("namespaces", {})
    prefix = next((p for p, u in namespaces.items() if u == uri and p), default_prefix)
    return f"{prefix}_{name}"


def categories_of(entry: Any, primary_key: str) -> tuple[str, ...]:
    """The entry's arXiv categories, the primary first, each once; ACM and MSC
    classes (``I.2.6``) that legacy answers carry are not categories."""
    found: list[str] = []
    primary = entry.get(primary_key)
    if isinstance(primary, dict) and primary.get("term"):
        found.append(str(primary["term"]).strip())
    for tag in entry.get("tags", []):
        term = str(tag.get("term") or "").strip()
        if term:
            found.append(term)
    return tuple(dict.fromkeys(term for term in found if _CATEGORY.fullmatch(term)))


def day_of(stamp: object) -> str | None:
    """The YYYY-MM-DD at the start of an RFC 3339 stamp, or None."""
    found = _DAY.match(str(stamp or "").strip())
    return found.group(1) if found else None


def collapsed(text: object) -> str:
    return " ".join(str(text or "").split())
