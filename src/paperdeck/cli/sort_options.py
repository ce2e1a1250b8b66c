"""The sort ``list``, ``export`` and ``filters --save`` use: ``--sort`` and
``--reverse`` when given (``sort_arguments`` adds them to a parser), else the config
file's default sort (and its ``reverse``). ``for-you`` and ``for-you:TAG`` learn from
the whole library; with too few marks they say so on stderr, in one line, and sort
by date. No argparse here: ``paperdeck list`` reads its arguments without it
(``cli/lean_list.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..models import Paper, PaperState
from ..sorting import RELEVANCE, effective_sort, for_you_notice, sort_papers
from .output import say


class SortArguments(Protocol):
    """What ``chosen_sort`` reads of a command's arguments (an argparse Namespace, or
    the lean list's ``ListArguments``)."""

    @property
    def sort(self) -> str | None: ...
    @property
    def reverse(self) -> bool: ...


def chosen_sort(args: SortArguments, *, unset: str | None = None) -> tuple[str, bool]:
    """The sort and direction asked for, else the config file's (whose problems, if
    any, are warned about on stderr). ``unset``, when given, is the sort used when the
    file does not set one either; otherwise that is the config's default, date.
    A query with ``like:`` is an order of its own: without ``--sort`` it is kept."""
    if args.sort is not None:
        return args.sort, bool(args.reverse)
    if "like:" in " ".join(getattr(args, "query", None) or ()).lower():
        return RELEVANCE, bool(args.reverse)
    from ..config import load_config

    config, problems = load_config()
    for problem in problems:
        say(f"paperdeck: warning: {problem}", "yellow", stderr=True)
    sort = unset if unset is not None and "sort" not in config.given else config.sort
    return sort, bool(args.reverse) or config.reverse


def in_order(
    papers: Sequence[Paper],
    states: dict[str, PaperState],
    sort: str,
    reverse: bool,
    *,
    has_query: bool,
    corpus: Sequence[Paper] | None = None,
) -> list[Paper]:
    """``papers`` (in the engine's order) in the order of ``sort``; a for-you sort
    learns over ``corpus``, the library's papers."""
    notice = for_you_notice(sort, states)
    if notice is not None:
        say(f"paperdeck: {notice}", "yellow", stderr=True)
    return sort_papers(
        papers, states, effective_sort(sort, has_query), reverse=reverse, corpus=corpus
    )
