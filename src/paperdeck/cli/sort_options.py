"""``--sort`` and ``--reverse``, shared by ``list``, ``export`` and ``filters --save``.

Without ``--sort`` the config file's default sort (and its ``reverse``) is used; an
unknown name is one error line and exit status 2, without argparse's usage text.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from ..models import Paper, PaperState
from ..sorting import SORTS, SortError, check_sort, effective_sort, sort_papers
from .output import EXIT_BAD_INPUT, fail, say


class _SortName(argparse.Action):
    """Stores a sort name, or fails in one line naming the sorts there are."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        try:
            setattr(namespace, self.dest, check_sort(str(values)))
        except SortError as error:
            fail(str(error), EXIT_BAD_INPUT)


def add_sort_arguments(parser: argparse.ArgumentParser, *, default_from: str) -> None:
    """Add ``--sort NAME`` and ``--reverse``; ``default_from`` says where the default
    comes from, for the help text."""
    parser.add_argument(
        "--sort",
        action=_SortName,
        metavar="{" + ",".join(SORTS) + "}",
        help=f"the order of the papers (default: {default_from})",
    )
    parser.add_argument(
        "--reverse",
        action="store_true",
        help="reverse the sort (oldest first, fewest upvotes first, Z–A…)",
    )


def chosen_sort(args: argparse.Namespace, *, unset: str | None = None) -> tuple[str, bool]:
    """The sort and direction asked for, else the config file's (whose problems, if
    any, are warned about on stderr). ``unset``, when given, is the sort used when the
    file does not set one either; otherwise that is the config's default, date."""
    if args.sort is not None:
        return args.sort, bool(args.reverse)
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
) -> list[Paper]:
    """``papers`` (in the engine's order) in the order of ``sort``."""
    return sort_papers(papers, states, effective_sort(sort, has_query), reverse=reverse)
