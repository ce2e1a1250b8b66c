"""What a library holds, and the questions the app and the CLI ask of it: papers by
key or id, states, counts, titles, saved filters. ``Library`` (library.py) adds
the writes and following the files on disk; everything here only reads memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..models import Paper, PaperState, normalise_arxiv_id
from ..models.column_papers import ColumnPapers
from .records import ImportRecord, LibraryStats
from .saved_filters import Filters, stored_name
from .undo import Journal, Step

# The shortest key prefix the CLI accepts in place of a whole key.
MIN_PREFIX = 4


class PaperNotFoundError(LookupError):
    """No paper, or more than one, answers to an id the user gave."""


class LibraryView:
    """The papers and the person's state for them, in memory.

    ``papers`` keeps import order; ``states`` maps a key to its PaperState and holds
    only papers with some state (a missing key means the default state). Both are
    live: the search engine reads them, and every action (and every change picked
    up from disk) updates them.
    """

    papers: Sequence[Paper]
    imports: list[ImportRecord]
    # corpus.json's generation (corpus_file.read_generation): one more per import.
    generation: int
    states: dict[str, PaperState]
    journal: Journal
    # Saved filters by name, in the order they were first saved (see filters).
    saved_filters: Filters
    # Key -> position, made on first use (see _by_key), with the papers it is of.
    _by_key_map: tuple[Sequence[Paper], dict[str, int]] | None = None

    @property
    def _by_key(self) -> dict[str, int]:
        # Made when first asked for: a `list` that reads no key never pays for it
        # (0.57 s at a million papers). Kept with the papers it was made from, so a
        # map made while an import's papers came in is never taken for theirs.
        papers = self.papers
        made = self._by_key_map
        if made is not None and made[0] is papers:
            return made[1]
        keys = papers.keys() if isinstance(papers, ColumnPapers) else [p.key for p in papers]
        by_key = dict(zip(keys, range(len(keys)), strict=True))
        self._by_key_map = (papers, by_key)
        return by_key

    @property
    def latest_import(self) -> str | None:
        """The time of the latest import, which marks papers as new or updated."""
        return self.imports[-1]["time"] if self.imports else None

    def state(self, key: str) -> PaperState:
        """The state of a paper (the default one when it has none)."""
        return self.states.get(key) or PaperState(key=key)

    def get(self, key: str) -> Paper | None:
        """The paper with this exact key."""
        position = self._by_key.get(key)
        return None if position is None else self.papers[position]

    def resolve(self, ident: str) -> Paper:
        """The paper a person means by ``ident``: a key, an arXiv id (with or without
        version, or its URL), or a unique key prefix of at least four characters."""
        text = ident.strip()
        paper = self.get(text)
        if paper:
            return paper
        arxiv = normalise_arxiv_id(text)
        if arxiv:
            paper = self.get(arxiv) or next((p for p in self.papers if p.arxiv_id == arxiv), None)
            if paper:
                return paper
        if len(text) >= MIN_PREFIX:
            matches = [p for p in self.papers if p.key.startswith(text)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise PaperNotFoundError(
                    f"id '{ident}' is ambiguous: it starts {len(matches)} papers' ids"
                )
        raise PaperNotFoundError(f"no paper with id '{ident}'")

    def tag_counts(self) -> dict[str, int]:
        """Every tag in use with how many papers carry it, most used first. Tags
        ignore case: spellings count together, under the first one seen."""
        counts: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for key, state in self.states.items():
            if key in self._by_key:
                folded = [tag.casefold() for tag in state.tags]
                for tag, fold in zip(state.tags, folded, strict=True):
                    spelling.setdefault(fold, tag)
                counts.update(set(folded))
        merged = {spelling[fold]: count for fold, count in counts.items()}
        return dict(sorted(merged.items(), key=lambda item: (-item[1], item[0].casefold())))

    def stats(self) -> dict[str, Any]:
        """The counts of ``counts()`` as a plain dict (what the app's Tags pane takes)."""
        return dict(self.counts())

    def counts(self) -> LibraryStats:
        """Counts for ``paperdeck stats``: papers, starred, read, and tags in use."""
        present = [s for k, s in self.states.items() if k in self._by_key]
        return {
            "papers": len(self.papers),
            "starred": sum(s.starred for s in present),
            "read": sum(s.read for s in present),
            "tags": self.tag_counts(),
        }

    def title_of(self, key: str) -> str | None:
        """The title in force: the person's own when they gave one, else the paper's."""
        state = self.states.get(key)
        if state is not None and state.title:
            return state.title
        paper = self.get(key)
        return paper.title if paper is not None else None

    def describe(self, step: Step) -> str:
        """A step in words, with the title of the paper it changed."""
        return step.describe(self.title_of)

    @property
    def filters(self) -> dict[str, str]:
        """Saved filters, name → query, in the order they were first saved."""
        return {name: saved.query for name, saved in self.saved_filters.items()}

    def filter_named(self, name: str) -> str | None:
        """The saved filter's name as stored, for a name matched case-insensitively."""
        return stored_name(self.saved_filters, name)

    def filter_sort(self, name: str) -> tuple[str, bool] | None:
        """The sort and direction a saved filter was saved with, or None."""
        stored = stored_name(self.saved_filters, name)
        saved = self.saved_filters.get(stored) if stored is not None else None
        if saved is None or saved.sort is None:
            return None
        return saved.sort, saved.reverse
