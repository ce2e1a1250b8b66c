"""The searchable text of every paper and the word-level lookups every tier uses.

Per paper (by internal id) one normalised string, ``" " + title + " \\x1f " +
abstract + " "``, folded (lowercase) and with each character that is not a letter
or digit made a space (which keeps offsets), plus its title part alone. Every word
is then followed by a space, so "the field has the word w" is ``find(" w ")`` and
"a word starts with t" is ``find(" t")``. Built in about 0.3 s for 100,000 papers.

Sets of papers are masks (see :mod:`paperdeck.search.wordindex`: one byte a paper
in an ``int``). Each lookup answers from the word index's postings once
:meth:`TextIndex.build_postings` has run (the TUI's start-up worker does, about
3.5 s at 100,000 papers) and by scanning the text until then (the CLI's single
query, unless search.idx is fresh: building postings for it costs more than it
saves). Both give the same masks. A column library's abstracts: see lazy_text.

A title the person gave a paper (``PaperState.title``) replaces the imported one
here (:meth:`TextIndex.set_title`); the postings keep the old title's words, so
title lookups scan the retitled papers instead.
"""

from __future__ import annotations

import contextlib
import operator
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, repeat

from paperdeck.search.docs import TitleParts, normalise_all, title_text
from paperdeck.search.docs import build_docs as _build
from paperdeck.search.index_file import IndexFile, open_index
from paperdeck.search.lazy_text import (
    LazyDocs,
    RawAbstracts,
    WrittenTitles,
    ids_in_order,
)
from paperdeck.search.text_scans import NOT_FOUND, Field, TextScans
from paperdeck.search.wordindex import WordIndex, mask_from_ids, ones_mask

__all__ = ["Field", "TextIndex", "normalise_all", "title_text"]

_WORD_REST = "[^ \x1f]*"


class TextIndex(TextScans):
    """The normalised text of papers by id, and lookups of words in it (see above)."""

    def __init__(self, titles: list[str] | WrittenTitles, abstracts: list[str] | RawAbstracts):
        # The text as written (by id); a column library's made when first read.
        self._written = titles if isinstance(titles, WrittenTitles) else WrittenTitles(titles.copy)
        self.n = len(abstracts) if isinstance(titles, WrittenTitles) else len(titles)
        self.docs: list[str] | LazyDocs
        self.original_abstracts: Sequence[str]
        # Set for a column-backed library: abstracts normalised only where scans look.
        self._raw: RawAbstracts | None = None
        if isinstance(abstracts, RawAbstracts):
            self._raw = abstracts
            self.original_abstracts = abstracts.written()
            self.docs = LazyDocs(self._written, abstracts)
            # Made when first read (a query a mapped search.idx answers may never).
            self._title_parts = TitleParts(self._written.get)
        else:
            self.original_abstracts = abstracts
            self.docs, ends = _build(self.original_titles, abstracts)
            self._title_parts = TitleParts(self._written.get, (self.docs, ends))
        self.ids = list(range(self.n))
        self.ones = ones_mask(self.n)
        self.postings: WordIndex | None = None
        self._retitled: set[int] = set()
        self._retitled_mask = 0
        self._vocabulary: list[str] | None = None
        self._lock = threading.Lock()

    @property
    def original_titles(self) -> list[str]:
        return self._written.get()

    def original_title(self, i: int) -> str:
        """Title i as written (and searched), read alone when the list is not made."""
        return self._written.title(i)

    @property
    def titles(self) -> list[str]:
        """Per id ``" " + normalised title + " "`` (the doc up to its title's end)."""
        return self._title_parts.get()[0]

    @property
    def title_end(self) -> list[int]:
        return self._title_parts.get()[1]

    # ----------------------------------------------------------------- building

    def build_postings(
        self,
        given: Iterable[int] = (),
        imported_title: Callable[[int], str] | None = None,
        stored: IndexFile | None = None,
        key_hash: bytes = b"",
        *,
        build: bool = True,
    ) -> bool:
        """Build the word index (without ``build``: only map a fresh ``stored``);
        lookups use it from then on. True when they do.

        ``given`` are the papers whose text holds a title of the person's own, and
        ``imported_title(i)`` a paper's imported title: the postings always hold the
        imported titles (so that search.idx does not depend on state) and the
        retitled papers' titles are scanned. ``stored`` is the library's search.idx:
        read when fresh, else written after the build (when the library is writable).
        """
        if self.postings is not None:
            return True
        mapped = open_index(stored.path, stored.stamp, key_hash, self.n) if stored else None
        if mapped is None and not build:
            return False
        with self._lock:
            # A copy: a title set while the build runs must not reach the postings.
            titles = [] if mapped is not None else list(self.titles)
            retitled = set(given) | self._retitled
            if imported_title is not None and mapped is None:
                for i in retitled:
                    titles[i] = title_text(imported_title(i))
        if mapped is not None:
            postings = WordIndex.from_file(self.n, *mapped)
        else:
            docs = self.docs.every() if isinstance(self.docs, LazyDocs) else self.docs
            postings = WordIndex(titles, docs, self.title_end)
        with self._lock:
            for i in retitled:
                self._retitled.add(i)
                self._retitled_mask |= 1 << (8 * i)
            self.postings = postings
        if self._raw is not None:
            self._raw.release()
        if mapped is None and stored is not None and stored.save is not None:
            content = postings.encode(stored.stamp, key_hash)
            if content is not None:
                # The file is only a cache: failing to write it costs the next start
                # a rebuild, nothing more.
                with contextlib.suppress(Exception):
                    stored.save(content)
        return True

    def prepare(self, ids: Iterable[int]) -> None:
        """Have the docs of these ids built (a lazy text builds them in one batch)."""
        if isinstance(self.docs, LazyDocs):
            self.docs.fill(ids)

    def set_title(self, i: int, title: str) -> bool:
        """Search paper i by this title from now on; False when nothing changed."""
        text = title_text(title)
        if text == self.titles[i]:
            return False
        with self._lock:
            end = self.title_end[i]
            self.docs[i] = text + self.docs[i][end:]
            self.title_end[i] = len(text)
            self.titles[i] = text
            self.original_titles[i] = title
            self._retitled.add(i)
            self._retitled_mask |= 1 << (8 * i)
            self._vocabulary = None
        return True

    def title_vocabulary(self) -> list[str]:
        """Every distinct title word, sorted (what typos are looked up in)."""
        vocabulary = self._vocabulary
        if vocabulary is None:
            postings = self.postings
            with self._lock:
                retitled = sorted(self._retitled)
            if postings is not None and len(retitled) < self.n // 10:
                # The postings list the imported titles' words already: only the
                # retitled papers' titles are split (normalising every title to
                # split it took 2.9 s at a million papers). A word of a title the
                # person replaced may stay; it is only a typo candidate, and one
                # that matches nothing is passed over.
                words = set(postings.title_words())
                for i in retitled:
                    words.update(title_text(self.original_title(i)).split())
            else:
                # Title by title: one split of the titles joined listed every word
                # (a million at 100,000 papers), memory the app kept (53 MB) once freed.
                words = set()
                for title in self.titles:
                    words.update(title.split())
            words.discard("\x1f")
            vocabulary = self._vocabulary = sorted(words)
        return vocabulary

    # ------------------------------------------------------------------ lookups

    def word_mask(self, field: Field, word: str) -> int:
        """Papers whose field has this exact word."""
        postings = self.postings
        if postings is None:
            return self._find_mask(field, " " + word + " ")
        return self._fixed(field, postings.exact(field is Field.TITLE, word), " " + word + " ")

    def prefix_mask(self, field: Field, text: str) -> int:
        """Papers whose field has a word starting with text."""
        postings = self.postings
        if postings is None:
            return self._find_mask(field, " " + text)
        return self._fixed(field, postings.prefixed(field is Field.TITLE, text), " " + text)

    def word_family(
        self, field: Field, text: str, plural: bool = True, within: int | None = None
    ) -> tuple[int, int, int]:
        """Papers whose field has the word text, the word text + "s" (0 unless
        ``plural``), and a word starting with text: one scan for the three (each
        exact word follows the first place of the prefix). A scan reads only the
        papers in mask ``within`` when given (the masks then hold no others)."""
        postings = self.postings
        if postings is not None:
            return (
                self.word_mask(field, text),
                self.word_mask(field, text + "s") if plural else 0,
                self.prefix_mask(field, text),
            )
        ids, every = self._scan_ids(field, " " + text, within)
        texts, starts = self._field_texts(field, None if every else ids)
        needle = " " + text
        if field is Field.TITLE:
            found = list(map(str.find, texts, repeat(needle)))
        else:
            found = list(map(str.find, texts, repeat(needle), starts))
        hit = bytes(map(NOT_FOUND.__lt__, found))
        # Most often the first place of the prefix is the word itself: one
        # startswith there; only the other papers search on from that place.
        ends = list(map(len(needle).__add__, found))
        masks = []
        for rest in (" ", "s ")[: 1 + plural]:
            there = bytes(map(str.startswith, texts, repeat(rest), ends))
            exact = bytearray(map(operator.and_, there, hit))
            pending = bytes(map(operator.gt, hit, exact))
            word = needle + rest
            places = compress(found, pending)
            chosen = compress(texts, pending)
            for k, at in zip(
                compress(range(len(texts)), pending),
                map(str.find, chosen, repeat(word), places),
                strict=True,
            ):
                if at >= 0:
                    exact[k] = 1
            masks.append(self._mask_of(exact, ids, every))
        while len(masks) < 2:
            masks.append(0)
        return masks[0], masks[1], self._mask_of(hit, ids, every)

    def first_users(self, text: str, limit: int) -> list[int]:
        """The first ids (up to limit) with the word text or text + "s" anywhere."""
        word, plural = " " + text + " ", " " + text + "s "
        found: list[int] = []
        docs = self.docs
        for i in self._first_ids(text):
            doc = docs[i]
            if word in doc or plural in doc:
                found.append(i)
                if len(found) >= limit:
                    break
        return found

    def _first_ids(self, text: str) -> Iterator[int]:
        """Every id in order, for a walk that may stop early (see lazy_text)."""
        if isinstance(self.docs, LazyDocs) and self._raw is not None:
            return ids_in_order(self.docs, self._raw, self.titles, text)
        return iter(self.ids)

    def _mask_of(self, flags: bytes | bytearray, ids: list[int], every: bool) -> int:
        """A mask from flags aligned with ids (every: ids are all the papers)."""
        if every:
            return int.from_bytes(flags, "little")
        return mask_from_ids(compress(ids, flags), self.n)

    def substring_mask(self, field: Field, text: str) -> int:
        """Papers whose field holds text (letters and digits only: inside one word)."""
        postings = self.postings
        if postings is None:
            return self._find_mask(field, text)
        return self._fixed(field, postings.containing(field is Field.TITLE, text), text)

    def words_mask(self, field: Field, words: Iterable[str]) -> int:
        """Papers whose field has any of these exact words."""
        mask = 0
        for word in words:
            mask |= self.word_mask(field, word)
        return mask

    def variant_mask(
        self, field: Field, prefix: str, accept: Callable[[str], bool], skip: int = 0
    ) -> int:
        """Papers whose field has a word starting with prefix that accept() takes;
        papers in mask ``skip`` may be left out (a scan does not read them)."""
        postings = self.postings
        candidates: list[int] | None
        if postings is not None:
            found = postings.prefixed(field is Field.TITLE, prefix, accept)
            if field is Field.ABSTRACT or not self._retitled:
                return found
            with self._lock:
                found &= ~self._retitled_mask
                candidates = sorted(self._retitled)
        else:
            found = 0
            candidates = self._ids_of(self.ones & ~skip) if skip else None
        pattern = re.compile("(?<= )" + re.escape(prefix) + _WORD_REST)

        def test(text: str) -> bool:
            return any(map(accept, pattern.findall(text)))

        return found | self._test_mask(field, test, " " + prefix, candidates)

    def pattern_mask(
        self,
        field: Field,
        pattern: re.Pattern[str],
        required: Sequence[str],
        within: int | None = None,
    ) -> int:
        """Papers whose field the regex matches; each match holds a word starting
        with each of ``required`` (how candidates are found). A scan reads only
        the papers in mask ``within`` when given."""
        if self.postings is not None and required:
            candidates = self.ones
            for word in required:
                candidates &= self.prefix_mask(field, word)
                if not candidates:
                    return 0
            ids = self._ids_of(candidates)
            return self._test_mask(field, pattern.search, None, ids)
        key = " " + max(required, key=len) if required else None
        chosen = None if within is None else self._ids_of(within)
        return self._test_mask(field, pattern.search, key, chosen)

    def _fixed(self, field: Field, found: int, needle: str) -> int:
        """A title mask from the postings with the retitled papers scanned instead."""
        if field is Field.ABSTRACT or not self._retitled:
            return found
        with self._lock:
            retitled = list(self._retitled)
            stale = self._retitled_mask
        return (found & ~stale) | self._find_mask(field, needle, sorted(retitled))
