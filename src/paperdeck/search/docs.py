"""How the search engine's text of a paper is made: its *doc* (see corpus).

``" " + title + " \\x1f " + abstract + " "``, folded and with every character that
is neither a letter nor a digit made a space (offsets kept), the separators the
engine uses taken out of the text first. Normalising is character by character,
so a doc is the same string built alone or among others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import repeat

from paperdeck.search.matching import ASCII_TO_SPACE, NON_ASCII_NON_WORD, fold

__all__ = ["TitleParts", "build_docs", "normalise_all", "title_text"]

# Papers per step while building the text: small steps reuse freed memory instead
# of faulting in fresh pages, which measured about twice as fast.
_CHUNK = 64


def normalise_all(text: str) -> str:
    """fold then normalise (see matching), in bulk: ASCII through bytes.translate."""
    folded = fold(text)
    if not folded.isascii():
        folded = NON_ASCII_NON_WORD.sub(" ", folded)
    return folded.encode().translate(ASCII_TO_SPACE).decode()


def _strip_separators(text: str) -> str:
    return text.replace("\x1e", " ").replace("\x1f", " ")


def title_text(title: str) -> str:
    """One title as the index keeps it: ``" " + normalised title + " "``."""
    return " " + normalise_all(_strip_separators(title)) + " "


def build_docs(titles: list[str], abstracts: list[str]) -> tuple[list[str], list[int]]:
    docs: list[str] = []
    for first in range(0, len(titles), _CHUNK):
        chunk_titles = titles[first : first + _CHUNK]
        chunk_abstracts = abstracts[first : first + _CHUNK]
        joined = "".join(chunk_titles)
        if "\x1e" in joined or "\x1f" in joined:  # control characters: rare
            chunk_titles = [_strip_separators(t) for t in chunk_titles]
        parts = [" ", "", " \x1f ", "", " \x1e"] * len(chunk_titles)
        parts[1::5] = chunk_titles
        parts[3::5] = chunk_abstracts
        pieces = normalise_all("".join(parts)).split("\x1e")
        if len(pieces) != len(chunk_titles) + 1:
            # A stray separator in an abstract (rare): strip them and build again.
            parts[3::5] = [_strip_separators(a) for a in chunk_abstracts]
            pieces = normalise_all("".join(parts)).split("\x1e")
        del pieces[-1]
        docs.extend(pieces)
    return docs, list(map(str.find, docs, repeat("\x1f")))


class TitleParts:
    """The title part of each doc (``" " + normalised title + " "``) and where it
    ends, from the docs when built, else made from the titles as written on first use."""

    def __init__(
        self, written: Callable[[], list[str]], built: tuple[list[str], list[int]] | None = None
    ):
        self._written = written  # called when the parts are made
        self._parts: tuple[list[str], list[int]] | None = None
        if built is not None:
            docs, ends = built
            self._parts = list(map(str.__getitem__, docs, map(slice, ends))), ends
        self._lock = threading.Lock()

    def get(self) -> tuple[list[str], list[int]]:
        parts = self._parts
        if parts is None:
            with self._lock:
                if self._parts is None:
                    written = self._written()
                    docs, ends = build_docs(written, [""] * len(written))
                    self._parts = list(map(str.__getitem__, docs, map(slice, ends))), ends
                parts = self._parts
        return parts
