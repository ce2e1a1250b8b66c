"""The search engine: an in-memory index over the library's papers (docs/ARCHITECTURE.md, Layers).

One :class:`SearchIndex` serves the TUI's filter-as-you-type worker and the CLI's
``paperdeck list``. How it works, and why (figures from ``bench/search_bench.py`` on
the synthetic corpus, 100,000 papers with 1.4 KB abstracts, on the 2-core box):

- Internal ids. Papers are numbered in the default order (newest first, then title),
  so "newest first" is the tie-break of every ranking for free and a filters-only
  result needs no sort. Built at construction: about 0.1 s for 100,000 papers.
- Normalised text, built lazily on the first text query (about 0.3 s for 100,000
  papers; :meth:`SearchIndex.warm` builds it ahead): per paper one ``str``,
  ``" " + title + " \\x1f " + abstract + " "``, folded (lowercase) and normalised
  (each character that is not alphanumeric made a space, which keeps offsets), plus
  its title part alone. A word-prefix test is then ``find(" " + term)`` and a
  substring test ``find(term)``, run over all candidates at C speed with ``map``.
  Separate small strings beat one big blob: ``find`` with bounds on a 140 MB buffer
  cost 2-3 times as much per call. An inverted word index was measured too: about 5
  s to build for 100,000 abstracts (20 M words through Python), far over the start-up
  budget, so abstracts are scanned.
- Fuzzy titles: rapidfuzz ``LCSseq`` similarity equals ``len(term)`` exactly when the
  term is a subsequence; ``process.extract`` with that ``score_cutoff`` tests 100,000
  titles in about 20 ms, and runs only on titles the cheaper tests left unmatched.
  ``WRatio`` (about 560 ms) and ``partial_ratio`` (about 140 ms) were too slow. A regex
  with bounded gaps then tells compact subsequences from scattered ones.
- Exactness. These scans are exact for case-insensitive terms made only of letters
  and digits, the usual case. For other terms (``gpt-4``, phrases, case-sensitive
  terms) they prefilter, and the survivors are verified on the paper's own text with
  the definitions in :mod:`paperdeck.search.matching`.
- Phrases. A phrase's gaps match any run of non-alphanumeric characters, which the
  normalised text shows as a run of spaces: in abstracts a ``find`` of the phrase's
  longest word prefilters, then a regex with `` +`` gaps runs on the normalised text
  of the survivors. That is exact for a case-insensitive phrase of alphanumeric
  words (``"diffusion model"``); other phrases are verified on the text itself.
  Titles are short: the same ``find`` on the titles, then the phrase regex on them.
- Groups. A result is a list of groups of ids (ascending) that score the same on
  every clause, so ranking is concatenating groups by total score; ids of equal
  totals merge in one linear timsort pass.
- Narrowing. Results are cached by parsed query (LRU). A query each of whose clauses
  is implied by a clause of a cached query (the same clause, a term typed further, a
  term added) starts from that result instead of every paper; unchanged clauses keep
  their cached scores. For the clause being typed the groups also keep, per paper,
  where its term matched and the word there, so when the term grows by a character
  one ``startswith`` on those short shared words confirms almost every match without
  touching the 140 MB of abstracts (each touch is a cache miss). Papers that fail
  resume their search after that point. Each step is exact for the papers it is
  applied to, so every path gives what a fresh search gives (the tests check this).
- Results that depend on user state are dropped by :meth:`SearchIndex.state_changed`.
- The word index. At 100,000 papers the scans above still cost 60-170 ms for the
  first letters of a word, where nearly every abstract matches and narrowing has
  nothing to narrow. :meth:`SearchIndex.warm` therefore also builds a word index
  (:mod:`paperdeck.search.wordindex`, about 3.5 s, in the TUI's start-up worker),
  and once it exists a query of up to 7 plain positive terms (the filter-as-you-type
  case), with any filters and negated plain terms beside them (as masks, scoring
  0), is answered from it instead: each tier of a term (title start, title word,
  title substring, abstract) is a union of postings, as a mask with one byte a
  paper; a term's scores are those masks times their score in tens, a query's
  total their sum (big-integer arithmetic, C speed), and ranking takes the papers
  of each total in id order with ``compress``. The fuzzy title tier comes from a
  subsequence index (:mod:`paperdeck.search.subsequence`, also built by warm(),
  about 2 s and 20 MB at 100,000 papers): the leftmost match of every title at
  once, as big-integer lanes, one SWAR step (about 1-2 ms) a typed character,
  cached per term; rapidfuzz tested 40-65k titles there in 10-25 ms. Only the
  compact test still reads titles, with one regex over the few that can match
  (all fuzzy matches at a term's third character: about 5 ms). Terms with
  characters other than ASCII letters and digits keep the rapidfuzz test on the
  titles that held the shorter, cached term. Other queries, a query before warm()
  has finished and the CLI's single cold query keep the scanning path (building
  the index for one query would cost far more than it saves), as do queries
  with OR groups or other text terms; the tests check that both paths give the
  same answers. Left per keystroke at 100,000 papers:
  ranking, 6-9 ms, one compress pass over every paper per distinct total.

Scores (per positive text term; a query scores the sum, an OR group its best
alternative): the title starts with the term 320, a title word starts with it 300,
the title contains it 200, holds it as a compact subsequence (gaps of at most 2
characters, terms of 3 or more characters) 150 or as any other subsequence 100, only
the abstract matches 50.
"""

from __future__ import annotations

import operator
import re
import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter

from paperdeck.models import Paper, PaperState
from paperdeck.search.matching import (
    ASCII_TO_SPACE,
    NON_ASCII_NON_WORD,
    compact_pattern,
    find_word_start,
    fold,
    fold_offsets,
    fuzzy_positions,
    is_plain,
    map_span,
    merge_spans,
    normalise,
    normalised_phrase_pattern,
    occurrences,
    phrase_pattern,
    word_starts,
)
from paperdeck.search.query import (
    Clause,
    IdTerm,
    MatchKind,
    NumberTerm,
    Query,
    SourceTerm,
    StateTerm,
    TagTerm,
    Term,
    TextField,
    TextTerm,
    parse_query,
)
from paperdeck.search.subsequence import SubsequenceIndex
from paperdeck.search.wordindex import WordIndex, mask_from_ids, mask_of_bytes, ones_mask

__all__ = ["SearchIndex", "SearchResult", "Spans"]

SCORE_TITLE_START = 320
SCORE_TITLE_WORD = 300
SCORE_TITLE_SUBSTRING = 200
SCORE_TITLE_COMPACT = 150
SCORE_TITLE_FUZZY = 100
SCORE_ABSTRACT = 50
_NO = -1  # "no match" in a score list; 0 and up are matches

# Results kept for narrowing and for instant answers while deleting characters.
_CACHE_ENTRIES = 32
_CACHE_IDS = 2_000_000  # ids over all entries; each costs about 20 bytes
_PARSE_CACHE = 256
_MAX_GROUPS = 64  # see _consolidate
# Papers per step while building the normalised text: small steps reuse freed memory
# instead of faulting in fresh pages, which measured about twice as fast.
_CHUNK = 64
# The tests of a plain term, in the order a fresh search runs them.
_STAGE_WORD, _STAGE_SUBSTRING, _STAGE_FUZZY, _STAGE_ABSTRACT = range(4)
# Stands for an unknown number: below every bound a query can hold.
_UNKNOWN = -(2**62)
# The word-index path keeps a query's total score per paper in one byte, in tens
# (at most 32 a term): up to 7 terms fit.
_INDEXED_TERMS = 7
# Per-term score columns kept for the word-index path; each costs 4 bytes a paper.
_CODE_ENTRIES = 24
# Titles per rapidfuzz call: below the collector's threshold of 700 live objects.
_EXTRACT_SLICE = 512
# The characters the subsequence index covers (folded terms of other characters
# take the rapidfuzz test); and how many terms' match offsets it keeps, each one
# lane a paper, for typing further.
_INDEXED_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
_MATCH_ENTRIES = 16
# Filter masks kept for the word-index path (one byte a paper each).
_FILTER_ENTRIES = 32

Column = Sequence[int]  # a list or an array of ints


@dataclass(frozen=True, slots=True)
class Spans:
    """Character ranges to highlight in one paper, each ``(start, end)``, sorted and merged.

    Offsets refer to the paper's original ``title`` and ``abstract`` strings.
    """

    title: tuple[tuple[int, int], ...]
    abstract: tuple[tuple[int, int], ...]


@dataclass(slots=True)
class SearchResult:
    """The answer to a query: ``positions`` index ``SearchIndex.papers``, best first."""

    query: str
    positions: Sequence[int]

    def __len__(self) -> int:
        return len(self.positions)


@dataclass(slots=True)
class _Group:
    """Matches that score the same on every clause.

    ``scores[i]`` is the score of clause i (0 for filters and negations); ``ids`` are
    ascending. ``offsets``, aligned with ``ids``, is where the last clause's term
    starts in each paper's doc, kept when that clause is a simple text term (the one
    being typed) so that typing further can start there; 0 means not known.
    ``words`` holds the normalised word starting at each offset: checking that a
    longer term still matches there then reads short shared strings instead of
    every abstract (the abstracts are 140 MB; touching each costs a cache miss).
    """

    scores: tuple[int, ...]
    ids: Column
    offsets: Column | None = None
    words: list[str] | None = None  # the word at each offset, once looked up


@dataclass(slots=True)
class _Entry:
    """A cached result: its groups, their size and the ranked positions."""

    query: Query
    groups: list[_Group]
    size: int
    positions: array  # array('i'), ranked
    uses_state: bool


@dataclass(slots=True)
class _Docs:
    """Every paper's folded, normalised text, by internal id.

    ``docs[i]`` is ``" " + title + " \\x1f " + abstract + " "`` and ``titles[i]`` its
    title part (``docs[i][:title_end[i]]``), folded and normalised (see the module
    notes), so offsets into a doc are offsets into its title too. Every word in
    either part is followed by a space.
    """

    titles: list[str]
    docs: list[str]
    title_end: list[int]


# (score, ids, offsets, words) from one evaluation; see _Group.
_Part = tuple[int, Column, Column | None, list[str] | None]
# A plain term as the word-index path sees it: folded text, kind, field.
_CodeKey = tuple[str, MatchKind, TextField]
# A term's code is cached with the terms before it in its query (their keys): it is
# exact only among the papers those match (see _search_indexed).
_CodeSlot = tuple[_CodeKey, tuple[_CodeKey, ...]]


@dataclass(frozen=True, slots=True)
class _Code:
    """One plain term's scores over every paper, as masks (see wordindex).

    ``scores`` holds per paper its score in tens (0: no match); ``present`` the
    papers that match. ``title`` holds the papers whose title matches in any way:
    only there can the term typed further match the title as a subsequence.
    ``compact`` holds the title matches other than scattered subsequences: only
    there can it match as a compact one (with a term of 2 characters, where all
    subsequences count as scattered, that is every title match).
    """

    scores: int
    present: int
    title: int
    compact: int


class SearchIndex:
    """An in-memory search index over a library's papers.

    ``papers`` is the library's list (its order defines positions); build a new index
    when it changes. ``states`` maps a paper key to its state and is read live; call
    :meth:`state_changed` after changing it. ``latest_import`` is the ISO timestamp of
    the latest import, which ``is:new`` and ``is:updated`` compare against.

    A search may run in a worker thread while the UI thread calls ``state_changed`` or
    ``highlight``; one search at a time is expected (an exclusive worker).
    """

    def __init__(
        self,
        papers: Sequence[Paper],
        states: Mapping[str, PaperState],
        *,
        latest_import: str | None = None,
    ) -> None:
        self.papers = papers
        self._states = states
        self._latest_import = latest_import
        self._n = n = len(papers)
        folded = [fold(paper.title) for paper in papers]
        dates = [paper.sort_date for paper in papers]
        # Two stable sorts: by title, then by date descending; ties keep title order,
        # then library order.
        order = sorted(range(n), key=folded.__getitem__)
        order.sort(key=dates.__getitem__, reverse=True)
        self._order: list[int] = order  # internal id -> position
        self._all = array("i", order)
        # _lock guards the caches and is held only briefly; _build_lock guards the lazy
        # parts, whose first build takes a while (the UI thread must not wait on it
        # to highlight or to report a state change).
        self._lock = threading.RLock()
        self._build_lock = threading.RLock()
        self._cache: OrderedDict[Query, _Entry] = OrderedDict()
        self._cached_ids = 0
        self._parsed: OrderedDict[str, Query] = OrderedDict()
        self._state_generation = 0
        # Built on first use (see the accessors at the end of the class).
        self._docs: _Docs | None = None
        self._title_fold: list[str] | None = None
        self._title_orig: list[str] | None = None
        self._title_orig_norm: list[str] | None = None
        self._numbers: dict[str, list[int]] = {}
        self._key_ids: dict[str, int] | None = None
        self._id_strings: list[str] | None = None
        self._source_strings: list[str] | None = None
        self._import_sets: tuple[frozenset[int], frozenset[int]] | None = None
        self._vocabulary: dict[str, str] = {}  # one shared string per matched word
        # The word index, built by warm() (see wordindex); searches scan until then.
        self._word_index: WordIndex | None = None
        self._index_lock = threading.Lock()
        self._codes: OrderedDict[_CodeSlot, _Code] = OrderedDict()
        self._indexed: OrderedDict[Query, array] = OrderedDict()
        self._indexed_ids = 0
        self._ones = 0
        self._id_list: list[int] = []
        self._title_sizes: list[int] = []
        self._subsequence_index: SubsequenceIndex | None = None
        self._matches: OrderedDict[str, int] = OrderedDict()  # text -> match lanes
        # Filter terms' masks for the word-index path; state ones go with the state.
        self._filter_masks: OrderedDict[Term, int] = OrderedDict()

    # ------------------------------------------------------------------ public API

    def search(self, query: str) -> SearchResult:
        """The papers matching ``query``, best first; QueryError for a bad query.

        A blank query gives every paper, newest first.
        """
        parsed = self._parse(query)
        if parsed.is_empty:
            return SearchResult(query, self._all[:])
        index = self._word_index
        if index is not None:
            parts = _indexed_parts(parsed)
            if parts is not None:
                terms, filters = parts
                positions = self._search_indexed(parsed, terms, filters, index)
                return SearchResult(query, positions[:])
        with self._lock:
            entry = self._cache.get(parsed)
            if entry is not None:
                self._cache.move_to_end(parsed)
                return SearchResult(query, entry.positions[:])
            generation = self._state_generation
            base = self._find_base(parsed)
        entry = self._evaluate(parsed, base)
        with self._lock:
            # A state change while this search ran may have made its result stale.
            if not (entry.uses_state and generation != self._state_generation):
                self._remember(entry)
        return SearchResult(query, entry.positions[:])

    def highlight(self, query: str, position: int) -> Spans:
        """The spans the positive text terms of ``query`` match in one paper."""
        paper = self.papers[position]
        title: list[tuple[int, int]] = []
        abstract: list[tuple[int, int]] = []
        for term in self._parse(query).highlight_terms():
            if term.field is not TextField.ABSTRACT:
                title.extend(_term_spans(term, paper.title, in_title=True))
            if term.field is not TextField.TITLE:
                abstract.extend(_term_spans(term, paper.abstract, in_title=False))
        return Spans(
            merge_spans(title, len(paper.title)), merge_spans(abstract, len(paper.abstract))
        )

    def state_changed(self, key: str | None = None) -> None:
        """Forget every cached result that depends on user state.

        Call after any change to ``states``. ``key`` names the paper when known; all
        state-dependent results are dropped either way (they are cheap to redo).
        """
        with self._lock:
            self._state_generation += 1
            self._forget(lambda entry: entry.uses_state)
            self._forget_indexed()

    def set_latest_import(self, latest_import: str | None) -> None:
        """Change the import that ``is:new`` and ``is:updated`` refer to."""
        with self._lock:
            self._latest_import = latest_import
            self._import_sets = None
            self._state_generation += 1
            self._forget(lambda entry: entry.uses_state)
            self._forget_indexed()

    def warm(self) -> None:
        """Build the lazy parts of the index now (the TUI can do this in a worker at
        start, so the first keystroke does not pay for them).

        This includes the word index and the subsequence index (about 5.5 s for
        100,000 papers); searches that run meanwhile scan the text instead of
        waiting for them.
        """
        docs = self._text()
        with self._index_lock:
            if self._word_index is None:
                ones = ones_mask(self._n)
                index = WordIndex(docs.titles, docs.docs, docs.title_end)
                self._ones = ones
                self._id_list = list(range(self._n))
                self._title_sizes = [len(title) + 1 for title in docs.titles]  # + "\n"
                _subsequence_flags("", [])  # imports rapidfuzz here, not on a keystroke
                self._subsequence_index = SubsequenceIndex(docs.titles, _INDEXED_CHARACTERS)
                # A tag: or is: filter needs it; built on the first one it cost that
                # keystroke about 65 ms at 100,000 papers.
                self._key_id_map()
                self._word_index = index  # last: its presence says the rest is ready

    # ------------------------------------------------------------ word-index path

    def _search_indexed(
        self, query: Query, terms: list[TextTerm], filters: list[Term], index: WordIndex
    ) -> array:
        """Ranked positions of a query of plain terms and filters (see
        _indexed_parts), from the word index: the same answer as _evaluate gives.

        Each term's score column comes from a few unions of postings (cached per
        term), a query's total is their sum, and ranking takes, for each total from
        the highest, the positions of the papers with that total in id order.
        Filters and negated terms score 0: they only remove papers, as masks.
        """
        with self._lock:
            positions = self._indexed.get(query)
            if positions is not None:
                self._indexed.move_to_end(query)
                return positions
            generation = self._state_generation
        total = 0
        present = self._ones
        before: tuple[_CodeKey, ...] = ()
        for term in terms:
            # Papers the earlier terms rule out are out of the result whatever this
            # term scores there: its fuzzy title test skips them. The code is then
            # exact only among the papers the earlier terms match, so it is cached
            # with them (typing the second word reuses the first word's mask).
            key: _CodeKey = (fold(term.text), term.kind, term.field)
            code = self._term_code(key, before, present, index)
            before = (*before, key)
            total += code.scores
            present &= code.present
        # Applied after the scored terms so that their codes (and their cache
        # slots) are the same as without the filters: typing a term before or
        # after a filter reuses them.
        for kept in filters:
            if present:
                present &= self._filter_mask(kept, index)
        n = self._n
        order = self._order
        totals = (total & present * 0xFF).to_bytes(n, "little")
        positions = array("i")
        for value in _totals_in(totals, len(terms)):
            chosen = totals.translate(_only(value))
            # bytes.count reads 3-4 ns a byte; this counts a word at a time.
            if int.from_bytes(chosen, "little").bit_count() < n >> 5:
                # A pass of compress reads every paper: for a few, find them instead
                # (a find costs about what compress spends on 8 papers).
                run: Iterable[int] = map(order.__getitem__, _offsets(chosen, b"\x01"))
            else:
                run = compress(order, chosen)
            positions.fromlist(list(run))  # faster than array.extend(iterable)
        with self._lock:
            if query.uses_state and generation != self._state_generation:
                return positions  # the state changed meanwhile: do not keep it
            old = self._indexed.pop(query, None)
            if old is not None:
                self._indexed_ids -= len(old)
            self._indexed[query] = positions
            self._indexed_ids += len(positions)
            while len(self._indexed) > 1 and (
                len(self._indexed) > _CACHE_ENTRIES or self._indexed_ids > _CACHE_IDS
            ):
                _, dropped = self._indexed.popitem(last=False)
                self._indexed_ids -= len(dropped)
        return positions

    def _filter_mask(self, term: Term, index: WordIndex) -> int:
        """The mask of the papers a filter or a negated plain text term keeps."""
        if isinstance(term, TextTerm):
            # The term's code with no terms before it is exact for every paper.
            key: _CodeKey = (fold(term.text), term.kind, term.field)
            return self._ones ^ self._term_code(key, (), self._ones, index).present
        with self._lock:
            mask = self._filter_masks.get(term)
            if mask is not None:
                self._filter_masks.move_to_end(term)
                return mask
            generation = self._state_generation
        matched = int.from_bytes(bytes(self._eval_filter(term, self._id_list)), "little")
        mask = self._ones ^ matched if term.negated else matched
        with self._lock:
            if generation == self._state_generation:  # else it may be stale already
                self._filter_masks[term] = mask
                while len(self._filter_masks) > _FILTER_ENTRIES:
                    self._filter_masks.popitem(last=False)
        return mask

    def _term_code(
        self, key: _CodeKey, before: tuple[_CodeKey, ...], among: int, index: WordIndex
    ) -> _Code:
        """The scores of one plain term, exact among the papers in mask ``among``
        (those the terms ``before`` match), cached; a term typed further starts its
        fuzzy title tests from the cached shorter term's title matches."""
        slot: _CodeSlot = (key, before)
        with self._lock:
            code = self._codes.get(slot)
            if code is not None:
                self._codes.move_to_end(slot)
                return code
            shorter = [
                (len(text), cached)
                for ((text, kind, field), context), cached in self._codes.items()
                if context == before
                and kind is key[1]
                and field is key[2]
                and key[0].startswith(text)
            ]
        base = max(shorter, key=itemgetter(0))[1] if shorter else None
        code = self._compute_code(key, index, base, among)
        with self._lock:
            self._codes[slot] = code
            while len(self._codes) > _CODE_ENTRIES:
                self._codes.popitem(last=False)
        return code

    def _compute_code(
        self, key: _CodeKey, index: WordIndex, base: _Code | None, among: int
    ) -> _Code:
        """Scores of a plain term by the same tests, in the same order, as
        _plain_parts: each tier takes the papers no higher tier took. Exact among
        the papers in mask ``among``; the fuzzy title test skips the others."""
        text, kind, field = key
        scores = covered = compact_ok = 0
        if field is not TextField.ABSTRACT:
            start = index.title_start(text)
            word = index.title_word(text) | start
            scores = 32 * start + 30 * (word & ~start)
            covered = word
            if kind is not MatchKind.WORD:
                inside = index.title_substring(text) & ~covered
                scores += 20 * inside
                covered |= inside
            compact_ok = covered
            if kind is MatchKind.FUZZY and len(text) > 1:
                candidates = among & ~covered
                if base is not None:
                    candidates &= base.title
                compact, scattered = self._fuzzy_masks(
                    text, candidates, None if base is None else base.compact
                )
                scores += 15 * compact + 10 * scattered
                covered |= compact | scattered
                compact_ok = covered if len(text) <= 2 else compact_ok | compact
        present = covered
        if field is not TextField.TITLE:
            if kind is MatchKind.EXACT:
                found = index.abstract_substring(text)
            else:
                found = index.abstract_word(text)
            abstract_only = found & ~covered
            scores += 5 * abstract_only
            present |= abstract_only
        return _Code(scores, present, covered, compact_ok)

    def _fuzzy_masks(self, text: str, candidates: int, compact_ok: int | None) -> tuple[int, int]:
        """The candidates whose title holds text as a compact subsequence, and as a
        scattered one (see _fuzzy_titles); compact_ok limits the compact test."""
        n = self._n
        if not candidates:
            return 0, 0
        held = self._held_subsequence(text)
        if held is not None:
            every = candidates & held
            if len(text) <= 2 or not every:
                return 0, every
            # Only a title where the shorter term matched compactly can hold this one
            # compactly (see _Code); the regex reads just those.
            tested = every if compact_ok is None else every & compact_ok
            if tested.bit_count() < n >> 6:
                # A pass of compress reads every paper: for a few, find them instead.
                matched = _offsets(tested.to_bytes(n, "little"), b"\x01")
                texts = list(map(self._text().titles.__getitem__, matched))
            else:
                chosen = tested.to_bytes(n, "little")
                matched = list(compress(self._id_list, chosen))
                texts = list(compress(self._text().titles, chosen))
            compact = self._compact_among(text, matched, texts)
            return compact, every & ~compact
        chosen = candidates.to_bytes(n, "little")
        # compress over a list of ids shares its int objects (over a range it makes them).
        ids = list(compress(self._id_list, chosen))
        titles = list(compress(self._text().titles, chosen))
        found = _subsequence_flags(text, titles)
        if 1 not in found:
            return 0, 0
        matched = list(compress(ids, found))
        every = mask_from_ids(matched, n)
        if len(text) <= 2:
            return 0, every
        texts = list(compress(titles, found))
        if compact_ok is not None:
            allowed = compact_ok.to_bytes(n, "little")
            keep = bytes(map(allowed.__getitem__, matched))
            matched = list(compress(matched, keep))
            texts = list(compress(texts, keep))
        compact = self._compact_among(text, matched, texts)
        return compact, every & ~compact

    def _compact_among(self, text: str, matched: list[int], texts: list[str]) -> int:
        """The mask of the ids in matched (ascending) whose title, in texts, holds text
        as a compact subsequence."""
        # One regex pass over the titles joined by newlines (which normalised titles
        # never hold) measured 2-3 times faster than a search per title; few match.
        # Lengths come from a column: len() on each title reads scattered memory.
        sizes = map(self._title_sizes.__getitem__, matched)
        starts = list(accumulate(sizes, initial=0))
        hits = _joined_compact_pattern(text).finditer("\n".join(texts))
        which = map(bisect_right, repeat(starts), map(_match_start, hits))
        return mask_from_ids(map(matched.__getitem__, map((-1).__add__, which)), self._n)

    def _held_subsequence(self, text: str) -> int | None:
        """The mask of the papers whose title holds text (2 characters or more) as a
        subsequence, from the subsequence index; None when it does not cover text.

        The leftmost match's offsets are cached by text: typing further takes one
        step from the longest cached shorter text.
        """
        index = self._subsequence_index
        if index is None or not index.knows(text):
            return None
        with self._lock:
            after = self._matches.get(text)
            if after is not None:
                self._matches.move_to_end(text)
                done = len(text)
            else:
                done = max(
                    (len(known) for known in self._matches if text.startswith(known)),
                    default=0,
                )
                if done:
                    after = self._matches[text[:done]]
        if after is None:
            after = index.first(text[0])
            done = 1
        if done < len(text):
            for char in text[done:]:
                after = index.step(after, char)
            with self._lock:
                self._matches[text] = after
                while len(self._matches) > _MATCH_ENTRIES:
                    self._matches.popitem(last=False)
        return mask_of_bytes(index.held(after))

    # --------------------------------------------------------------- caching layer

    def _parse(self, text: str) -> Query:
        with self._lock:
            parsed = self._parsed.get(text)
            if parsed is not None:
                return parsed
        parsed = parse_query(text)
        with self._lock:
            self._parsed[text] = parsed
            if len(self._parsed) > _PARSE_CACHE:
                self._parsed.popitem(last=False)
        return parsed

    def _remember(self, entry: _Entry) -> None:
        old = self._cache.pop(entry.query, None)
        if old is not None:
            self._cached_ids -= old.size
        self._cache[entry.query] = entry
        self._cached_ids += entry.size
        while len(self._cache) > 1 and (
            len(self._cache) > _CACHE_ENTRIES or self._cached_ids > _CACHE_IDS
        ):
            _, dropped = self._cache.popitem(last=False)
            self._cached_ids -= dropped.size

    def _forget_indexed(self) -> None:
        """Drop the word-index path's results and filter masks that use state."""
        for query in [q for q in self._indexed if q.uses_state]:
            self._indexed_ids -= len(self._indexed.pop(query))
        for term in [t for t in self._filter_masks if isinstance(t, TagTerm | StateTerm)]:
            del self._filter_masks[term]

    def _forget(self, stale: Callable[[_Entry], bool]) -> None:
        for query in [q for q, e in self._cache.items() if stale(e)]:
            self._cached_ids -= self._cache.pop(query).size

    def _find_base(self, query: Query) -> _Entry | None:
        """The cached result with the fewest matches that holds every match of
        ``query``: each of its clauses is implied by a clause of ``query``."""
        best: _Entry | None = None
        for entry in self._cache.values():
            if not entry.query.clauses or entry.size >= self._n:
                continue
            if best is not None and entry.size >= best.size:
                continue
            if all(
                any(_clause_implies(mine, theirs) for mine in query.clauses)
                for theirs in entry.query.clauses
            ):
                best = entry
        return best

    # ------------------------------------------------------------------ evaluation

    def _evaluate(self, query: Query, base: _Entry | None) -> _Entry:
        """Match and rank a query, starting from a cached superset when there is one.

        Work happens group by group: evaluating a clause splits each group into the
        groups of its scores. The clause being typed (the last one, when it is a
        simple text term) is evaluated last so that its offsets survive; when it only
        grew since the base, it is extended from the base's offsets first instead.
        """
        clauses = query.clauses
        count = len(clauses)
        last = count - 1
        typed = _simple_term(clauses[last])
        reuse: dict[int, int] = {}  # clause -> the base clause whose scores it takes
        grown = False  # the typed clause is the base's typed clause typed further
        if base is None:
            groups = [_Group((_NO,) * count, range(self._n))]
        else:
            where = {clause: j for j, clause in enumerate(base.query.clauses)}
            reuse = {i: where[c] for i, c in enumerate(clauses) if c in where}
            base_last = len(base.query.clauses) - 1
            grown = (
                typed is not None
                and last not in reuse
                and bool(base.groups)
                and base.groups[0].offsets is not None
                and _extends(typed, _simple_term(base.query.clauses[base_last]))
            )
            if grown:
                reuse[last] = base_last  # the old score, until the extension replaces it
            keep_offsets = reuse.get(last) == base_last
            groups = [
                _Group(
                    tuple(g.scores[reuse[i]] if i in reuse else _NO for i in range(count)),
                    g.ids,
                    g.offsets if keep_offsets else None,
                    g.words if keep_offsets else None,
                )
                for g in base.groups
            ]
        todo = [i for i in range(count) if i not in reuse]
        # Cheap, selective clauses first; the typed clause last.
        todo.sort(key=lambda i: (typed is not None and i == last, _clause_cost(clauses[i])))
        # Same groups, same totals: the base's ranking still holds.
        unchanged = (
            base is not None
            and not todo
            and sorted(reuse.values()) == list(range(len(base.query.clauses)))
        )
        if grown:
            assert typed is not None
            extended: list[_Group] = []
            for group in groups:
                parts = self._extend_plain(typed, group, group.scores[last])
                unchanged = unchanged and len(parts) == 1 and parts[0][1] is group.ids
                for score, ids, offsets, words in parts:
                    extended.append(_Group(_with(group.scores, last, score), ids, offsets, words))
            groups = extended
        for i in todo:
            split: list[_Group] = []
            for group in groups:
                if typed is not None and i == last:
                    parts = self._plain_parts(typed, group.ids)
                else:
                    scores = self._eval_clause(clauses[i], group.ids)
                    parts = _split(group, scores)
                for score, ids, offsets, words in parts:
                    split.append(_Group(_with(group.scores, i, score), ids, offsets, words))
            groups = split
        if typed is None or any(g.offsets is None for g in groups):
            groups = [_Group(g.scores, g.ids) for g in groups]
        if not unchanged:
            groups = _consolidate(groups)
        positions = base.positions if unchanged and base is not None else self._rank(groups)
        return _Entry(
            query=query,
            groups=[
                _Group(
                    g.scores,
                    _as_array(g.ids, "i"),
                    None if g.offsets is None else _as_array(g.offsets, "i"),
                    g.words,
                )
                for g in groups
            ],
            size=sum(len(g.ids) for g in groups),
            positions=positions,
            uses_state=query.uses_state,
        )

    def _rank(self, groups: list[_Group]) -> array:
        """Positions of every id: by total score (descending), then id (newest first)."""
        by_total: dict[int, list[Column]] = {}
        for group in groups:
            by_total.setdefault(sum(group.scores), []).append(group.ids)
        runs: list[Iterable[int]] = []
        for total in sorted(by_total, reverse=True):
            same = by_total[total]
            # Sorting concatenated ascending runs is a linear merge for timsort.
            runs.append(same[0] if len(same) == 1 else sorted(chain.from_iterable(same)))
        return array("i", map(self._order.__getitem__, chain.from_iterable(runs)))

    def _eval_clause(self, clause: Clause, ids: Column) -> list[int]:
        """Per id, the clause's score (the best of its alternatives) or _NO."""
        best = self._eval_term(clause[0], ids)
        for term in clause[1:]:
            best = list(map(max, best, self._eval_term(term, ids)))
        return best

    def _eval_term(self, term: Term, ids: Column) -> list[int]:
        if isinstance(term, TextTerm):
            if _is_plain_term(term):
                scored: dict[int, int] = {}
                for score, part, _, _ in self._plain_parts(term, ids, offsets=False):
                    scored.update(zip(part, repeat(score)))
                scores = list(map(scored.get, ids, repeat(_NO)))
            else:
                scores = self._eval_text(term, ids)
            if term.negated:
                return list(map(_NEGATE.__getitem__, map(_NO.__lt__, scores)))
            return scores
        table = _NEGATE if term.negated else _AFFIRM
        return list(map(table.__getitem__, self._eval_filter(term, ids)))

    # ------------------------------------------------------------------ filters

    def _eval_filter(self, term: Term, ids: Column) -> Iterable[bool]:
        """Whether each id matches a non-text term (negation is applied by the caller)."""
        if isinstance(term, NumberTerm):
            low = _UNKNOWN + 1 if term.low is None else term.low
            high = -_UNKNOWN if term.high is None else term.high
            values = self._number_list(term.field)
            return map(range(low, high + 1).__contains__, map(values.__getitem__, ids))
        if isinstance(term, IdTerm):
            strings = map(self._ids_text().__getitem__, ids)
            return map(operator.contains, strings, repeat("\n" + term.prefix))
        if isinstance(term, SourceTerm):
            strings = map(self._sources_text().__getitem__, ids)
            return map(operator.contains, strings, repeat(term.text))
        if isinstance(term, StateTerm) and term.state == "unread":
            read = self._state_ids(StateTerm("read"))
            return map(operator.not_, map(read.__contains__, ids))
        assert isinstance(term, TagTerm | StateTerm)
        return map(self._state_ids(term).__contains__, ids)

    def _state_ids(self, term: TagTerm | StateTerm) -> frozenset[int]:
        """The ids whose state (or import) satisfies a tag or ``is:`` term."""
        if isinstance(term, StateTerm) and term.state in ("new", "updated"):
            new, updated = self._import_ids()
            return new if term.state == "new" else updated
        test: Callable[[PaperState], bool]
        if isinstance(term, TagTerm):
            name = term.name
            test = lambda s: any(tag.lower() == name for tag in s.tags)  # noqa: E731
        elif term.state == "starred":
            test = lambda s: s.starred  # noqa: E731
        elif term.state == "read":
            test = lambda s: s.read  # noqa: E731
        else:  # noted
            test = lambda s: bool(s.note.strip())  # noqa: E731
        key_ids = self._key_id_map()
        # A snapshot: the UI thread may change the mapping while a worker searches.
        items = list(self._states.items())
        return frozenset(key_ids[k] for k, s in items if k in key_ids and test(s))

    def _import_ids(self) -> tuple[frozenset[int], frozenset[int]]:
        with self._lock:
            if self._import_sets is None:
                latest = self._latest_import
                new: set[int] = set()
                updated: set[int] = set()
                if latest is not None:
                    for i, position in enumerate(self._order):
                        paper = self.papers[position]
                        if paper.added == latest:
                            new.add(i)
                        elif paper.updated == latest:
                            updated.add(i)
                self._import_sets = (frozenset(new), frozenset(updated))
            return self._import_sets

    # -------------------------------------------------- simple text terms (fast path)

    def _plain_parts(
        self,
        term: TextTerm,
        ids: Column,
        *,
        stage: int = _STAGE_WORD,
        start: Column | None = None,
        offsets: bool = True,
    ) -> list[_Part]:
        """Evaluate a plain term (see _is_plain_term) over ids, in parts of one score
        each: (score, ids ascending, term offsets or None, None for words).

        Every test is a find in the normalised text, which is exact here: the term is
        folded and alphanumeric, and folding and normalising keep alphanumerics.
        ``stage`` and ``start`` let an extension resume: the first stage run searches
        from ``start`` (per id) instead of from the beginning of its field.
        """
        text = fold(term.text)
        docs = self._text()
        word = " " + text
        kind = term.kind
        parts: list[_Part] = []
        pending: Column = ids
        in_title = term.field is not TextField.ABSTRACT
        in_abstract = term.field is not TextField.TITLE
        full = len(ids) == self._n
        titles = docs.titles if full else list(map(docs.titles.__getitem__, ids))
        # Masks are bytes of 0/1 (a flipped copy costs next to nothing).
        if in_title and stage <= _STAGE_WORD:
            found = _find_all(titles, word, start)
            start = None
            hit, miss = _masks(found)
            matched = list(compress(pending, hit))
            if matched:
                found = list(compress(found, hit))
                if 0 in found:  # " term" at offset 0: the title starts with the term
                    first, later = _masks(found, 0)
                    at_start = list(compress(matched, first))
                    parts.append(
                        (
                            SCORE_TITLE_START,
                            at_start,
                            [1] * len(at_start) if offsets else None,
                            None,
                        )
                    )
                    matched = list(compress(matched, later))
                    found = list(compress(found, later))
                if matched:
                    shifted = list(map(operator.add, found, repeat(1))) if offsets else None
                    parts.append((SCORE_TITLE_WORD, matched, shifted, None))
                pending = list(compress(pending, miss))
                titles = list(compress(titles, miss))
        if in_title and stage <= _STAGE_SUBSTRING and kind is not MatchKind.WORD and pending:
            found = _find_all(titles, text, start)
            start = None
            hit, miss = _masks(found)
            matched = list(compress(pending, hit))
            if matched:
                kept = list(compress(found, hit)) if offsets else None
                parts.append((SCORE_TITLE_SUBSTRING, matched, kept, None))
                pending = list(compress(pending, miss))
                titles = list(compress(titles, miss))
        fuzzy = kind is MatchKind.FUZZY and len(text) > 1
        if in_title and stage <= _STAGE_FUZZY and fuzzy and pending:
            compact, scattered, pending = _fuzzy_titles(text, titles, pending)
            for score, matched in ((SCORE_TITLE_COMPACT, compact), (SCORE_TITLE_FUZZY, scattered)):
                if matched:
                    parts.append((score, matched, [0] * len(matched) if offsets else None, None))
        if in_abstract and pending:
            exact = kind is MatchKind.EXACT
            chosen = map(docs.docs.__getitem__, pending)
            if start is None:
                start = list(map(docs.title_end.__getitem__, pending))
            found = list(map(str.find, chosen, repeat(text if exact else word), start))
            hit, _ = _masks(found)
            matched = list(compress(pending, hit))
            if matched:
                kept = None
                if offsets:
                    kept = list(compress(found, hit))
                    if not exact:
                        kept = list(map(operator.add, kept, repeat(1)))
                parts.append((SCORE_ABSTRACT, matched, kept, None))
        return parts

    def _extend_plain(self, term: TextTerm, group: _Group, score: int) -> list[_Part]:
        """Parts of a plain term over one group whose last clause is a shorter term
        that this one extends; ``score`` is that clause's score in the group.

        Where the shorter term matched first is where the longer one matches first, if
        it matches there at all: any match of the longer term is a match of the
        shorter one at the same offset, so none comes earlier, and the score there is
        the same. Papers where that fails resume their search after that offset, and
        then fall through the later, lower-scoring tests as a fresh search would.
        """
        text = fold(term.text)
        ids, offsets, words = group.ids, group.offsets, group.words
        if score in (SCORE_TITLE_COMPACT, SCORE_TITLE_FUZZY) or offsets is None:
            # No word or substring match of the shorter term: none of the longer one.
            fresh = self._plain_parts(term, ids, stage=_STAGE_FUZZY)
            if len(fresh) == 1 and fresh[0][0] == score and len(fresh[0][1]) == len(ids):
                return [(score, ids, fresh[0][2], None)]  # the same papers: keep the object
            return fresh
        if score != SCORE_ABSTRACT:
            # Titles are small and close together: check them directly.
            titles = map(self._text().titles.__getitem__, ids)
            ok = bytes(map(str.startswith, titles, repeat(text), offsets))
        else:
            if words is None:
                words = self._words(ids, offsets)
            ok = bytes(map(str.startswith, words, repeat(text)))
        if 0 not in ok:
            return [(score, ids, offsets, words)]
        parts: list[_Part] = []
        if 1 in ok:
            kept_words = None if words is None else list(compress(words, ok))
            parts.append((score, list(compress(ids, ok)), list(compress(offsets, ok)), kept_words))
        failed = ok.translate(_FLIP)
        ids = list(compress(ids, failed))
        offsets = list(compress(offsets, failed))
        if score in (SCORE_TITLE_START, SCORE_TITLE_WORD):
            # The failed word started at offset - 1; the next " term" is after it.
            parts += self._plain_parts(term, ids, stage=_STAGE_WORD, start=offsets)
        elif score == SCORE_TITLE_SUBSTRING:
            after = list(map(operator.add, offsets, repeat(1)))
            parts += self._plain_parts(term, ids, stage=_STAGE_SUBSTRING, start=after)
        else:  # the abstract: the title cannot match the longer term either
            if term.kind is MatchKind.EXACT:
                offsets = list(map(operator.add, offsets, repeat(1)))
            parts += self._plain_parts(term, ids, stage=_STAGE_ABSTRACT, start=offsets)
        return parts

    def _words(self, ids: Column, offsets: Column) -> list[str]:
        """The normalised abstract word (up to the next space) at each offset, one
        shared string per distinct word."""
        texts = list(map(self._text().docs.__getitem__, ids))
        ends = map(str.find, texts, repeat(" "), offsets)
        words = list(map(str.__getitem__, texts, map(slice, offsets, ends)))
        return list(map(self._vocabulary.setdefault, words, words))

    # ------------------------------------------------ other text terms (general path)

    def _eval_text(self, term: TextTerm, ids: Column) -> list[int]:
        """Scores of a (positive) text term that is not simple: case-sensitive, or
        holding characters other than letters and digits, or anchored."""
        sensitive = term.case_sensitive
        text = term.text if sensitive else fold(term.text)
        kind = term.kind
        n = len(ids)
        if kind in (MatchKind.START, MatchKind.END, MatchKind.WHOLE):
            if term.field is TextField.ABSTRACT:
                fields = [self._abstract_of(i, sensitive) for i in ids]
                return list(map(_ABSTRACT_HIT.__getitem__, _anchored(term, text, fields)))
            fields = list(map(self._titles(sensitive).__getitem__, ids))
            score = SCORE_TITLE_WORD if kind is MatchKind.END else SCORE_TITLE_START
            title_hits = _anchored(term, text, fields)
            return list(map({True: score, False: _NO}.__getitem__, title_hits))

        scores: list[int] = [_NO] * n
        offsets: list[int] = [0] * n  # not kept; _assign wants somewhere to write
        pending = list(range(n))
        if term.field is not TextField.ABSTRACT:
            titles = list(map(self._titles(sensitive).__getitem__, ids))
            if term.phrase:
                anywhere, found = _phrase_find(text, titles)
            else:
                found = self._title_word_prefix(text, sensitive, ids, titles)
            scores = list(map(_WORD_SCORE.get, found, repeat(SCORE_TITLE_WORD)))
            pending = list(compress(pending, map(_NO.__eq__, found)))
            if kind is not MatchKind.WORD and pending:
                titles = list(map(titles.__getitem__, pending))
                if term.phrase:
                    found = list(map(anywhere.__getitem__, pending))
                else:
                    found = list(map(str.find, titles, repeat(text)))
                missed = list(map(_NO.__eq__, found))
                pending = _assign(scores, offsets, pending, found, SCORE_TITLE_SUBSTRING, 0)
                if kind is MatchKind.FUZZY and len(text) > 1 and pending:
                    titles = list(compress(titles, missed))
                    compact, scattered, pending = _fuzzy_titles(text, titles, pending)
                    for k in compact:
                        scores[k] = SCORE_TITLE_COMPACT
                    for k in scattered:
                        scores[k] = SCORE_TITLE_FUZZY
        if term.field is not TextField.TITLE and pending:
            chosen = list(map(ids.__getitem__, pending))
            if term.phrase:
                found = self._abstract_phrase(text, sensitive, chosen)
            else:
                word = kind is not MatchKind.EXACT
                found = self._abstract_find(text, word, sensitive, chosen)
            _assign(scores, offsets, pending, found, SCORE_ABSTRACT, 0)
        return scores

    def _title_word_prefix(
        self, text: str, sensitive: bool, ids: Column, titles: list[str]
    ) -> list[int]:
        """Per id: where text starts a word in the title (0: the title starts with it),
        or -1."""
        if sensitive and is_plain(text):
            normalised = map(self._titles_orig_norm().__getitem__, ids)
            return list(map(str.find, normalised, repeat(" " + text)))
        found = list(map(str.find, titles, repeat(text)))
        for k in compress(range(len(found)), map(_NO.__lt__, found)):
            found[k] = find_word_start(text, titles[k], found[k])
        return found

    def _abstract_find(self, text: str, word: bool, sensitive: bool, ids: list[int]) -> list[int]:
        """Per id: >= 0 when the abstract holds text (at a word start when ``word``)."""
        docs = self._text()
        needle = normalise(fold(text) if sensitive else text)
        if word and text[0].isalnum():
            needle = " " + needle
        found = list(
            map(
                str.find,
                map(docs.docs.__getitem__, ids),
                repeat(needle),
                map(docs.title_end.__getitem__, ids),
            )
        )
        # The normalised text only prefilters here: check the survivors on the text.
        for k in compress(range(len(found)), map(_NO.__lt__, found)):
            abstract = self._abstract_of(ids[k], sensitive)
            found[k] = find_word_start(text, abstract) if word else abstract.find(text)
        return found

    def _abstract_phrase(self, text: str, sensitive: bool, ids: list[int]) -> list[int]:
        """Per id: >= 0 when the abstract holds the phrase text (see module notes)."""
        docs = self._text()
        folded = fold(text) if sensitive else text
        starts = list(map(docs.title_end.__getitem__, ids))
        texts = list(map(docs.docs.__getitem__, ids))
        # Every word of a match is in the normalised text: the longest is the rarest.
        words = list(map(normalise, folded.split(" ")))
        key = max(words, key=len)
        found = list(map(str.find, texts, repeat(key), starts))
        hit = list(map(_NO.__lt__, found))
        # A match starts with the first word: when that is the key, none starts
        # before the key's first place. (Trying each place of the key with an
        # anchored match, papers in bulk, measured slower than this search.)
        begin = found if len(words[0]) == len(key) else starts
        search = normalised_phrase_pattern(folded).search
        for k, match in zip(
            compress(range(len(ids)), hit),
            map(search, compress(texts, hit), compress(begin, hit)),
            strict=True,
        ):
            found[k] = _NO if match is None else match.start()
        if sensitive or not is_plain(text.replace(" ", "")):
            # Normalising hid the case or the punctuation: check on the text itself.
            verify = phrase_pattern(text).search
            for k in compress(range(len(found)), map(_NO.__lt__, found)):
                found[k] = _NO if verify(self._abstract_of(ids[k], sensitive)) is None else 0
        return found

    def _abstract_of(self, i: int, sensitive: bool) -> str:
        abstract = self.papers[self._order[i]].abstract
        return abstract if sensitive else fold(abstract)

    # ------------------------------------------------------------------ lazy data

    def _text(self) -> _Docs:
        """Every paper's folded, normalised title and abstract, built on first use."""
        docs = self._docs
        if docs is None:
            with self._build_lock:
                if self._docs is None:
                    self._docs = self._build_docs()
                docs = self._docs
        return docs

    def _build_docs(self) -> _Docs:
        papers = [self.papers[p] for p in self._order]
        titles = [paper.title for paper in papers]
        abstracts = [paper.abstract for paper in papers]
        del papers
        docs: list[str] = []
        for first in range(0, self._n, _CHUNK):
            chunk_titles = titles[first : first + _CHUNK]
            chunk_abstracts = abstracts[first : first + _CHUNK]
            if _has_separator("".join(chunk_titles)):  # control characters: rare
                chunk_titles = [_strip_separators(t) for t in chunk_titles]
                chunk_abstracts = [_strip_separators(a) for a in chunk_abstracts]
            count = len(chunk_titles)
            # " title \x1f abstract \x1e" per paper; translate then turns every other ASCII
            # character that is not alphanumeric into a space.
            parts = [" ", "", " \x1f ", "", " \x1e"] * count
            parts[1::5] = chunk_titles
            parts[3::5] = chunk_abstracts
            pieces = _normalise_all("".join(parts)).split("\x1e")
            if len(pieces) != count + 1:  # a stray separator in an abstract
                parts[3::5] = [_strip_separators(a) for a in chunk_abstracts]
                pieces = _normalise_all("".join(parts)).split("\x1e")
            del pieces[-1]
            docs.extend(pieces)
        title_end = list(map(str.find, docs, repeat("\x1f")))
        heads = list(map(str.__getitem__, docs, map(slice, title_end)))
        return _Docs(heads, docs, title_end)

    def _titles(self, sensitive: bool) -> list[str]:
        """Titles by id: as they are (case-sensitive terms) or folded."""
        with self._build_lock:
            if sensitive:
                if self._title_orig is None:
                    self._title_orig = [self.papers[p].title for p in self._order]
                return self._title_orig
            if self._title_fold is None:
                self._title_fold = [fold(self.papers[p].title) for p in self._order]
            return self._title_fold

    def _titles_orig_norm(self) -> list[str]:
        """Titles as ``" " + normalise(title) + " "``, case kept (case-sensitive words)."""
        with self._build_lock:
            if self._title_orig_norm is None:
                titles = self._titles(True)
                if _has_separator("".join(titles)):
                    titles = [_strip_separators(t) for t in titles]
                joined = "".join(chain.from_iterable(zip(repeat(" "), titles, repeat(" \x1e"))))
                if not joined.isascii():
                    joined = NON_ASCII_NON_WORD.sub(" ", joined)
                lines = joined.encode().translate(ASCII_TO_SPACE).decode().split("\x1e")
                del lines[-1]
                self._title_orig_norm = lines
            return self._title_orig_norm

    def _number_list(self, name: str) -> list[int]:
        with self._build_lock:
            values = self._numbers.get(name)
            if values is None:
                papers = [self.papers[p] for p in self._order]
                raw = (
                    [p.year for p in papers]
                    if name == "year"
                    else [getattr(p, name) for p in papers]
                )
                values = [_UNKNOWN if v is None else v for v in raw]
                self._numbers[name] = values
            return values

    def _key_id_map(self) -> dict[str, int]:
        with self._build_lock:
            if self._key_ids is None:
                self._key_ids = {self.papers[p].key: i for i, p in enumerate(self._order)}
            return self._key_ids

    def _ids_text(self) -> list[str]:
        """Per id: "\\nkey\\narxiv_id", lowercased, so a prefix test is one substring test."""
        with self._build_lock:
            if self._id_strings is None:
                strings = []
                for p in self._order:
                    paper = self.papers[p]
                    strings.append(f"\n{paper.key}\n{paper.arxiv_id or ''}".lower())
                self._id_strings = strings
            return self._id_strings

    def _sources_text(self) -> list[str]:
        with self._build_lock:
            if self._source_strings is None:
                self._source_strings = [
                    "\n".join(self.papers[p].sources).lower() for p in self._order
                ]
            return self._source_strings


# ---------------------------------------------------------------------- helpers

_AFFIRM = {True: 0, False: _NO}
_NEGATE = {True: _NO, False: 0}
_ABSTRACT_HIT = {True: SCORE_ABSTRACT, False: _NO}
# str.find result of a title word-prefix test -> score (any other offset: a word).
_WORD_SCORE = {_NO: _NO, 0: SCORE_TITLE_START}
_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")


_ANCHORS: dict[MatchKind, Callable[[str, str], bool]] = {
    MatchKind.START: str.startswith,
    MatchKind.END: str.endswith,
    MatchKind.WHOLE: str.__eq__,
}


def _phrase_anchor(kind: MatchKind, text: str) -> Callable[[str], re.Match[str] | None]:
    """The match of phrase text at the start, at the end or as the whole of a field."""
    if kind is MatchKind.START:
        return phrase_pattern(text).match
    if kind is MatchKind.END:
        return phrase_pattern(text, at_end=True).search
    return phrase_pattern(text).fullmatch


def _anchored(term: TextTerm, text: str, fields: list[str]) -> Iterable[bool]:
    """Whether each field starts with, ends with or is text (term's kind and phrase;
    text and fields as folded as each other)."""
    if term.phrase:
        return map(operator.is_not, map(_phrase_anchor(term.kind, text), fields), repeat(None))
    return map(_ANCHORS[term.kind], fields, repeat(text))


def _phrase_find(text: str, fields: list[str]) -> tuple[list[int], list[int]]:
    """Per field: where the phrase text first matches, and where it first matches at
    a word start; -1 for none. Fields are as folded as text is."""
    words = text.split(" ")
    key = max(words, key=len)  # every word of a match is in the field: the rarest
    found = list(map(str.find, fields, repeat(key)))
    lead = len(words[0]) == len(key)  # then no match starts before the key's first place
    search = phrase_pattern(text).search
    word_search = phrase_pattern(text, word_start=True).search
    bounded = text[0].isalnum()  # else every place is a word start (find_word_start)
    anywhere = [_NO] * len(fields)
    at_word = [_NO] * len(fields)
    for k in compress(range(len(fields)), map(_NO.__lt__, found)):
        field = fields[k]
        match = search(field, found[k] if lead else 0)
        if match is None:
            continue
        anywhere[k] = at = match.start()
        if bounded and at and field[at - 1].isalnum():
            match = word_search(field, at + 1)
            at = _NO if match is None else match.start()
        at_word[k] = at
    return anywhere, at_word


def _has_separator(text: str) -> bool:
    return "\x1e" in text or "\x1f" in text


def _normalise_all(text: str) -> str:
    """fold then normalise (see matching), in bulk: ASCII through bytes.translate."""
    folded = fold(text)
    if not folded.isascii():
        folded = NON_ASCII_NON_WORD.sub(" ", folded)
    return folded.encode().translate(ASCII_TO_SPACE).decode()


def _strip_separators(text: str) -> str:
    return text.replace("\x1e", " ").replace("\x1f", " ")


def _as_array(column: Column, typecode: str) -> array:
    if isinstance(column, array) and column.typecode == typecode:
        return column
    return array(typecode, column)


def _with(scores: tuple[int, ...], index: int, score: int) -> tuple[int, ...]:
    return (*scores[:index], score, *scores[index + 1 :])


def _masks(found: list[int], value: int = _NO) -> tuple[bytes, bytes]:
    """Masks of the finds that hit and that missed (value: _NO) or of the ones that
    equal value and the rest."""
    test = _NO.__lt__ if value == _NO else value.__eq__
    hit = bytes(map(test, found))
    return hit, hit.translate(_FLIP)


def _find_all(texts: list[str], needle: str, start: Column | None) -> list[int]:
    """str.find of needle in each text (from start[k] when given)."""
    if start is None:
        return list(map(str.find, texts, repeat(needle)))
    return list(map(str.find, texts, repeat(needle), start))


def _split(group: _Group, scores: list[int]) -> list[_Part]:
    """Split a group by its aligned clause scores into parts, dropping non-matches."""
    ids, offsets, words = group.ids, group.offsets, group.words
    values = set(scores)
    if len(values) == 1 and _NO not in values:
        return [(scores[0], ids, offsets, words)]
    parts: list[_Part] = []
    for score in sorted(values, reverse=True):
        if score == _NO:
            continue
        same = list(map(score.__eq__, scores))
        parts.append(
            (
                score,
                list(compress(ids, same)),
                None if offsets is None else list(compress(offsets, same)),
                None if words is None else list(compress(words, same)),
            )
        )
    return parts


def _consolidate(groups: list[_Group]) -> list[_Group]:
    """Merge groups with the same scores once there are many.

    Extensions split groups into pieces; without this their number would grow with
    every keystroke. Ranking copes with pieces, so merging waits until it pays.
    """
    if len(groups) <= _MAX_GROUPS:
        return groups
    by_scores: dict[tuple[int, ...], list[_Group]] = {}
    for group in groups:
        by_scores.setdefault(group.scores, []).append(group)
    result: list[_Group] = []
    for scores, same in by_scores.items():
        if len(same) == 1:
            result.append(same[0])
            continue
        ids = list(chain.from_iterable(g.ids for g in same))
        order = sorted(range(len(ids)), key=ids.__getitem__)
        merged = _Group(scores, list(map(ids.__getitem__, order)))
        if all(g.offsets is not None for g in same):
            offsets = list(chain.from_iterable(g.offsets for g in same))  # type: ignore[misc]
            merged.offsets = list(map(offsets.__getitem__, order))
            if all(g.words is not None for g in same):
                words = list(chain.from_iterable(g.words for g in same))  # type: ignore[misc]
                merged.words = list(map(words.__getitem__, order))
        result.append(merged)
    return result


def _assign(
    scores: list[int],
    offsets: list[int],
    pending: list[int],
    found: list[int],
    score: int,
    shift: int,
) -> list[int]:
    """Give ``score`` (and offset found + shift) to each pending index whose find result
    is a hit; return the pending indexes that missed."""
    hit = list(map(_NO.__lt__, found))
    for k, offset in zip(compress(pending, hit), compress(found, hit), strict=True):
        scores[k] = score
        offsets[k] = offset + shift
    return list(compress(pending, map(operator.not_, hit)))


def _fuzzy_titles(
    text: str, titles: list[str], pending: Column
) -> tuple[list[int], list[int], list[int]]:
    """Split pending (aligned with titles) into the ones whose title holds text as a
    compact subsequence, as a scattered one, and the rest.

    Two-character terms are all "scattered": nearly every title holds them, and the
    difference is not worth a regex over tens of thousands of titles.
    """
    # The LCS length equals len(text) exactly when text is a subsequence of the title.
    found = _subsequence_flags(text, titles)
    if 1 not in found:
        return [], [], list(pending)
    matched = list(compress(pending, found))
    rest = list(compress(pending, found.translate(_FLIP)))
    if len(text) <= 2:
        return [], matched, rest
    compact = compact_pattern(text).search
    tight = bytes(map(operator.is_not, map(compact, compress(titles, found)), repeat(None)))
    return (
        list(compress(matched, tight)),
        list(compress(matched, tight.translate(_FLIP))),
        rest,
    )


_ONLY: dict[int, bytes] = {}


_match_start = operator.methodcaller("start")


def _subsequence_flags(text: str, titles: list[str]) -> bytearray:
    """Per title, 1 when it holds text as a subsequence, else 0."""
    # Imported here: rapidfuzz costs about 7 ms to import, and a query of filters or
    # single letters (or `paperdeck list` with one) never needs it.
    from rapidfuzz import process
    from rapidfuzz.distance import LCSseq

    found = bytearray(len(titles))
    # In slices: extract returns a tuple per match, and tens of thousands of live
    # tuples set off the cyclic garbage collector, whose full passes over the
    # library's objects measured 30-60 ms at 100,000 papers. A slice's tuples are
    # freed before they count.
    for start in range(0, len(titles), _EXTRACT_SLICE):
        matches = process.extract(
            text,
            titles[start : start + _EXTRACT_SLICE],
            scorer=LCSseq.similarity,
            processor=None,
            score_cutoff=len(text),  # the LCS is len(text) just when it is a subsequence
            limit=None,
        )
        where = map(start.__add__, map(itemgetter(2), matches))
        deque(map(found.__setitem__, where, repeat(1)), maxlen=0)
        del matches
    return found


@lru_cache(maxsize=64)
def _joined_compact_pattern(text: str) -> re.Pattern[str]:
    """compact_pattern(text) for titles joined by newlines: the gaps stay inside one
    title, and the match runs to the title's end so each title matches once."""
    gap = "[^\n]{0,2}?"
    return re.compile(gap.join(map(re.escape, text)) + "[^\n]*")


# The scores of one term in the word-index path, in tens (see _compute_code).
_TERM_TENS = (0, 5, 10, 15, 20, 30, 32)
# Up to this many possible totals, testing each beats reading every paper's total.
_FEW_TOTALS = 48


def _totals_in(totals: bytes, terms: int) -> list[int]:
    """The nonzero values in totals (one byte a paper, each a sum of ``terms`` values
    of _TERM_TENS), highest first."""
    possible = {0}
    for _ in range(terms):
        possible = {a + b for a in possible for b in _TERM_TENS}
        if len(possible) > _FEW_TOTALS:
            return sorted(set(totals) - {0}, reverse=True)
    # A find of an absent byte is a memchr over the column: microseconds.
    return [v for v in sorted(possible, reverse=True) if v and bytes((v,)) in totals]


def _offsets(data: bytes, mark: bytes) -> list[int]:
    """Every offset of a one-byte mark in data."""
    found = []
    at = data.find(mark)
    while at >= 0:
        found.append(at)
        at = data.find(mark, at + 1)
    return found


def _only(value: int) -> bytes:
    """A bytes.translate table that maps value to 1 and every other byte to 0."""
    table = _ONLY.get(value)
    if table is None:
        table = _ONLY[value] = bytes(b == value for b in range(256))
    return table


def _indexed_parts(query: Query) -> tuple[list[TextTerm], list[Term]] | None:
    """The terms of a query the word-index path answers: clauses of one term each,
    1 to 7 of them positive plain text terms (scored), the rest filters or negated
    plain text terms (masks); None for any other query."""
    scored: list[TextTerm] = []
    masks: list[Term] = []
    for clause in query.clauses:
        if len(clause) != 1:
            return None
        term = clause[0]
        if isinstance(term, TextTerm):
            if not _is_plain_term(term):
                return None
            (masks if term.negated else scored).append(term)
        else:
            masks.append(term)
    if not scored or len(scored) > _INDEXED_TERMS:
        return None
    return scored, masks


def _is_plain_term(term: TextTerm) -> bool:
    """A case-insensitive, alphanumeric text term matched as a word, fuzzily or
    exactly: the normalised text answers it exactly (negation aside)."""
    return (
        not term.case_sensitive
        and term.kind in (MatchKind.FUZZY, MatchKind.WORD, MatchKind.EXACT)
        and is_plain(fold(term.text))
    )


def _simple_term(clause: Clause | None) -> TextTerm | None:
    """The clause's term when it is a single positive plain text term (see above)."""
    if clause is None or len(clause) != 1:
        return None
    term = clause[0]
    if isinstance(term, TextTerm) and not term.negated and _is_plain_term(term):
        return term
    return None


def _extends(longer: TextTerm, shorter: TextTerm | None) -> bool:
    """Whether ``longer`` is ``shorter`` typed further (same kind and field)."""
    return (
        shorter is not None
        and not longer.negated
        and not shorter.negated
        and longer.kind is shorter.kind
        and longer.field is shorter.field
        and fold(longer.text).startswith(fold(shorter.text))
    )


def _clause_cost(clause: Clause) -> tuple[int, int]:
    """Evaluation order: filters first (cheap), then the longest, most selective text."""
    texts = [t for t in clause if isinstance(t, TextTerm)]
    if not texts:
        return (0, 0)
    return (1, -min(len(t.text) for t in texts))


def _clause_implies(mine: Clause, theirs: Clause) -> bool:
    """Whether every paper matching clause ``mine`` matches clause ``theirs``."""
    return all(any(_term_implies(a, b) for b in theirs) for a in mine)


def _term_implies(a: Term, b: Term) -> bool:
    """Whether every paper matching term ``a`` matches term ``b`` (conservative)."""
    if a == b:
        return True
    if a.negated or b.negated or type(a) is not type(b):
        return False
    if isinstance(a, TextTerm):
        assert isinstance(b, TextTerm)
        if a.case_sensitive != b.case_sensitive or a.field != b.field or a.kind != b.kind:
            return False
        ta, tb = (a.text, b.text) if a.case_sensitive else (fold(a.text), fold(b.text))
        if a.phrase and not b.phrase and " " in tb:
            return False  # a's gaps may be any punctuation; b's space is a space
        if a.kind in (MatchKind.FUZZY, MatchKind.WORD, MatchKind.START):
            return ta.startswith(tb)
        if a.kind is MatchKind.EXACT:
            return tb in ta
        if a.kind is MatchKind.END:
            return ta.endswith(tb)
        return False
    if isinstance(a, NumberTerm):
        assert isinstance(b, NumberTerm)
        return (
            a.field == b.field
            and (b.low is None or (a.low is not None and a.low >= b.low))
            and (b.high is None or (a.high is not None and a.high <= b.high))
        )
    if isinstance(a, IdTerm):
        assert isinstance(b, IdTerm)
        return a.prefix.startswith(b.prefix)
    if isinstance(a, SourceTerm):
        assert isinstance(b, SourceTerm)
        return b.text in a.text
    return False


def _term_spans(term: TextTerm, text: str, *, in_title: bool) -> list[tuple[int, int]]:
    """Where a positive text term matches one field of one paper (original offsets)."""
    sensitive = term.case_sensitive
    needle = term.text if sensitive else fold(term.text)
    haystack = text if sensitive else fold(text)
    mapping = None if sensitive else fold_offsets(text)
    size = len(needle)
    kind = term.kind
    spans: list[tuple[int, int]] = []
    if term.phrase:
        # The whole run, gaps included: the first word's start to the last word's end.
        if kind is MatchKind.EXACT:
            spans.extend(match.span() for match in phrase_pattern(needle).finditer(haystack))
        elif (anchored := _phrase_anchor(kind, needle)(haystack)) is not None:
            spans.append(anchored.span())
    elif kind is MatchKind.START:
        if haystack.startswith(needle):
            spans.append((0, size))
    elif kind is MatchKind.END:
        if haystack.endswith(needle):
            spans.append((len(haystack) - size, len(haystack)))
    elif kind is MatchKind.WHOLE:
        if haystack == needle:
            spans.append((0, size))
    elif kind is MatchKind.EXACT:
        spans.extend((p, p + size) for p in occurrences(needle, haystack))
    else:
        starts = word_starts(needle, haystack)
        if in_title and kind is MatchKind.FUZZY and not starts:
            starts = occurrences(needle, haystack)
            if not starts:
                chars = fuzzy_positions(needle, haystack) or []
                spans.extend((p, p + 1) for p in chars)
        spans.extend((p, p + size) for p in starts)
    return [map_span(mapping, start, end) for start, end in spans if end > start]
