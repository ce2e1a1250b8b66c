"""``paperdeck filters``: list saved filters, or save (``--save NAME QUERY``) or
delete (``--delete NAME``) one."""

from __future__ import annotations

import argparse

from ...sorting import describe_sort
from ..output import EXIT_OK, UserError, say, write_json, write_table
from ..registry import command
from ..session import check_query, open_library
from ..sort_arguments import add_sort_arguments


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", metavar="QUERY", help="the query to save with --save")
    parser.add_argument("--save", metavar="NAME", help="save QUERY under NAME (replacing it)")
    parser.add_argument("--delete", metavar="NAME", help="delete the saved filter NAME")
    parser.add_argument("--json", action="store_true", help="print the saved filters as JSON")
    add_sort_arguments(parser, default_from="none, the list's sort stands")


def change(args: argparse.Namespace) -> int:
    """``--save`` or ``--delete``."""
    from ...library import FilterNameError

    if args.delete is not None and (args.sort is not None or args.reverse):
        raise UserError("--sort and --reverse go with --save, not --delete")
    if args.reverse and args.sort is None:
        raise UserError("--reverse needs --sort: which sort should the filter reverse?")
    library = open_library(writable=True)
    try:
        if args.delete is not None:
            query = library.delete_filter(args.delete)
            say(
                f"Deleted the saved filter '{args.delete.strip()}' ({query}); "
                "`paperdeck undo` brings it back."
            )
            return EXIT_OK
        query = " ".join(args.query)
        if not query.strip():
            raise UserError("--save NAME needs a query after it")
        check_query(query)
        replaced = library.save_filter(args.save, query, sort=args.sort, reverse=args.reverse)
        sort = f" (sorted by {describe_sort(args.sort, args.reverse)})" if args.sort else ""
        verb = "Replaced" if replaced else "Saved"
        say(f"{verb} the filter '{args.save.strip()}': {query}{sort}")
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
    if args.sort is not None or args.reverse:
        raise UserError("--sort and --reverse go with --save NAME QUERY")
    library = open_library(writable=False)
    saved = library.saved_filters.values()
    if args.json:
        write_json(
            [
                {"name": f.name, "query": f.query, "sort": f.sort, "reverse": f.reverse}
                for f in saved
            ]
        )
    elif not saved:
        say("No saved filters: save one with ctrl+s in the app or --save NAME QUERY.", stderr=True)
    else:
        write_table(
            (f.name, f.query, f"sorted by {describe_sort(f.sort, f.reverse)}")
            if f.sort is not None
            else (f.name, f.query)
            for f in saved
        )
    return EXIT_OK


command("filters", "list the saved filters, or save or delete one", run, arguments)
