"""Which papers an export holds, shared by the CLI and the app."""

from collections.abc import Mapping, Sequence

from ..models import Paper, PaperState


def starred_items(
    papers: Sequence[Paper], states: Mapping[str, PaperState]
) -> list[tuple[Paper, PaperState]]:
    """The starred papers with their state, most recently starred first.

    ``states`` holds only papers with some state; papers starred in the same second
    keep library order (the sort is stable).
    """
    items = [
        (paper, state)
        for paper in papers
        if (state := states.get(paper.key)) is not None and state.starred
    ]
    items.sort(key=lambda item: item[1].starred_at or "", reverse=True)
    return items
