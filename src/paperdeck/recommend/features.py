"""TF-IDF vectors of papers: title (weighted up) and abstract, words and word pairs.

Pure numpy/scipy. A paper's text is split into lowercase words (letters and digits,
stop words dropped); its terms are those words and each pair of neighbouring words.
Words are cut to a rough stem (``stem``), so quantized and quantization meet. Title
terms count ``TITLE_WEIGHT`` times. The organisation line, where a source gives one,
adds an ``org:`` term, each author name an ``author:`` term and each arXiv category a
``cat:`` term, where the source gives them (arXiv and JSON records do; the seeds and
daily pages carry none): papers sharing authors or a category are related whatever
words they use. A term kept has a document frequency of
at least ``MIN_DF`` papers and at most ``MAX_DF_SHARE`` of them: rarer terms cannot
relate two papers, commoner ones say nothing. Weights are sublinear (1 + log tf)
times a smoothed idf; each row is scaled to unit length, so a dot product is a cosine.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..models import Paper

# Chosen by a grid search of bench/recommend_quality.py's measures over the shared
# topics alone (title weight 1-3, min df 2-3, max df share 0.1-0.3, idf power, BM25 tf):
# the held-out topics are only reported, never tuned on.
TITLE_WEIGHT = 2
MIN_DF = 3
MAX_DF_SHARE = 0.3
# Below these sizes the bounds would leave no terms: a small library keeps them all.
_SMALL = 30
_MEDIUM = 150

# Terms that are a name, not words: shown as they are.
_WHOLE_TERMS = ("org:", "author:", "cat:")
_EMPTY_CODES = np.zeros(0, dtype=np.int32)
_WORD = re.compile(r"[a-z0-9]+")
# Suffixes cut so that the forms of one word meet (quantized, quantization).
_SUFFIXES = (
    "izations",
    "ization",
    "isation",
    "ations",
    "ation",
    "izing",
    "ising",
    "ized",
    "ised",
    "izes",
    "ises",
    "ize",
    "ise",
    "ings",
    "ing",
    "ies",
    "ed",
    "es",
    "s",
)
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "over",
        "such",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "this",
        "those",
        "to",
        "under",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "will",
        "with",
        "without",
        "you",
        "your",
        "than",
        "both",
        "each",
        "more",
        "most",
        "not",
        "no",
        "can",
        "also",
        "however",
        "show",
        "shows",
        "propose",
        "proposes",
        "paper",
        "work",
        "novel",
        "new",
        "using",
        "use",
        "used",
        "based",
        "approach",
        "method",
        "methods",
        "results",
    ]
)


def stem(word: str) -> str:
    """``word`` without one common suffix, keeping at least four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


class _Words:
    """Text to terms, each distinct word looked at once (a corpus repeats its words:
    stemming every occurrence was most of the build time)."""

    def __init__(self) -> None:
        # word -> its stem, or "" for a word that is no term (stop word, number).
        self._seen: dict[str, str] = {}

    def words(self, text: str) -> list[str]:
        seen = self._seen
        found = []
        for word in _WORD.findall(text.lower()):
            known = seen.get(word)
            if known is None:
                usable = word not in _STOP and not word.isdigit() and len(word) > 1
                known = seen[word] = stem(word) if usable else ""
            if known:
                found.append(known)
        return found

    def terms(self, text: str) -> list[str]:
        found = self.words(text)
        return found + [f"{a} {b}" for a, b in itertools.pairwise(found)]

    def paper_terms(self, paper: Paper) -> Counter[str]:
        counts = Counter(self.terms(paper.abstract))
        for term, times in Counter(self.terms(paper.title)).items():
            counts[term] += TITLE_WEIGHT * times
        if paper.org:
            counts["org:" + _one_line(paper.org)] += 1
        for name in paper.author_names:
            counts["author:" + _one_line(name)] += 1
        for category in paper.categories:
            counts["cat:" + category.lower()] += 1
        return counts


def _one_line(text: str) -> str:
    """``text`` lowercased on one line however the source spaced it (the vocabulary
    is stored a term a line)."""
    return " ".join(text.lower().split())


def surface_forms(*texts: str) -> dict[str, str]:
    """Each stem of ``texts`` with the first word it was cut from (``deno``:
    ``denoising``), so that a term can be shown as the paper wrote it."""
    forms: dict[str, str] = {}
    make = _Words()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            cut = make.words(word)
            if cut:
                forms.setdefault(cut[0], word)
    return forms


def readable(term: str, forms: dict[str, str]) -> str:
    """``term`` with each stem replaced by its surface form where ``forms`` knows it."""
    if term.startswith(_WHOLE_TERMS):
        return term
    return " ".join(forms.get(part, part) for part in term.split(" "))


def words(text: str) -> list[str]:
    """The words of ``text`` that can be terms (stemmed), in order."""
    return _Words().words(text)


def terms(text: str) -> list[str]:
    """Words and the pairs of neighbouring words (``speculative decoding``)."""
    return _Words().terms(text)


def paper_terms(paper: Paper) -> dict[str, float]:
    """Raw term counts of one paper, title terms weighted up."""
    return {term: float(count) for term, count in _Words().paper_terms(paper).items()}


@dataclass(frozen=True)
class Vectors:
    """Unit-length TF-IDF rows, one per paper in the given order, and the vocabulary."""

    matrix: sp.csr_matrix
    vocabulary: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.matrix.shape[0])


def df_bounds(n: int) -> tuple[int, int]:
    """The fewest and most papers a kept term may occur in, for ``n`` papers."""
    if n < _SMALL:
        return 1, n
    low = MIN_DF if n >= _MEDIUM else 2
    return low, max(low, int(MAX_DF_SHARE * n))


def build_vectors(papers: Sequence[Paper]) -> Vectors:
    """The vectors of ``papers`` (see the module notes).

    One pass over the papers codes each distinct term as a number on first sight and
    keeps every paper's (term number, count) pairs in two flat arrays; document
    frequencies, the kept columns, the weights and the unit rows are then whole-array
    operations. Keeping a dict of term strings per paper instead (15 million entries
    at 100,000 papers) took about 2.5 GB at the peak."""
    n = len(papers)
    make = _Words()
    number: dict[str, int] = {}
    term_numbers = array("i")
    term_counts = array("f")
    row_lengths = array("i")
    for paper in papers:
        counts = make.paper_terms(paper)
        # setdefault's default is computed first: a new term gets the next number.
        term_numbers.extend([number.setdefault(term, len(number)) for term in counts])
        term_counts.extend(counts.values())
        row_lengths.append(len(counts))
    codes = np.frombuffer(term_numbers, dtype=np.int32) if term_numbers else _EMPTY_CODES
    df = np.bincount(codes, minlength=len(number))
    low, high = df_bounds(n)
    kept_codes = np.flatnonzero((df >= low) & (df <= high))
    spelled = list(number)  # in number order
    del number
    kept_codes = np.asarray(sorted(kept_codes.tolist(), key=spelled.__getitem__), dtype=np.int64)
    vocabulary = tuple(spelled[code] for code in kept_codes.tolist())
    del spelled
    column_of = np.full(len(df), -1, dtype=np.int64)
    column_of[kept_codes] = np.arange(len(kept_codes))
    columns = column_of[codes]
    rows = np.repeat(np.arange(n), np.frombuffer(row_lengths, dtype=np.int32) if n else 0)
    keep = columns >= 0
    columns, rows = columns[keep], rows[keep]
    raw = np.frombuffer(term_counts, dtype=np.float32)[keep] if term_counts else np.zeros(0)
    idf = np.log((1 + n) / (1 + df[kept_codes])) + 1.0
    weights = (1.0 + np.log(raw.astype(np.float64))) * idf[columns]
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=n))
    norms[norms == 0] = 1.0
    weights /= norms[rows]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    index = np.int32 if len(columns) < 2**31 else np.int64
    matrix = sp.csr_matrix(
        # Single precision: a cosine needs no more, and it halves the memory and the
        # file (about 15 million weights at 100,000 papers).
        (weights.astype(np.float32), columns.astype(index), indptr.astype(index)),
        shape=(n, len(vocabulary)),
    )
    # Columns in order within each row (the vocabulary's order), as a product makes
    # them: explain's ties between equal weights come out in that order.
    matrix.sort_indices()
    return Vectors(matrix, vocabulary)
