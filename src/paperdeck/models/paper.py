"""Paper: one paper of the corpus as imported, and the fast row loader for it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, make_dataclass, replace
from functools import cache
from typing import Any

from .text import (
    NEW_ARXIV_ID,
    arxiv_url,
    clean_text,
    derive_title,
    normalise_arxiv_id,
    normalise_for_match,
    paper_key,
)


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper of the corpus, as imported. Immutable; user state lives in PaperState.

    ``published`` is an ISO date (YYYY-MM-DD) or None. ``authors`` is an author
    count where the source gives one; ``org`` the organisation line some daily pages
    show instead. ``sources`` names the files the paper was imported from.
    ``date_hint`` keeps a partial date (``YYYY`` or ``YYYY-MM``) when the source gives
    no full one, so the year still sorts and filters.
    ``added`` and ``updated`` are the ISO timestamps of the import that first added
    the paper and the last import that changed its metadata.
    ``author_names`` are the authors in order, each as the source spells the name in
    display form ("First Last"); ``authors`` stays the count, which some sources give
    without names. ``categories`` are arXiv categories, the primary first.
    """

    key: str
    title: str
    abstract: str
    arxiv_id: str | None = None
    published: str | None = None
    authors: int | None = None
    org: str | None = None
    upvotes: int | None = None
    title_derived: bool = False
    sources: tuple[str, ...] = ()
    date_hint: str | None = None
    added: str | None = None
    updated: str | None = None
    author_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @classmethod
    def create(
        cls,
        *,
        title: str | None = None,
        abstract: str | None = None,
        arxiv_id: str | None = None,
        published: str | None = None,
        authors: int | None = None,
        org: str | None = None,
        upvotes: int | None = None,
        sources: tuple[str, ...] = (),
        date_hint: str | None = None,
        author_names: Iterable[str] = (),
        categories: Iterable[str] = (),
    ) -> Paper:
        """Build a paper from raw fields: normalise whitespace and the arXiv id,
        derive a title from the abstract when there is none, and assign the key.
        Author names and categories are cleaned, empty ones and repeats dropped; with
        names and no count, the count is the number of names.

        Raises ValueError when there is neither a title nor an abstract.
        """
        clean_title = clean_text(title or "")
        clean_abstract = clean_text(abstract or "")
        if not clean_title and not clean_abstract:
            raise ValueError("an entry needs a title or an abstract")
        derived = not clean_title
        if derived:
            clean_title = derive_title(clean_abstract)
        norm_id = normalise_arxiv_id(arxiv_id)
        names = _distinct(clean_text(name) for name in author_names)
        return cls(
            key=paper_key(norm_id, clean_title, clean_abstract, derived),
            title=clean_title,
            abstract=clean_abstract,
            arxiv_id=norm_id,
            published=published,
            authors=len(names) if authors is None and names else authors,
            org=clean_text(org) if org else None,
            upvotes=upvotes,
            title_derived=derived,
            sources=sources,
            date_hint=None if published else date_hint,
            author_names=names,
            categories=_distinct("".join(category.split()) for category in categories),
        )

    @property
    def norm_title(self) -> str:
        """The title folded for duplicate detection; empty when the title was derived."""
        return "" if self.title_derived else normalise_for_match(self.title)

    @property
    def norm_abstract(self) -> str:
        """The abstract folded for duplicate detection."""
        return normalise_for_match(self.abstract)

    @property
    def sort_date(self) -> str:
        """A sortable date: the published date, else the partial date the source gave,
        else the year and month of a new-style arXiv id (``2406.07522`` -> ``2024-06``),
        else the empty string."""
        if self.published:
            return self.published
        if self.date_hint:
            return self.date_hint
        if self.arxiv_id and NEW_ARXIV_ID.fullmatch(self.arxiv_id):
            return f"20{self.arxiv_id[:2]}-{self.arxiv_id[2:4]}"
        return ""

    @property
    def year(self) -> int | None:
        """The publication year as far as it is known (see sort_date)."""
        date = self.sort_date
        return int(date[:4]) if date else None

    @property
    def url(self) -> str | None:
        """The arXiv page of the paper, when its id is known."""
        return arxiv_url(self.arxiv_id) if self.arxiv_id else None

    def to_dict(self) -> dict[str, Any]:
        """The record as stored in corpus.json."""
        return {
            "key": self.key,
            "title": self.title,
            "abstract": self.abstract,
            "arxiv_id": self.arxiv_id,
            "published": self.published,
            "authors": self.authors,
            "org": self.org,
            "upvotes": self.upvotes,
            "title_derived": self.title_derived,
            "sources": list(self.sources),
            "date_hint": self.date_hint,
            "added": self.added,
            "updated": self.updated,
            "author_names": list(self.author_names),
            "categories": list(self.categories),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        """Inverse of to_dict."""
        # Positional, in PAPER_FIELDS order: corpora written before the row layout
        # load through here, 100,000 papers at a time (see papers_from_rows).
        (paper,) = papers_from_rows(
            [
                (
                    data["key"],
                    data["title"],
                    data.get("abstract", ""),
                    data.get("arxiv_id"),
                    data.get("published"),
                    data.get("authors"),
                    data.get("org"),
                    data.get("upvotes"),
                    bool(data.get("title_derived", False)),
                    tuple(data.get("sources", ())),
                    data.get("date_hint"),
                    data.get("added"),
                    data.get("updated"),
                    tuple(data.get("author_names", ())),
                    tuple(data.get("categories", ())),
                )
            ]
        )
        return paper

    def with_changes(self, **changes: Any) -> Paper:
        """A copy with some fields replaced."""
        return replace(self, **changes)


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    """The non-empty values in order, each once (a source that repeats a name)."""
    return tuple(dict.fromkeys(value for value in values if value))


PAPER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Paper))


@cache
def _unfrozen_twin() -> Callable[..., Any]:
    """A mutable dataclass with exactly Paper's slots, made on first use.

    A frozen dataclass sets each field in ``__init__`` through ``object.__setattr__``,
    which made building 100,000 papers cost 0.17 s; the twin's plain attribute stores
    take 0.05 s. Its objects then become Papers by ``__class__`` assignment, which
    Python allows only between classes of the same slot layout (else TypeError, so a
    field added to Paper cannot slip through half-copied).
    """
    twin = make_dataclass("_UnfrozenPaper", [(f.name, f.type) for f in fields(Paper)], slots=True)
    if twin.__slots__ != Paper.__slots__:  # type: ignore[attr-defined]
        raise TypeError("Paper's unfrozen twin has other slots")
    return twin


def papers_from_rows(rows: Iterable[Sequence[Any]]) -> list[Paper]:
    """Papers from rows of field values in PAPER_FIELDS order, taken as they are.

    No cleaning and no checks (``sources``, ``author_names`` and ``categories`` must
    already be tuples): this is for
    records paperdeck wrote itself, such as the corpus being loaded; new papers come
    from Paper.create.
    """
    twin = _unfrozen_twin()
    papers: list[Paper] = []
    append = papers.append
    for row in rows:
        paper = twin(*row)
        paper.__class__ = Paper
        append(paper)
    return papers
