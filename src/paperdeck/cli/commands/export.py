"""``paperdeck export``: the starred papers (or a query's, or all) to stdout or a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...library import StorageError
from ..output import EXIT_BAD_INPUT, EXIT_OK, UserError, console, fail, plural
from ..registry import command
from ..session import open_library, run_query

# The formats of `export --format` (paperdeck.export.EXPORTERS, which a test checks),
# named here so that building the parser does not import every exporter.
EXPORT_FORMATS = ("bibtex", "json", "markdown")


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", metavar="QUERY")
    parser.add_argument(
        "--all", action="store_true", help="every paper (with --format json: a backup)"
    )
    parser.add_argument("--format", choices=EXPORT_FORMATS, default="markdown")
    parser.add_argument(
        "--group-by", choices=("tag",), help="Markdown: a section per tag, then Untagged"
    )
    parser.add_argument(
        "--abstracts", action="store_true", help="Markdown: each abstract in a <details> block"
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")


def run(args: argparse.Namespace) -> int:
    from ...export import EXPORTERS
    from ...export.markdown import render_markdown
    from ...export.selection import starred_items
    from ...library.storage import write_atomically

    if args.all and args.query:
        raise UserError("give a query or --all, not both")
    if args.format != "markdown" and (args.group_by or args.abstracts):
        raise UserError("--group-by and --abstracts shape Markdown; drop them or --format")
    err = console(stderr=True)
    library = open_library(writable=False)
    if args.all:
        items = [(p, library.state(p.key)) for p in library.papers]
        heading, missing = "All papers", "the library is empty"
    elif args.query:
        items = [(p, library.state(p.key)) for p in run_query(library, args.query)]
        heading, missing = "Papers matching: " + " ".join(args.query), "no paper matches"
    else:
        items = starred_items(library.papers, library.states)
        heading, missing = "Starred papers", "no starred papers"
    if args.format == "markdown":
        document = render_markdown(
            items, title=heading, group_by_tag=args.group_by == "tag", abstracts=args.abstracts
        )
    else:
        document = EXPORTERS[args.format](items)
    if not items:
        err.print(f"paperdeck: nothing to export: {missing}")
    if args.output is None:
        sys.stdout.write(document)
        return EXIT_OK
    try:
        # Atomic, so an export over an existing reading list never leaves half of one.
        write_atomically(args.output, document.encode("utf-8"), keep_backup=False, mode=None)
    except StorageError as error:
        fail(str(error), EXIT_BAD_INPUT)
    err.print(f"Wrote {plural(len(items), 'paper')} to {args.output}")
    return EXIT_OK


command(
    "export",
    "export the starred papers (or a query's, or --all) to stdout or a file",
    run,
    arguments,
)
