"""Scans of the normalised text (TextIndex's fallback when no postings answer, and
the tests of candidates that postings cannot do): each reads a field of the given
papers, or of all, and gives the mask of those that pass."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from enum import Enum
from itertools import compress, repeat

from paperdeck.search.lazy_text import LazyDocs, RawAbstracts, ascii_core
from paperdeck.search.wordindex import mask_from_ids

# What str.find gives for no match.
NOT_FOUND = -1
# A scan of a lazy text among given papers passes over the raw text first only when
# they are more than a share (1 / this) of the library.
_NARROW_SHARE = 4


class Field(Enum):
    TITLE = "title"
    ABSTRACT = "abstract"


class TextScans:
    """The scans of TextIndex, which sets these attributes (see corpus)."""

    n: int
    ids: list[int]
    docs: list[str] | LazyDocs
    _raw: RawAbstracts | None

    @property
    def titles(self) -> list[str]:
        """Per id the normalised title (TextIndex's, made when first read)."""
        raise NotImplementedError

    @property
    def title_end(self) -> list[int]:
        """Per id where its doc's title ends (TextIndex's)."""
        raise NotImplementedError

    def _field_texts(self, field: Field, ids: Iterable[int] | None) -> tuple[list[str], list[int]]:
        """The field's texts of ids (all when None) and where each field starts."""
        if field is Field.TITLE:
            texts = self.titles if ids is None else list(map(self.titles.__getitem__, ids))
            return texts, [0] * len(texts)
        docs, every = self.docs, ids is None
        ids = self.ids if ids is None else list(ids)
        if isinstance(docs, LazyDocs):
            texts = docs.take(ids)
        elif every:
            return docs, self.title_end
        else:
            texts = list(map(docs.__getitem__, ids))
        return texts, self.title_end if every else list(map(self.title_end.__getitem__, ids))

    def _scan_ids(self, field: Field, needle: str, within: int | None) -> tuple[list[int], bool]:
        """The ids a scan must read (of mask ``within``), and whether they are all."""
        ids = None if within is None else self._ids_of(within)
        ids = self._narrowed(field, needle, ids)
        return (self.ids, True) if ids is None else (ids, False)

    def _narrowed(self, field: Field, needle: str, ids: list[int] | None) -> list[int] | None:
        """ids (None: every paper) less the abstracts the raw text rules out (see
        lazy_text), for a column-backed library's scan of the abstract field."""
        core = ascii_core(needle)
        if self._raw is None or field is Field.TITLE or core is None:
            return ids
        if ids is not None and len(ids) * _NARROW_SHARE < self.n:
            return ids  # few: building their docs costs less than a pass over the text
        candidates = self._raw.candidates(core)
        if ids is None:
            return sorted(candidates)
        return [i for i in ids if i in candidates]

    def _find_mask(self, field: Field, needle: str, ids: Iterable[int] | None = None) -> int:
        ids = self._narrowed(field, needle, None if ids is None else list(ids))
        texts, starts = self._field_texts(field, ids)
        if field is Field.TITLE:
            found = map(str.find, texts, repeat(needle))
        else:
            found = map(str.find, texts, repeat(needle), starts)
        hits = bytes(map(NOT_FOUND.__lt__, found))
        if ids is None:
            return int.from_bytes(hits, "little")
        return mask_from_ids(compress(ids, hits), self.n)

    def _test_mask(
        self,
        field: Field,
        test: Callable[[str], object],
        key: str | None,
        ids: Iterable[int] | None,
    ) -> int:
        """Papers (among ids, else all) whose field holds key (when given) and passes test."""
        chosen = self.ids if ids is None else list(ids)
        if key is not None:
            chosen = self._narrowed(field, key, chosen) or []
        texts, starts = self._field_texts(field, chosen)
        if key is not None:
            found = list(map(str.find, texts, repeat(key), starts))
            hit = list(map(NOT_FOUND.__lt__, found))
            chosen = list(compress(chosen, hit))
            texts = list(compress(texts, hit))
            starts = list(compress(starts, hit))
        if field is Field.ABSTRACT:
            texts = list(map(str.__getitem__, texts, map(slice, starts, repeat(None))))
        passed = map(operator.truth, map(test, texts))
        return mask_from_ids(compress(chosen, passed), self.n)

    def _ids_of(self, mask: int) -> list[int]:
        chosen = mask.to_bytes(self.n, "little")
        return list(compress(self.ids, chosen))
