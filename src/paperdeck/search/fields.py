"""Field filters on what identifies a paper: ``id:PREFIX`` and ``source:FILE``.

(``title:x`` and ``abstract:x`` are text terms: see text_terms and phrases.)
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from itertools import repeat

from paperdeck.models import Paper
from paperdeck.search.query import IdTerm, SourceTerm

__all__ = ["field_match", "id_strings", "source_strings"]


def id_strings(papers: Sequence[Paper]) -> list[str]:
    """Per paper "\\nkey\\narxiv_id", lowercased: a prefix test is one substring test."""
    return [f"\n{paper.key}\n{paper.arxiv_id or ''}".lower() for paper in papers]


def source_strings(papers: Sequence[Paper]) -> list[str]:
    return ["\n".join(paper.sources).lower() for paper in papers]


def field_match(
    term: IdTerm | SourceTerm, strings: list[str], ids: Iterable[int]
) -> Iterable[bool]:
    """Whether each id matches (ignoring negation); strings from the functions above."""
    needle = "\n" + term.prefix if isinstance(term, IdTerm) else term.text
    return map(operator.contains, map(strings.__getitem__, ids), repeat(needle))
