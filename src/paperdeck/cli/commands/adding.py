"""``paperdeck add ID|URL...``: papers from the arXiv API by id, in any spelling.

One ``id_list`` request per 100 ids. New papers are added, papers the library holds
are completed with what arXiv knows (a title, names, categories, a date); an id
arXiv does not know is named. Every id is checked before anything is asked.
"""

from __future__ import annotations

import argparse

from ...fetch.specs import arxiv_ids
from ..output import EXIT_OK, EXIT_SKIPPED, UserError, plural, say, write_json
from ..registry import command

SOURCE = "arxiv"
# Unknown ids named one a line; --json lists them all.
SHOWN_MISSING = 20


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "references",
        nargs="+",
        metavar="ID|URL",
        help="an arXiv id (2406.09415, 2406.09415v2, arXiv:2406.09415, hep-th/9711200) "
        "or its abs/pdf URL",
    )
    parser.add_argument("--json", action="store_true", help="print what was done as JSON")


def run(args: argparse.Namespace) -> int:
    from ...fetch.records import entries_of
    from ..network import fetcher, progress_bar, report_problems, save

    ids, bad = arxiv_ids(args.references)
    if bad:
        raise UserError(
            f"not an arXiv id: {', '.join(repr(b) for b in bad)} (give an id like 2406.09415,"
            " arXiv:2406.09415 or hep-th/9711200, or its arxiv.org URL); nothing was added"
        )
    with fetcher() as client, progress_bar("Asking arXiv") as progress:
        found = client.lookup(ids, progress)
    entries, problems = entries_of(found.papers, SOURCE)
    saved = save([SOURCE], entries, problems) if entries else None
    report_problems(problems)
    for ident in found.missing[:SHOWN_MISSING]:
        say(f"paperdeck: arXiv does not know {ident}", "yellow", stderr=True)
    if len(found.missing) > SHOWN_MISSING:
        more = len(found.missing) - SHOWN_MISSING
        say(f"paperdeck: … nor {more:,} more (--json lists them all)", "yellow", stderr=True)
    if args.json:
        report = saved.report if saved else None
        write_json(
            {
                "asked": ids,
                "found": [paper.arxiv_id for paper in found.papers],
                "missing": found.missing,
                "added": report.added if report else 0,
                "updated": report.updated if report else 0,
                "unchanged": report.unchanged if report else 0,
                "skipped": len(problems),
            }
        )
    elif saved is not None:
        say(f"arXiv knew {plural(len(found.papers), 'paper')}: {saved.summary()}")
    if not found.papers:
        raise UserError("arXiv knows none of the ids asked for; nothing was added")
    return EXIT_SKIPPED if found.missing or problems else EXIT_OK


command(
    "add",
    "add papers from arXiv by id or URL (new ones added, known ones completed)",
    run,
    arguments,
)
