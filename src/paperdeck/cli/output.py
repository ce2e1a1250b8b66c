"""What every command prints through: one JSON writer, one table writer, message
lines, and one error path with the exit statuses.

Exit statuses (also in ``paperdeck --help``):
  0  done
  1  import done, but some entries were skipped (each reported on stderr)
  2  bad input: a file that cannot be imported, an unknown paper id, a bad query,
     bad arguments; nothing was changed
  3  the library could not be opened or saved (another paperdeck is writing,
     a damaged file, a full disk); nothing was changed
  4  a network service could not be reached or gave no usable answer (offline,
     refused, timed out, still busy after the retries); nothing was changed
  70 a bug in paperdeck: one line on stderr names the file holding the details
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, NoReturn, TextIO

import orjson

from ..textsafety import neutralise

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_BAD_INPUT = 2
EXIT_LIBRARY = 3
EXIT_NETWORK = 4
# EX_SOFTWARE of sysexits.h: an internal error, never the person's input.
EXIT_BUG = 70
EXIT_INTERRUPTED = 130

EPILOG = """\
exit status: 0 done; 1 import done but entries were skipped; 2 bad input (file, id,
query or arguments; nothing changed); 3 the library is busy or could not be saved;
4 a network service (arXiv, Hugging Face) could not be reached or gave no usable
answer; 70 a bug in paperdeck (the message names the file with the details).

The library lives in $PAPERDECK_HOME when it is set, else in the user data folder.
"""

# Characters rich's Text changes (tabs expanded, some control codes dropped): a line
# holding one is printed by rich even where plain text would otherwise do.
_RICH_REWRITES = frozenset("\t\x07\x08\x0b\x0c\r")
# Between the columns of a table.
COLUMN_GAP = "  "


class UserError(Exception):
    """A mistake the person can fix: reported in one line, exit status 2."""


@cache
def console(stderr: bool = False) -> Console:
    """The rich console for stdout (or stderr), made on first use."""
    from rich.console import Console

    # No markup: titles, tags and paths are the person's text, and rich would read
    # "[red]" in them as a style. Styles come from Text objects instead.
    return Console(stderr=stderr, highlight=False, markup=False, soft_wrap=True)


def plain_stream(stream: TextIO) -> bool:
    """True when rich would write to ``stream`` as plain text: it is not a terminal
    and no variable rich reads (FORCE_COLOR, TTY_COMPATIBLE) says otherwise. Then
    paperdeck writes itself, without importing rich."""
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return False
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):
        return True  # rich's verdict too: no terminal


def say(message: str, style: str = "", *, stderr: bool = False) -> None:
    """Print one message line on stdout or stderr, in ``style`` on a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    # Messages quote titles, tags and file names: no terminal control gets through.
    message = neutralise(message, multiline=True)
    if plain_stream(stream) and _RICH_REWRITES.isdisjoint(message):
        stream.write(message + "\n")
        stream.flush()
        return
    from rich.text import Text

    console(stderr).print(Text(message, style=style))


def say_cut(message: str, *, stderr: bool = False) -> None:
    """Print one line that a terminal cuts with an ellipsis instead of wrapping (a
    paper's id and title)."""
    from rich.text import Text

    console(stderr).print(Text(neutralise(message), no_wrap=True, overflow="ellipsis"))


def fail(message: str, status: int) -> NoReturn:
    """Print one error line on stderr and exit: the one way a command fails."""
    say(f"paperdeck: {message}", "red", stderr=True)
    raise SystemExit(status)


def write_json(value: object, *, indent: bool = True) -> None:
    """``--json`` output: ``value`` as JSON on stdout, indented unless asked not to."""
    option = orjson.OPT_INDENT_2 if indent else 0
    sys.stdout.write(orjson.dumps(value, option=option).decode() + "\n")


def write_table(
    rows: Iterable[Sequence[str]], *, right: Iterable[int] = (), widths: Mapping[int, int] = {}
) -> None:
    """Rows of text as aligned columns on stdout, one line each. Every column but the
    last is padded to its widest cell (at least ``widths[column]``); the columns in
    ``right`` are aligned right."""
    table = [list(row) for row in rows]
    if not table:
        return
    flush_right = set(right)
    columns = max(map(len, table))
    width = [
        max([widths.get(column, 0)] + [len(row[column]) for row in table if column < len(row)])
        for column in range(columns)
    ]
    for row in table:
        cells = [
            cell
            if column == len(row) - 1 and column not in flush_right
            else f"{cell:>{width[column]}}"
            if column in flush_right
            else f"{cell:<{width[column]}}"
            for column, cell in enumerate(row)
        ]
        say(COLUMN_GAP.join(cells))


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 paper``, ``2 papers``, ``100,000 papers``; ``many`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def local_time(stamp: str) -> str:
    """A stored UTC time as the person's local ``YYYY-MM-DD HH:MM``."""
    from datetime import datetime

    try:
        return f"{datetime.fromisoformat(stamp).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return stamp
