"""The ``paperdeck`` command: argparse subcommands over the core.

``output`` holds what every command prints through (JSON, tables, messages, the one
error path and the exit statuses), ``session`` opens the library and resolves ids,
``registry`` turns the commands into a parser, and ``commands/`` holds one module
per command, each with its arguments next to its handler.

rich, the search engine, the exporters and the importers are imported by the
commands that use them: `paperdeck list QUERY | ...` is run often, and loading what
it does not need was a third of its start-up (`python -X importtime`). Its usual
command lines skip argparse and the registry too (``lean_list``), and run with the
cyclic garbage collector paused: a short process that frees what it made by
reference counting, whose imports alone set off collections worth ~5 ms.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .output import (
    EXIT_BAD_INPUT,
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_LIBRARY,
    EXIT_NETWORK,
    EXIT_OK,
    EXIT_SKIPPED,
    UserError,
    fail,
)

if TYPE_CHECKING:
    import argparse

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_LIBRARY",
    "EXIT_NETWORK",
    "EXIT_OK",
    "EXIT_SKIPPED",
    "build_parser",
    "main",
]


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The command line for ``argv``: the one command it names when it starts with a
    command (its arguments are all that is parsed), else every command."""
    from . import registry
    from .commands import COMMAND_NAMES, load_commands
    from .start import start

    load_commands(argv[0] if argv else None)
    return registry.build_parser(start, COMMAND_NAMES)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``paperdeck`` console script."""
    words = sys.argv[1:] if argv is None else list(argv)
    from .lean_list import list_arguments

    listed = list_arguments(words)
    if listed is None:
        args = build_parser(words).parse_args(words)
        return handled(args.handler, args)
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .commands.listing import run

        return handled(run, listed)
    finally:
        if collecting:
            gc.enable()


def handled(handler: Callable[[Any], int], args: object) -> int:
    """``handler(args)``'s exit status, every way it can fail turned into one line on
    stderr and its exit status."""
    from ..fetch.errors import RequestRejected, ServiceUnavailable
    from ..library import LibraryBusyError, ReadOnlyError, StorageError
    from ..textsafety import TextLimitError

    try:
        status: int = handler(args)
    except (UserError, TextLimitError) as error:
        fail(str(error), EXIT_BAD_INPUT)
    except (LibraryBusyError, StorageError) as error:
        fail(str(error), EXIT_LIBRARY)
    except RequestRejected as error:
        fail(f"{error}; nothing was changed", EXIT_BAD_INPUT)
    except ServiceUnavailable as error:
        fail(f"{error}; nothing was changed", EXIT_NETWORK)
    except ReadOnlyError as error:
        fail(f"cannot change the library: {error}", EXIT_LIBRARY)
    except KeyboardInterrupt:
        fail("interrupted; nothing was changed", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `paperdeck list | head`: the reader left; that is not an error.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        # A bug, not the person's mistake: one line, and the traceback in a file.
        where = write_crash_report(error)
        fail(f"internal error ({type(error).__name__}); the details are in {where}", EXIT_BUG)
    return status


def write_crash_report(error: BaseException) -> str:
    """Write the traceback of ``error`` to a new file in the temp folder; its path, or
    a note that it could not be written (then the traceback goes to stderr)."""
    import tempfile
    import traceback

    details = "".join(traceback.format_exception(error))
    try:
        fd, path = tempfile.mkstemp(prefix="paperdeck-crash-", suffix=".txt")
        with open(fd, "w", encoding="utf-8", errors="backslashreplace") as report:
            report.write(f"paperdeck {sys.argv[1:]!r}\n\n{details}")
    except OSError:
        sys.stderr.write(details)
        return "the traceback above"
    return path
