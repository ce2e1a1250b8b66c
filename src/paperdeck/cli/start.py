"""``paperdeck`` with no command: the app on a terminal, a summary anywhere else."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from .output import EXIT_OK, console, plural
from .session import open_library

SCRIPT_HELP = (
    "Run paperdeck in a terminal for the interactive reading list. From scripts:\n"
    "  paperdeck import FILE...      add papers (daily pages, arXiv dumps, JSON, BibTeX)\n"
    "  paperdeck list QUERY...       search, e.g. paperdeck list diffusion is:unread\n"
    "  paperdeck star ID...          star, read, tag and note papers\n"
    "  paperdeck export              the starred papers as Markdown\n"
    "  paperdeck undo                take back the last change (redo, history)\n"
    "  paperdeck --help              everything else"
)


def start(_args: argparse.Namespace) -> int:
    """The interactive app on a terminal, and a short summary where no app can run
    (a pipe, a script, CI)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        library = open_library(writable=False)
        out = console()
        out.print(f"paperdeck {__version__} · library: {library.home}")
        out.print(f"{plural(len(library.papers), 'paper')}, {library.counts()['starred']} starred.")
        out.print(SCRIPT_HELP)
        return EXIT_OK
    from ..tui.app import PaperdeckApp

    app = PaperdeckApp()
    app.run()
    # The app exits with EXIT_LIBRARY (and its message) when the library cannot open.
    return app.return_code or EXIT_OK
