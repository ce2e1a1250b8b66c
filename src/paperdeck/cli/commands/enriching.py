"""``paperdeck enrich [QUERY...]``: make thin records as complete as arXiv allows.

Two kinds of paper are thin: those with an arXiv id but no real title, author names
or categories (the id-and-abstract corpora), completed by batched ``id_list``
requests; and those with a real title but no id (the daily pages), whose id is
found by title searches (``ti:"…" OR ti:"…"``, a few titles a request), a hit
counting only when the titles are equal once normalised. A QUERY limits both to
the papers it matches.
"""

from __future__ import annotations

import argparse

from ...models import Paper
from ..output import EXIT_OK, EXIT_SKIPPED, plural, say, write_json
from ..registry import command
from ..session import open_library, run_query

SOURCE = "arxiv"
# Not-found papers named in the summary; --json lists them all.
SHOWN_NOT_FOUND = 10


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", metavar="QUERY", help="only the papers it matches")
    parser.add_argument("--json", action="store_true", help="print what was done as JSON")


def is_thin(paper: Paper) -> bool:
    """An arXiv paper the library knows less of than arXiv does."""
    return paper.arxiv_id is not None and (
        paper.title_derived or not paper.author_names or not paper.categories
    )


def needs_id(paper: Paper) -> bool:
    """A paper with a real title and no arXiv id."""
    return paper.arxiv_id is None and not paper.title_derived


def run(args: argparse.Namespace) -> int:
    from ...fetch.arxiv_api import TITLE_BATCH, id_batches
    from ...fetch.records import entries_of
    from ..network import fetcher, progress_bar, report_problems, save

    library = open_library(writable=False)
    papers = run_query(library, args.query) if args.query else library.papers
    thin = [paper for paper in papers if is_thin(paper)]
    untitled = [paper for paper in papers if needs_id(paper)]
    ids = list(dict.fromkeys(paper.arxiv_id for paper in thin if paper.arxiv_id))
    titles = [paper.title for paper in untitled]
    if not ids and not titles:
        say(
            "Nothing to enrich: every paper has its title, names and categories or no way to "
            "find them."
        )
        return EXIT_OK
    id_requests = len(id_batches(ids))
    total = id_requests + len(id_batches(titles, TITLE_BATCH))
    with fetcher() as client, progress_bar("Asking arXiv") as progress:
        looked_up = client.lookup(ids, lambda done, _n: progress(done, total))
        by_title = client.find_titles(titles, lambda done, _n: progress(id_requests + done, total))
    records = looked_up.papers + list(by_title.values())
    entries, problems = entries_of(records, SOURCE)
    saved = save([SOURCE], entries, problems) if entries else None
    report_problems(problems)
    not_found = [paper.title for paper in untitled if paper.title not in by_title]
    if args.json:
        write_json(
            {
                "completed": len(looked_up.papers),
                "resolved": {title: paper.arxiv_id for title, paper in by_title.items()},
                "ids_not_found": looked_up.missing,
                "titles_not_found": not_found,
                "updated": saved.report.updated if saved else 0,
                "skipped": len(problems),
            }
        )
        return EXIT_SKIPPED if problems else EXIT_OK
    say(
        f"Asked arXiv about {plural(len(ids), 'paper')} by id and {plural(len(titles), 'title')}:"
        f" completed {len(looked_up.papers):,}, found the id of {len(by_title):,}"
        f"; not found: {len(looked_up.missing):,} ids, {len(not_found):,} titles."
    )
    if saved is not None:
        say(f"Saved: {saved.summary()}")
    for ident in looked_up.missing[:SHOWN_NOT_FOUND]:
        say(f"  id not found: {ident}")
    for title in not_found[:SHOWN_NOT_FOUND]:
        say(f"  title not found: {title}")
    hidden = max(len(looked_up.missing) - SHOWN_NOT_FOUND, 0)
    hidden += max(len(not_found) - SHOWN_NOT_FOUND, 0)
    if hidden:
        say(f"  … and {hidden:,} more (--json lists them all)")
    return EXIT_SKIPPED if problems else EXIT_OK


command(
    "enrich",
    "complete thin papers from arXiv: titles, names and categories by id, ids by title",
    run,
    arguments,
)
