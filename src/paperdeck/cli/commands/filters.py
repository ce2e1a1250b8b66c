"""``paperdeck filters``: list saved filters, or save (``--save NAME QUERY``) or
delete (``--delete NAME``) one."""

from __future__ import annotations

import argparse

from ..output import EXIT_OK, UserError, say, write_json, write_table
from ..registry import command
from ..session import check_query, open_library


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", metavar="QUERY", help="the query to save with --save")
    parser.add_argument("--save", metavar="NAME", help="save QUERY under NAME (replacing it)")
    parser.add_argument("--delete", metavar="NAME", help="delete the saved filter NAME")
    parser.add_argument("--json", action="store_true", help="print the saved filters as JSON")


def change(args: argparse.Namespace) -> int:
    """``--save`` or ``--delete``."""
    from ...library import FilterNameError

    library = open_library(writable=True)
    try:
        if args.delete is not None:
            query = library.delete_filter(args.delete)
            say(f"Deleted the saved filter '{args.delete.strip()}' ({query}).")
            return EXIT_OK
        query = " ".join(args.query)
        if not query.strip():
            raise UserError("--save NAME needs a query after it")
        check_query(query)
        replaced = library.save_filter(args.save, query)
        say(f"{'Replaced' if replaced else 'Saved'} the filter '{args.save.strip()}': {query}")
        return EXIT_OK
    except FilterNameError as error:
        raise UserError(str(error)) from error
    finally:
        library.close()


def run(args: argparse.Namespace) -> int:
    if args.save is not None or args.delete is not None:
        return change(args)
    if args.query:
        raise UserError("a query is saved with --save NAME QUERY")
    library = open_library(writable=False)
    if args.json:
        write_json([{"name": name, "query": query} for name, query in library.filters.items()])
    elif not library.filters:
        say("No saved filters: save one with ctrl+s in the app or --save NAME QUERY.", stderr=True)
    else:
        write_table(library.filters.items())
    return EXIT_OK


command("filters", "list the saved filters, or save or delete one", run, arguments)
