"""The search engine: one in-memory index over the library's papers (docs/ARCHITECTURE.md, Layers).

One :class:`SearchIndex` serves the TUI's filter-as-you-type worker and the CLI's
``paperdeck list``, and every query takes the same path:

- Internal ids number the papers in the default order (newest first, then title),
  so "newest first" is the tie-break of every ranking for free.
- Every term becomes a *mask* of the papers it matches and a *score column* (one
  byte a paper, see :mod:`paperdeck.search.columns`): plain words from their tiers
  (:mod:`paperdeck.search.text_terms`, cached per term, so typing a second word
  reuses the first), other text terms paper by paper over the candidates left
  (:mod:`paperdeck.search.phrases`), filters from their family's module
  (:mod:`~paperdeck.search.fields`, :mod:`~paperdeck.search.numbers`,
  :mod:`~paperdeck.search.states`, cached per term). An OR group takes the lane-wise
  best of its alternatives, a query ANDs the masks and adds the columns, and
  :mod:`paperdeck.search.ranking` orders the papers by total, then id.
- The text and its word lookups live in :mod:`paperdeck.search.corpus`: by scans
  until :meth:`SearchIndex.warm` has built the word index (the TUI does that at
  start; the CLI's single query maps search.idx when it is fresh, else scans), by
  postings after. Both give the same masks.
- The papers are read by id through :mod:`paperdeck.search.by_id`: a library
  opened from its column file is searched from its columns, no Paper built.
- Results are cached by parsed query; results that use state are dropped by
  :meth:`SearchIndex.state_changed`, and a title the person gave a paper
  (``PaperState.title``) is what the title tiers search and highlighting marks.
"""

from __future__ import annotations

import dataclasses
import threading
from array import array
from collections.abc import Iterable, Mapping, Sequence

from paperdeck.models import Paper, PaperState
from paperdeck.search import tiers
from paperdeck.search.by_id import PapersById
from paperdeck.search.cache import LRU
from paperdeck.search.columns import lane_max, wide_max, widen
from paperdeck.search.corpus import TextIndex
from paperdeck.search.filter_columns import FilterColumns
from paperdeck.search.highlight import plain_spans, term_spans
from paperdeck.search.index_file import IndexFile, key_order_hash
from paperdeck.search.lazy_text import WrittenTitles
from paperdeck.search.matching import merge_spans
from paperdeck.search.phrases import score_text_term
from paperdeck.search.query import (
    Clause,
    LikeTerm,
    Query,
    StateTerm,
    TagTerm,
    Term,
    TextField,
    TextTerm,
    parse_query,
)
from paperdeck.search.ranking import RankedPositions, rank
from paperdeck.search.results import SearchResult, Spans
from paperdeck.search.text_terms import (
    PlainKey,
    TermMatch,
    is_plain_term,
    match_plain,
    plain_key,
)
from paperdeck.search.titles import SearchTexts, Titles
from paperdeck.search.wordindex import mask_from_ids

__all__ = ["SearchIndex", "SearchResult", "Spans"]

_RESULTS = 32
_RESULT_IDS = 4_000_000  # positions over all cached results; each costs 4 bytes
_TERMS = 48  # plain terms' matches kept; each costs about 2 bytes a paper
_FILTERS = 32
_PARSED = 256


def _clause_cost(clause: Clause) -> tuple[int, int]:
    """Evaluation order: filters, then plain words, the longest (most selective)
    first, then other text terms (scored paper by paper, so they go last, over
    the fewest candidates)."""
    texts = [t for t in clause if isinstance(t, TextTerm)]
    if not texts:
        return (0, 0)
    shortest = min(len(t.text) for t in texts)
    return (1 if all(is_plain_term(t) for t in texts) else 2, -shortest)


class SearchIndex:
    """An in-memory search index over a library's papers.

    ``papers`` is the library's list (its order defines positions); build a new index
    when it changes. ``states`` maps a paper key to its state and is read live; call
    :meth:`state_changed` after changing it. ``latest_import`` is the ISO timestamp of
    the latest import, which ``is:new`` and ``is:updated`` compare against.

    A search may run in a worker thread while the UI thread calls ``state_changed`` or
    ``highlight``; one search at a time is expected (an exclusive worker).
    ``index_file`` is where the library keeps the word index (see
    :mod:`paperdeck.search.index_file`): :meth:`warm` reads it when fresh.
    """

    def __init__(
        self,
        papers: Sequence[Paper],
        states: Mapping[str, PaperState],
        *,
        latest_import: str | None = None,
        index_file: IndexFile | None = None,
    ) -> None:
        self.papers = papers
        self._index_file = index_file
        self._states = states
        self._n = n = len(papers)
        # The papers by internal id, read from columns when the library has them.
        self._by_id = by_id = PapersById(papers)
        self._order: list[int] = by_id.order  # internal id -> position
        self._all = array("i", by_id.order)
        self._ids = list(range(n))
        self._ones = int.from_bytes(b"\x01" * n, "little")
        self._lock = threading.RLock()  # guards the lazy parts and the titles
        self._parsed: LRU[str, Query] = LRU(_PARSED)
        self._results: LRU[Query, Sequence[int]] = LRU(_RESULTS, _RESULT_IDS, len)
        self._terms: LRU[PlainKey, TermMatch] = LRU(_TERMS)
        # What partial matches (see _plain) matched, without their columns: the
        # highlighter needs only that.
        self._words: LRU[PlainKey, TermMatch] = LRU(_TERMS)
        self._filters: LRU[Term, int] = LRU(_FILTERS)
        self._generation = 0  # counts state changes: a result computed across one is stale
        self._key_id_map: dict[str, int] | None = None  # built on first use
        self._text_index: TextIndex | None = None
        # The person's own titles stand over the imported ones (see PaperState.title).
        self._titles = Titles(self._by_id, self._key_ids)
        self._filter_columns = FilterColumns(by_id, latest_import)
        self._titles.read(states, None, None)

    # ------------------------------------------------------------------ public API

    def search(self, query: str) -> SearchResult:
        """The papers matching ``query``, best first; QueryError for a bad query.

        A blank query gives every paper, newest first.
        """
        parsed = self._parse(query)
        if parsed.is_empty:
            return SearchResult(query, self._all[:])
        positions = self._results.get(parsed)
        if positions is None:
            with self._lock:
                generation = self._generation
            positions = self._evaluate(parsed)
            with self._lock:
                # A change while this search ran may have made its result stale.
                if generation == self._generation:
                    self._results.put(parsed, positions)
        # A copy of an array (the caller may change it); a ranking made as it is
        # read cannot be changed, and copying it would make it all.
        return SearchResult(
            query, positions if isinstance(positions, RankedPositions) else positions[:]
        )

    def highlight(self, query: str, position: int, *, with_abstract: bool = True) -> Spans:
        """The spans the positive text terms of ``query`` match in one paper (in its
        title alone without ``with_abstract``: a list row shows no abstract to mark)."""
        paper = self.papers[position]
        title_of = self._titles.of(paper)
        title: list[tuple[int, int]] = []
        abstract: list[tuple[int, int]] = []
        for term in self._parse(query).highlight_terms():
            in_title = term.field is not TextField.ABSTRACT
            in_abstract = with_abstract and term.field is not TextField.TITLE
            if is_plain_term(term):
                match = self._words_of(term)
                if in_title:
                    title.extend(plain_spans(match, title_of, in_title=True))
                if in_abstract:
                    abstract.extend(plain_spans(match, paper.abstract, in_title=False))
                continue
            if in_title:
                title.extend(term_spans(term, title_of, in_title=True))
            if in_abstract:
                abstract.extend(term_spans(term, paper.abstract, in_title=False))
        return Spans(merge_spans(title, len(title_of)), merge_spans(abstract, len(paper.abstract)))

    def state_changed(self, key: str | None = None) -> None:
        """Forget every cached result that depends on user state.

        Call after any change to ``states``. ``key`` names the paper when known (then
        only its title is checked for a change; else every state's is).
        """
        with self._lock:
            self._generation += 1
            keys = None if key is None else [key]
            retitled = self._titles.read(self._states, keys, self._text_index)
        if retitled:
            self._terms.clear()
            self._words.clear()
            self._results.clear()
        else:
            self._results.drop(lambda query: query.uses_state)
        self._filters.drop(lambda term: isinstance(term, TagTerm | StateTerm))

    def set_latest_import(self, latest_import: str | None) -> None:
        """Change the import that ``is:new`` and ``is:updated`` refer to."""
        with self._lock:
            self._filter_columns.set_latest_import(latest_import)
            self._generation += 1
        self._results.drop(lambda query: query.uses_state)
        self._filters.drop(lambda term: isinstance(term, StateTerm))

    def warm(self) -> None:
        """Build the lazy parts of the index now (the TUI does this in a worker at
        start, so the first keystroke does not pay for them).

        This includes the word index (about 3.5 s for 100,000 papers); searches
        that run meanwhile scan the text instead of waiting for it.
        """
        # First, the papers of the latest import, which the TUI's Tags pane counts
        # (is:new reads a row of every paper: 0.15 s at 100,000, not to be paid
        # before the first list is painted); the memory it frees is then reused.
        self._filter_columns.import_ids()
        text = self._text()
        # A fresh search.idx first: mapped, it lists the title words the typo
        # lookups need, which otherwise come from normalising every title.
        self.map_index_file()
        text.title_vocabulary()
        from rapidfuzz import process  # noqa: F401  (imported here, not on a keystroke)

        self._postings(build=True)

    def map_index_file(self) -> bool:
        """Read the word index from ``index_file`` when it is fresh (a single query
        then looks words up instead of scanning); False when it is not (missing,
        stale, damaged): nothing is built, searches scan."""
        stored = self._index_file
        # Checksumming the key order costs a little: only when there is a file.
        return stored is not None and stored.path.is_file() and self._postings(build=False)

    def _postings(self, *, build: bool) -> bool:
        by_id = self._by_id
        key_hash = b""
        if self._index_file:
            keys = by_id.position_keys()
            # The hash reads each key then a newline: the keys joined, then a newline,
            # are the same bytes in two updates instead of 200,000 at 100,000 papers.
            joined = ["\n".join(keys)] if keys else []
            key_hash = key_order_hash(joined, array("i", by_id.order).tobytes())
        given = list(self._titles.given)
        text = self._text()
        return text.build_postings(given, by_id.title, self._index_file, key_hash, build=build)

    # ------------------------------------------------------------------ evaluation

    def _evaluate(self, query: Query) -> Sequence[int]:
        """Match and rank a query (see the module notes)."""
        scored = sum(1 for clause in query.clauses if any(_scores(term) for term in clause))
        width = 1 if scored <= tiers.TERMS_PER_BYTE else 2
        present = self._ones
        total = 0
        for clause in sorted(query.clauses, key=_clause_cost):
            matched, scores = self._clause(clause, present, width)
            present &= matched
            total += scores
            if not present:
                break
        ranked = rank(total, present, width, self._order)
        likes = query.like_terms()
        if likes and ranked:
            from paperdeck.search.similar import order_by_likeness

            targets = [self._order[self._like_id(term)] for term in likes]
            return array("i", order_by_likeness(ranked, self.papers, targets))
        return ranked

    def _like_id(self, term: LikeTerm) -> int:
        from paperdeck.search.similar import like_id

        return like_id(term, self._key_ids(), self._by_id)

    def _clause(self, clause: Clause, candidates: int, width: int) -> tuple[int, int]:
        """A clause's mask and scores: its alternatives ORed, the best score kept."""
        present, scores = self._term(clause[0], candidates, width)
        for term in clause[1:]:
            matched, more = self._term(term, candidates, width)
            present |= matched
            if width == 1:
                scores = lane_max(scores, more, self._n)
            else:
                scores = wide_max(scores, more, self._n)
        return present, scores

    def _term(self, term: Term, candidates: int, width: int) -> tuple[int, int]:
        """A term's mask and score column (0 for filters and negations)."""
        if isinstance(term, TextTerm):
            if is_plain_term(term):
                match = self._plain(term, candidates)
                present, scores = match.present, match.scores
            else:
                present, scores = self._other_text(term, candidates)
            if term.negated:
                return self._ones ^ present, 0
            return present, widen(scores, self._n) if width == 2 else scores
        if isinstance(term, LikeTerm):
            # Every paper but the one it names (which must exist); a byte a paper.
            return self._ones ^ (1 << (8 * self._like_id(term))), 0
        return self._filter(term), 0

    def _plain(self, term: TextTerm, candidates: int | None = None) -> TermMatch:
        """A plain term's match: over every paper (cached), or before the word index
        is built, scanning only the candidates when they are fewer (not cached:
        exact only among them, see match_plain)."""
        key = plain_key(term)
        match = self._terms.get(key)
        if match is None:
            text = self._text()
            within = None
            if candidates is not None and candidates != self._ones and text.postings is None:
                within = candidates
            with self._lock:
                generation = self._generation
            match = match_plain(text, key, within)
            with self._lock:
                # Not kept when partial, or when a title may have changed meanwhile.
                if generation == self._generation:
                    if within is None:
                        self._terms.put(key, match)
                    else:
                        self._words.put(key, dataclasses.replace(match, scores=0, present=0))
        return match

    def _words_of(self, term: TextTerm) -> TermMatch:
        """What a plain term matches, for highlighting: from the search that ran
        (the app highlights the query on screen), else computed now."""
        match = self._terms.get(plain_key(term)) or self._words.get(plain_key(term))
        return match if match is not None else self._plain(term)

    def _other_text(self, term: TextTerm, candidates: int) -> tuple[int, int]:
        """Mask and scores of a non-plain text term over the candidates only."""
        ids = _ids_of(candidates, self._n, self._ids)
        text = self._text()
        text.prepare(ids)
        texts = SearchTexts(self._titles, text, self._by_id)
        scores = score_text_term(term, texts, ids)
        column = bytearray(self._n)
        for i, score in zip(ids, scores, strict=True):
            if score:
                column[i] = score
        value = int.from_bytes(column, "little")
        hits = bytes(column).translate(_NONZERO)
        return int.from_bytes(hits, "little"), value

    def _filter(self, term: Term) -> int:
        """The mask of the papers a filter keeps (negation applied), cached."""
        mask = self._filters.get(term)
        if mask is not None:
            return mask
        with self._lock:
            generation = self._generation
        matched = mask_from_ids(self._matching_ids(term), self._n)
        mask = self._ones ^ matched if term.negated else matched
        with self._lock:
            if generation == self._generation:
                self._filters.put(term, mask)
        return mask

    def _matching_ids(self, term: Term) -> Iterable[int]:
        return self._filter_columns.matching_ids(term, self._states, self._key_ids)

    # ------------------------------------------------------------------ lazy data

    def _text(self) -> TextIndex:
        text = self._text_index
        if text is None:
            with self._lock:
                if self._text_index is None:
                    # The given titles as they are now (later ones come by set_title).
                    by_id = self._by_id
                    titles = WrittenTitles(by_id.titles, dict(self._titles.given), by_id.title)
                    raw = self._by_id.raw_abstracts()
                    if raw is None:
                        self._text_index = TextIndex(titles.get(), self._by_id.abstracts())
                    else:  # a column library: its titles are made only when read
                        self._text_index = TextIndex(titles, raw)
                text = self._text_index
        return text

    def _key_ids(self) -> dict[str, int]:
        """Paper key -> internal id (a filter on state or a given title needs it)."""
        with self._lock:
            if self._key_id_map is None:
                self._key_id_map = {key: i for i, key in enumerate(self._by_id.keys())}
            return self._key_id_map

    def _parse(self, text: str) -> Query:
        parsed = self._parsed.get(text)
        if parsed is None:
            parsed = parse_query(text)
            self._parsed.put(text, parsed)
        return parsed


def _scores(term: Term) -> bool:
    return isinstance(term, TextTerm) and not term.negated


def _ids_of(mask: int, n: int, ids: list[int]) -> list[int]:
    from itertools import compress

    return list(compress(ids, mask.to_bytes(n, "little")))


_NONZERO = bytes(1 if b else 0 for b in range(256))
