"""What a person types to name something on the network, read without the network.

- an arXiv paper: ``2406.09415``, ``2406.09415v2``, ``arXiv:2406.09415``, an abs or pdf
  URL, an old-style ``hep-th/9711200`` (``models.normalise_arxiv_id`` reads them all);
- a source to fetch: ``arxiv:CATEGORY`` (the day's listing of that category's feed;
  ``cs.LG``, ``hep-th``, ``physics.flu-dyn``, several joined by ``+``),
  ``hf`` or ``hf:YYYY-MM-DD`` (that day's Hugging Face Daily Papers; today in UTC
  without a date) and ``search:QUERY`` (an arXiv API search, newest first);
- or a feed's name from ``config.toml``, which is none of those.

Imports nothing but the standard library and ``models``: the config file is checked
with it on every start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..models import normalise_arxiv_id

SourceKind = Literal["arxiv", "hf", "search"]

# An arXiv category as the listing feeds take it: an archive (hep-th, cs) with an
# optional subject class (cs.LG, physics.flu-dyn, math.CO); several joined by "+".
_CATEGORY = r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?"
_CATEGORIES = re.compile(rf"{_CATEGORY}(?:\+{_CATEGORY})*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class SpecError(ValueError):
    """Something typed that names no paper or source; the message says what would."""


@dataclass(frozen=True, slots=True)
class FeedSource:
    """One source to fetch. ``value`` is the category, the day (``""``: today) or the
    query; ``label`` is how imports and ``source:`` name it."""

    kind: SourceKind
    value: str

    @property
    def label(self) -> str:
        return self.kind if self.kind == "hf" and not self.value else f"{self.kind}:{self.value}"


def parse_source(text: str) -> FeedSource:
    """The source ``text`` names; SpecError when it is not one of the three forms
    (a feed name is looked up by the caller first)."""
    spec = text.strip()
    kind, colon, value = spec.partition(":")
    kind = kind.lower()
    if kind == "hf":
        if not colon:
            return FeedSource("hf", "")
        return FeedSource("hf", _day(value.strip(), spec))
    if kind == "arxiv" and colon:
        category = value.strip()
        if not _CATEGORIES.fullmatch(category):
            raise SpecError(
                f"'{spec}': '{category}' is not an arXiv category (like cs.LG, hep-th or "
                "math.CO; several joined by +)"
            )
        return FeedSource("arxiv", category)
    if kind == "search" and colon:
        query = " ".join(value.split())
        if not query:
            raise SpecError(f"'{spec}': search: needs a query, like search:\"ti:diffusion\"")
        return FeedSource("search", query)
    raise SpecError(
        f"'{spec}' is no source: give arxiv:CATEGORY, hf, hf:YYYY-MM-DD, search:QUERY "
        "or the name of a feed in the config file"
    )


def looks_like_source(text: str) -> bool:
    """True when ``text`` is meant as a source rather than a feed's name."""
    head, colon, _ = text.strip().partition(":")
    return head.lower() == "hf" or (bool(colon) and head.lower() in ("arxiv", "hf", "search"))


def _day(value: str, spec: str) -> str:
    if _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise SpecError(f"'{spec}': '{value}' is not a day (YYYY-MM-DD, like 2026-11-10)")


def arxiv_ids(references: list[str]) -> tuple[list[str], list[str]]:
    """The arXiv ids (without version, each once, in order) that ``references`` name,
    and the references that name none."""
    ids: dict[str, None] = {}
    bad: list[str] = []
    for reference in references:
        ident = normalise_arxiv_id(reference)
        if ident is None:
            bad.append(reference)
        else:
            ids.setdefault(ident)
    return list(ids), bad
