"""The ``paperdeck`` command: argparse subcommands over the core.

``output`` holds what every command prints through (JSON, tables, messages, the one
error path and the exit statuses), ``session`` opens the library and resolves ids,
``registry`` turns the commands into a parser, and ``commands/`` holds one module
per command, each with its arguments next to its handler.

rich, the search engine, the exporters and the importers are imported by the
commands that use them: `paperdeck list QUERY | ...` is run often, and loading what
it does not need was a third of its start-up (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..library import LibraryBusyError, StorageError
from . import registry
from .commands import load_commands
from .output import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_LIBRARY,
    EXIT_OK,
    EXIT_SKIPPED,
    UserError,
    fail,
)
from .session import WRITER_WAIT_SECONDS
from .start import start

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_LIBRARY",
    "EXIT_OK",
    "EXIT_SKIPPED",
    "WRITER_WAIT_SECONDS",
    "build_parser",
    "main",
]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, every command registered."""
    load_commands()
    return registry.build_parser(start)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``paperdeck`` console script."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except UserError as error:
        fail(str(error), EXIT_BAD_INPUT)
    except (LibraryBusyError, StorageError) as error:
        fail(str(error), EXIT_LIBRARY)
    except KeyboardInterrupt:
        fail("interrupted; nothing was changed", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `paperdeck list | head`: the reader left; that is not an error.
        sys.stderr.close()
        return EXIT_OK
    return status
