"""``--sort`` and ``--reverse`` on a command's parser (``list``, ``export``,
``filters --save``): an unknown sort name is one error line and exit status 2,
without argparse's usage text. What the options choose is ``sort_options``'."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from ..sorting import FOR_YOU, SORTS, SortError, check_sort
from .output import EXIT_BAD_INPUT, fail


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
        metavar="{" + ",".join((*SORTS, FOR_YOU, FOR_YOU + ":TAG")) + "}",
        help=f"the order of the papers (default: {default_from})",
    )
    parser.add_argument(
        "--reverse",
        action="store_true",
        help="reverse the sort (oldest first, fewest upvotes first, Z–A…)",
    )
