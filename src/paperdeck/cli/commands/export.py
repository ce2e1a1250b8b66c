"""``paperdeck export``: the starred papers (or a query's, or all) to stdout or a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...library import StorageError
from ...textsafety import neutralise
from ..output import EXIT_BAD_INPUT, EXIT_OK, UserError, console, fail, plural
from ..registry import command
from ..session import open_library, run_query
from ..sort_arguments import add_sort_arguments
from ..sort_options import chosen_sort, in_order

# The formats of `export --format` (paperdeck.export.EXPORTERS, which a test checks),
# named here so that building the parser does not import every exporter.
EXPORT_FORMATS = ("bibtex", "json", "markdown")


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query", nargs="*", metavar="QUERY", help="export the papers this query matches"
    )
    parser.add_argument(
        "--all", action="store_true", help="export every paper (with --format json: a backup)"
    )
    parser.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="markdown",
        help="the format (default: markdown)",
    )
    parser.add_argument(
        "--group-by",
        choices=("tag",),
        help="Markdown: one section per tag, then the untagged papers",
    )
    parser.add_argument(
        "--abstracts", action="store_true", help="Markdown: each abstract in a <details> block"
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE ('-': stdout)"
    )
    add_sort_arguments(
        parser,
        default_from="the config file's sort, else the selection's order: a query's "
        "ranking, the most recently starred first, or the library's order",
    )


def run(args: argparse.Namespace) -> int:
    from ...export import EXPORTERS
    from ...export.markdown import render_markdown
    from ...export.selection import starred_items
    from ...library.storage import write_output

    if args.all and args.query:
        raise UserError("give a query or --all, not both")
    if args.format != "markdown" and (args.group_by or args.abstracts):
        raise UserError("--group-by and --abstracts shape Markdown; drop them or --format")
    err = console(stderr=True)
    # Without --sort or a sort in the config file, an export keeps its selection's
    # own order (see below): a backup of --all keeps the library's.
    sort, reverse = chosen_sort(args, unset="relevance")
    library = open_library(writable=False)
    # "relevance" is the selection's own order: a query's ranking, the starred papers
    # most recently starred first, or all papers in the library's order.
    if args.all:
        papers, ranked = library.papers, True
        heading, missing = "All papers", "the library is empty"
    elif args.query:
        papers, ranked = run_query(library, args.query), True
        heading, missing = "Papers matching: " + " ".join(args.query), "no paper matches"
    else:
        papers = [paper for paper, _state in starred_items(library.papers, library.states)]
        ranked = True
        heading, missing = "Starred papers", "no starred papers"
    ordered = in_order(
        papers, library.states, sort, reverse, has_query=ranked, corpus=library.papers
    )
    items = [(p, library.state(p.key)) for p in ordered]
    if args.format == "markdown":
        document = render_markdown(
            items, title=heading, group_by_tag=args.group_by == "tag", abstracts=args.abstracts
        )
    else:
        document = EXPORTERS[args.format](items)
    if not items:
        err.print(f"paperdeck: nothing to export: {missing}")
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(document)
        return EXIT_OK
    try:
        # Atomic, so an export over an existing reading list never leaves half of one.
        write_output(args.output, document.encode("utf-8"))
    except StorageError as error:
        fail(str(error), EXIT_BAD_INPUT)
    err.print(neutralise(f"Wrote {plural(len(items), 'paper')} to {args.output}"))
    return EXIT_OK


command(
    "export",
    "export the starred papers (or those a query matches, or --all) to stdout or a file",
    run,
    arguments,
)
