"""Titles as searched: a title the person gave a paper (``PaperState.title``)
stands over the imported one, in the title tiers and in highlighting.

:class:`Titles` keeps the given titles by internal id, and the title lists the
phrase and anchor terms read (as written, folded, normalised with case kept).
A state change for one paper (``state_changed(key)``) looks at that paper only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence

from paperdeck.models import Paper, PaperState
from paperdeck.search.by_id import PapersById
from paperdeck.search.corpus import TextIndex
from paperdeck.search.matching import fold, normalise

__all__ = ["SearchTexts", "Titles"]


def _form(form: str, title: str) -> str:
    if form == "orig":
        return title
    if form == "fold":
        return fold(title)
    # " " + title + " ", case kept, each character that is not a letter or digit a space.
    return " " + normalise(title.replace("\x1e", " ").replace("\x1f", " ")) + " "


class Titles:
    """The searched title of every paper, by internal id (``by_id``)."""

    def __init__(self, by_id: PapersById, key_ids: Callable[[], Mapping[str, int]]) -> None:
        self._by_id = by_id
        self._key_ids = key_ids
        self.given: dict[int, str] = {}
        self._lists: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def title(self, i: int) -> str:
        given = self.given.get(i)
        return self._by_id.title(i) if given is None else given

    def of(self, paper: Paper) -> str:
        """The searched title of a paper of the library."""
        if not self.given:
            return paper.title
        i = self._key_ids().get(paper.key)
        return paper.title if i is None else self.title(i)

    def lists(self, form: str) -> list[str]:
        """Titles by id: "orig" (as written), "fold" or "normalised" (case kept)."""
        with self._lock:
            titles = self._lists.get(form)
            if titles is None:
                titles = self._by_id.titles()
                for i, given in self.given.items():
                    titles[i] = given
                if form != "orig":
                    titles = [_form(form, title) for title in titles]
                self._lists[form] = titles
            return titles

    def read(
        self,
        states: Mapping[str, PaperState],
        keys: Iterable[str] | None,
        text: TextIndex | None,
    ) -> bool:
        """Take in the titles given in states (only those of keys, when given);
        True when one changed. The text index, when built, follows."""
        if keys is None:
            wanted = {k: s.title for k, s in list(states.items()) if s.title is not None}
            touched = set(wanted) | {self._by_id.key(i) for i in self.given}
        else:
            touched = set(keys)
            wanted = {}
            for key in touched:
                state = states.get(key)
                if state is not None and state.title is not None:
                    wanted[key] = state.title
        if not touched:
            return False
        key_ids = self._key_ids()
        changed = False
        for key in touched:
            i = key_ids.get(key)
            if i is None:
                continue
            title = wanted.get(key)
            if title == self.given.get(i):
                continue
            changed = True
            if title is None:
                del self.given[i]
            else:
                self.given[i] = title
            shown = self.title(i)
            if text is not None:
                text.set_title(i, shown)
            with self._lock:
                for form, titles in self._lists.items():
                    titles[i] = _form(form, shown)
        return changed


class SearchTexts:
    """What phrase and anchor terms read (see phrases.Texts)."""

    def __init__(self, titles: Titles, text: TextIndex, by_id: PapersById) -> None:
        self._titles = titles
        self._by_id = by_id
        self.docs: Sequence[str] = text.docs
        self.title_end = text.title_end

    def titles(self, sensitive: bool) -> list[str]:
        return self._titles.lists("orig" if sensitive else "fold")

    def titles_normalised(self) -> list[str]:
        return self._titles.lists("normalised")

    def abstract(self, i: int, sensitive: bool) -> str:
        abstract = self._by_id.abstract(i)
        return abstract if sensitive else fold(abstract)
