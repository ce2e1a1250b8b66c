"""``paperdeck similar ID``: the papers most like one paper, with the terms they share."""

from __future__ import annotations

import argparse
import sys

from ..output import EXIT_OK, plain_stream, say, write_json
from ..registry import command, positive_int
from ..session import open_library, resolve_all

DEFAULT_LIMIT = 10


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the paper's arXiv id or key")
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"show at most N papers (default: {DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the papers as a JSON array, with scores"
    )


def run(args: argparse.Namespace) -> int:
    from ...export import paper_record
    from ...recommend import recommender_for
    from .listing import plain_row

    library = open_library(writable=False)
    (paper,) = resolve_all(library, [args.id])
    recommender = recommender_for(library.papers)
    found = [
        (library.papers[position], score)
        for position, score in recommender.similar(paper.key, args.limit)
        if score > 0
    ]
    if args.json:
        write_json(
            [
                {
                    **paper_record(other, library.state(other.key)),
                    "similarity": round(score, 4),
                    "shared_terms": recommender.shared_terms(paper.key, other.key),
                }
                for other, score in found
            ]
        )
        return EXIT_OK
    lines = []
    for other, _score in found:
        shared = ", ".join(recommender.shared_terms(paper.key, other.key, 3))
        lines.append(plain_row(other, library.states.get(other.key)) + f"  [{shared}]\n")
    sys.stdout.write("".join(lines))
    if not found:
        say(f"no paper shares terms with {paper.key}", stderr=True)
    elif not plain_stream(sys.stdout):
        say(f"{len(found)} papers like {paper.key}", "dim", stderr=True)
    return EXIT_OK


command("similar", "list the papers most like one paper (by their words)", run, arguments)
