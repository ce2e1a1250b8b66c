"""The records paperdeck keeps: a paper from the corpus and a person's state for it.

Plain frozen dataclasses and pure helpers; no I/O. Every layer (sources, library,
search, export, TUI) speaks in these types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, make_dataclass, replace
from functools import cache
from typing import Any

# New-style arXiv ids (0704.0001 onwards: YYMM.NNNN or YYMM.NNNNN) and old-style ones
# (hep-th/9901001), with an optional version suffix that the key drops.
_NEW_ARXIV = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(v\d+)?(?![\w.])")
_OLD_ARXIV = re.compile(r"(?<![\w.])([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?(?![\w.])")
# What may stand before an id: "arXiv:", an abs/pdf URL, or arXiv's DOI 10.48550/arXiv.ID
# (bare, "doi:", or as a doi.org link).
_ARXIV_PREFIX = re.compile(
    r"^(?:arxiv:|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/"
    r"|(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\.)",
    re.IGNORECASE,
)

# A display title derived from an abstract is cut at a word boundary near this length.
DERIVED_TITLE_MAX = 100
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'“])")
# Folding tables for normalise_for_match: ASCII letters lowercased, digits kept, all
# else a space; outside ASCII, anything that is not a letter or digit.
_ASCII_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)
_NOT_ALNUM = re.compile(r"[\W_]+")


def clean_text(text: str) -> str:
    """Collapse every run of whitespace to one space and trim; unicode is kept."""
    # str.split() is about 4x faster than a regex over 100,000 abstracts.
    return " ".join(text.split())


def normalise_for_match(text: str) -> str:
    """Fold text for duplicate detection: NFKC, casefold, letters and digits only.

    Two titles that differ only in case, punctuation, spacing or unicode width are
    the same title.
    """
    if text.isascii():
        # The common case, 7x faster than the regex: an import folds every abstract.
        return b" ".join(text.encode("ascii").translate(_ASCII_FOLD).split()).decode("ascii")
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_ALNUM.sub(" ", folded).split())


def normalise_arxiv_id(value: str | None) -> str | None:
    """Return the arXiv id without its version (``2406.07522v1`` -> ``2406.07522``).

    Accepts bare ids, ``arXiv:`` prefixes, abs/pdf URLs and arXiv's DOIs
    (``10.48550/arXiv.2406.07522``). Returns None when the value holds no arXiv id.
    Every importer and id lookup goes through here.
    """
    if not value:
        return None
    text = _ARXIV_PREFIX.sub("", value.strip()).strip().rstrip("/")
    text = text.removesuffix(".pdf")
    for pattern in (_NEW_ARXIV, _OLD_ARXIV):
        match = pattern.fullmatch(text)
        if match:
            return match.group(1)
    return None


def first_sentence(abstract: str) -> str:
    """The abstract's whole first sentence, without its full stop."""
    # "... models (LLMs) ." must not leave a trailing space behind.
    return _SENTENCE_END.split(clean_text(abstract), maxsplit=1)[0].rstrip(". ")


def derive_title(abstract: str) -> str:
    """A display title for a paper that has none: the abstract's first sentence, trimmed."""
    text = clean_text(abstract)
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= DERIVED_TITLE_MAX:
        # "... models (LLMs) ." must not leave a trailing space behind.
        return first.rstrip(". ")
    cut = first.rfind(" ", 0, DERIVED_TITLE_MAX)
    return first[: cut if cut > 40 else DERIVED_TITLE_MAX].rstrip(" ,;:") + "…"


def _short_hash(text: str) -> str:
    # Only an import hashes; hashlib costs every other command a few milliseconds to load.
    import hashlib

    # 12 hex digits (48 bits): a collision among 100,000 papers has odds of about 1 in 56,000.
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def paper_key(arxiv_id: str | None, title: str, abstract: str, title_derived: bool) -> str:
    """The stable key of a paper (docs/ARCHITECTURE.md, Data).

    The arXiv id without version where one is known; otherwise a short hash of the
    normalised title, or of the normalised abstract when the title was derived.
    """
    if arxiv_id:
        return arxiv_id
    if title and not title_derived:
        return _short_hash("t:" + normalise_for_match(title))
    return _short_hash("a:" + normalise_for_match(abstract))


def arxiv_url(arxiv_id: str) -> str:
    """The arXiv abstract page of an id."""
    return f"https://arxiv.org/abs/{arxiv_id}"


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
    ) -> Paper:
        """Build a paper from raw fields: normalise whitespace and the arXiv id,
        derive a title from the abstract when there is none, and assign the key.

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
        return cls(
            key=paper_key(norm_id, clean_title, clean_abstract, derived),
            title=clean_title,
            abstract=clean_abstract,
            arxiv_id=norm_id,
            published=published,
            authors=authors,
            org=clean_text(org) if org else None,
            upvotes=upvotes,
            title_derived=derived,
            sources=sources,
            date_hint=None if published else date_hint,
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
        if self.arxiv_id and _NEW_ARXIV.fullmatch(self.arxiv_id):
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
                )
            ]
        )
        return paper

    def with_changes(self, **changes: Any) -> Paper:
        """A copy with some fields replaced."""
        return replace(self, **changes)


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

    No cleaning and no checks (``sources`` must already be a tuple): this is for
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


def normalise_tag(tag: str) -> str:
    """Tags are single words without spaces or commas; case is kept."""
    return "-".join(tag.replace(",", " ").split())


def split_tags(values: Iterable[str]) -> tuple[str, ...]:
    """Tags as a person types them: each value may hold several, comma-separated
    (``"safety, to read"`` -> ``safety``, ``to-read``). Empty ones are dropped and
    repeats removed, first kept; tags ignore case, so ``Vision`` repeats ``vision``."""
    tags = (normalise_tag(part) for value in values for part in value.split(","))
    first: dict[str, str] = {}
    for tag in tags:
        if tag:
            first.setdefault(tag.casefold(), tag)
    return tuple(first.values())


@dataclass(frozen=True, slots=True)
class PaperState:
    """A person's state for one paper: star, read, tags, note and when they changed.

    Timestamps are ISO strings in UTC. A paper with no state has the default one.
    ``title`` is a title the person gave the paper (None: the imported one stands); it
    lives here, not in the corpus, so that no re-import can undo it.
    """

    key: str
    starred: bool = False
    read: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""
    starred_at: str | None = None
    read_at: str | None = None
    updated_at: str | None = None
    title: str | None = None

    @property
    def is_default(self) -> bool:
        """True when the state holds nothing a person set."""
        return not (self.starred or self.read or self.tags or self.note or self.title)

    def to_dict(self) -> dict[str, Any]:
        """The record as stored in state.json."""
        return {
            "key": self.key,
            "starred": self.starred,
            "read": self.read,
            "tags": list(self.tags),
            "note": self.note,
            "starred_at": self.starred_at,
            "read_at": self.read_at,
            "updated_at": self.updated_at,
            "title": self.title,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperState:
        """Inverse of to_dict. Raises ValueError for a record of the wrong shape (a
        hand-edited ``"starred": "no"``, ``"note": 42``): read as it stands, "no"
        would be a star and 42 would crash every export, so the library treats the
        file as damaged instead (library/recovery.py)."""
        key = data["key"]
        tags = data.get("tags", [])
        if not isinstance(key, str) or not key:
            raise ValueError(f"a state's key must be a string, not {key!r:.40}")
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValueError(f"the state of {key!r:.40} has tags that are not strings")
        return cls(
            key=key,
            starred=_stored(data, "starred", bool, False),
            read=_stored(data, "read", bool, False),
            tags=tuple(tags),
            note=_stored(data, "note", str, ""),
            starred_at=_stored(data, "starred_at", str, None),
            read_at=_stored(data, "read_at", str, None),
            updated_at=_stored(data, "updated_at", str, None),
            title=_stored(data, "title", str, None),
        )

    def with_changes(self, **changes: Any) -> PaperState:
        """A copy with some fields replaced."""
        return replace(self, **changes)


def _stored(data: dict[str, Any], name: str, kind: type, default: Any) -> Any:
    """Field ``name`` of a stored record, which must be a ``kind`` (or null, or absent,
    for ``default``); ValueError otherwise."""
    value = data.get(name)
    if value is None:
        return default
    if type(value) is kind:
        return value
    raise ValueError(
        f"the state of {data.get('key')!r:.40} has {name} = {value!r:.40}, "
        f"not {kind.__name__ if kind is not bool else 'true/false'}"
    )


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper read from a source file, with the line its entry starts on.

    ``state`` carries user state that the file itself holds (tags in a JSON file,
    or paperdeck's own JSON Lines export); the library applies it only to papers
    that are new to the library, so an import never overrides a person's triage.
    """

    paper: Paper
    line: int
    state: PaperState | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """An entry that an importer skipped: where it was and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass(slots=True)
class ParseResult:
    """What an importer read from one file: the entries it kept and the ones it skipped."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
