"""Paper keys, arXiv ids and the text folding that dedup and search share. Pure."""

from __future__ import annotations

import re
import unicodedata

# New-style arXiv ids (0704.0001 onwards: YYMM.NNNN or YYMM.NNNNN) and old-style ones
# (hep-th/9901001), with an optional version suffix that the key drops.
NEW_ARXIV_ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(v\d+)?(?![\w.])")
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
    for pattern in (NEW_ARXIV_ID, _OLD_ARXIV):
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
