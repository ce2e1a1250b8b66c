"""A paper's authors in one short line: the first few names, then "et al."."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Paper

# How many names a line shows before "et al.": what a citation shows.
SHOWN_NAMES = 3


def author_list(
    paper: Paper, *, most: int = SHOWN_NAMES, escape: Callable[[str], str] = str
) -> str | None:
    """``Ada Lovelace``, ``A and B``, ``A, B and C``, or ``A, B, C et al.`` when the
    paper has more names than ``most`` or a count above its names ("and others");
    None without names. Each name goes through ``escape`` (Markdown's, the app's)."""
    names = paper.author_names
    if not names:
        return None
    shown = [escape(name) for name in names[:most]]
    if len(names) > most or (paper.authors or 0) > len(names):
        return ", ".join(shown) + " et al."
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]
