"""``paperdeck list``'s usual command lines read without argparse.

``paperdeck list QUERY | ...`` is the command run most, and building the parser (argparse,
the command registry, every argument of ``list``) is a few milliseconds of it. The
forms read here are the ones people type: ``list``, then ``--json``, ``--reverse``,
``--limit N`` and ``--sort NAME`` (each at most once, before or after the query words)
and the query's words in one run. For them ``list_arguments`` gives what argparse
would; for anything else (``--help``, an abbreviation, ``--limit=5``, a bad value, a
word starting with ``-``, query words on both sides of an option, a repeated option)
it gives None, and the full parser reads the line, with its help and its errors
exactly as before. A test compares the two on many command lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..sorting import SortError, check_sort

COMMAND = "list"
_SWITCHES = ("--json", "--reverse")
_VALUED = ("--limit", "--sort")


class ListArguments(NamedTuple):
    """The arguments of ``paperdeck list``, as the full parser's Namespace holds them."""

    query: list[str]
    json: bool = False
    limit: int | None = None
    sort: str | None = None
    reverse: bool = False


def list_arguments(words: Sequence[str]) -> ListArguments | None:
    """``words`` (the command line after ``paperdeck``) read as a plain ``list``, or
    None when the full parser must read them (see the module notes)."""
    if not words or words[0] != COMMAND:
        return None
    options: dict[str, str | bool] = {}
    query: list[str] = []
    runs = 0  # runs of query words: argparse takes only one
    in_query = False
    at = 1
    while at < len(words):
        word = words[at]
        if word.startswith("-"):
            in_query = False
            if word in options:
                return None
            if word in _SWITCHES:
                options[word] = True
            elif word in _VALUED and at + 1 < len(words) and _good_value(word, words[at + 1]):
                options[word] = words[at + 1]
                at += 1
            else:
                return None
        else:
            if not in_query:
                runs += 1
                in_query = True
            if runs > 1:
                return None
            query.append(word)
        at += 1
    limit = options.get("--limit")
    sort = options.get("--sort")
    return ListArguments(
        query,
        json="--json" in options,
        limit=int(limit) if isinstance(limit, str) else None,
        sort=sort if isinstance(sort, str) else None,
        reverse="--reverse" in options,
    )


def _good_value(option: str, value: str) -> bool:
    """Whether the full parser takes ``value`` for ``option`` as it is (a positive
    whole number of ASCII digits; a sort name); its errors are its own to give."""
    if option == "--limit":
        return value.isascii() and value.isdigit() and int(value) >= 1
    if value.startswith("-"):
        return False
    try:
        check_sort(value)
    except SortError:
        return False
    return True
