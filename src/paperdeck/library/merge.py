"""Dedup and merge rules for imports (docs/ARCHITECTURE.md, Data). Pure: no files, no TinyDB.

An imported paper is the same as one the library holds when it has the same key, the
same arXiv id, the same normalised title, or the same normalised abstract. A match
keeps its key forever; what the newer import knows (upvotes, a real title where there
was only a derived one, an id, a date, an author count, author names, categories, an
abstract, a larger upvote count) updates the record. User state is not touched here at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import Entry, Paper, PaperState

# How the digests dedup compares are made (see _Fingerprint): columns.bin keeps them
# per paper with this number, and digests of another scheme are made anew. One
# more whenever normalise_for_match or _digest changes what they give.
FINGERPRINT_SCHEME = 1
FINGERPRINT_SIZE = 32
_NO_DIGEST = bytes(16)


@dataclass(slots=True)
class MergeOutcome:
    """The library's papers after an import, and what happened to each entry."""

    papers: list[Paper]
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # User state carried by the file, for papers that are new to the library.
    new_states: dict[str, PaperState] = field(default_factory=dict)
    # False when the import brought nothing: no paper added, no field or source changed.
    changed: bool = False
    # Per paper of ``papers``, its title and abstract digests (see stored_digests),
    # for columns.bin: the next import need not fold every abstract again.
    digests: list[bytes] = field(default_factory=list)


def merge_fields(old: Paper, new: Paper) -> Paper:
    """``old`` with what ``new`` knows and ``old`` does not, and the larger upvote count.

    The key never changes; sources are the union of both in order.
    """
    changes: dict[str, object] = {}
    if old.title_derived and not new.title_derived:
        changes["title"] = new.title
        changes["title_derived"] = False
    if not old.abstract and new.abstract:
        changes["abstract"] = new.abstract
    for name in ("arxiv_id", "published", "authors", "org"):
        if getattr(old, name) is None and getattr(new, name) is not None:
            changes[name] = getattr(new, name)
    # A partial date only helps a paper with no date at all: one whose arXiv id already
    # gives year and month (which paperdeck's own BibTeX export writes back) is not news.
    if new.date_hint and not old.sort_date:
        changes["date_hint"] = new.date_hint
    if "published" in changes:
        changes["date_hint"] = None
    # Names and categories come whole from one source: a paper with none gains them,
    # and a source without them (a daily page, a bare id list) never wipes them. A
    # longer list that starts with the known one completes it (a BibTeX "and others"
    # list, then the full one); any other list is another source's view and waits.
    for name in ("author_names", "categories"):
        known, offered = getattr(old, name), getattr(new, name)
        if len(offered) > len(known) and offered[: len(known)] == known:
            changes[name] = offered
    # Upvotes only grow, so the larger count is the newer one, whichever page came last.
    if new.upvotes is not None and (old.upvotes is None or new.upvotes > old.upvotes):
        changes["upvotes"] = new.upvotes
    sources = old.sources + tuple(s for s in new.sources if s not in old.sources)
    if sources != old.sources:
        changes["sources"] = sources
    return old.with_changes(**changes) if changes else old


def _metadata_changed(old: Paper, new: Paper) -> bool:
    # A paper seen in one more file is not news; a changed field is.
    return old.with_changes(sources=new.sources) != new


class _Matcher:
    """Finds the library paper an incoming one duplicates, by any of the four rules.

    Normalising an abstract is the costly step of an import, so each paper's folded
    title and abstract are computed once and passed around as a _Fingerprint.
    """

    def __init__(self, papers: Iterable[Paper], stored: Sequence[bytes] | None = None) -> None:
        self.by_key: dict[str | bytes, int] = {}
        self.by_arxiv: dict[str | bytes, int] = {}
        self.by_title: dict[str | bytes, int] = {}
        self.by_abstract: dict[str | bytes, int] = {}
        # The digests of every paper, in order (stored_digests), for the column file.
        self.digests: list[bytes] = []
        for position, paper in enumerate(papers):
            if stored is None:
                print_ = _Fingerprint.of(paper)
            else:
                print_ = _Fingerprint.from_digests(paper, stored[position])
            self.remember(position, print_)
            self.digests.append(print_.stored_digests())

    def remember(self, position: int, print_: _Fingerprint) -> None:
        for index, value in self._indexes(print_):
            if value:
                index.setdefault(value, position)

    def find(self, print_: _Fingerprint) -> int | None:
        for index, value in self._indexes(print_):
            if value and value in index:
                return index[value]
        return None

    def _indexes(
        self, print_: _Fingerprint
    ) -> tuple[tuple[dict[str | bytes, int], str | bytes | None], ...]:
        return (
            (self.by_key, print_.key),
            (self.by_arxiv, print_.arxiv_id),
            (self.by_title, print_.title),
            (self.by_abstract, print_.abstract),
        )


@dataclass(frozen=True, slots=True)
class _Fingerprint:
    """What dedup compares: key, arXiv id, and digests of the folded title and abstract.

    A digest, not the folded text: the matcher keeps one per paper, and a million
    folded abstracts held beside the papers were about a gigabyte. 128 bits make a
    collision (two different texts taken for one) about 10^-26 likely at 10^6 papers.
    """

    key: str
    arxiv_id: str | None
    title: bytes
    abstract: bytes

    @classmethod
    def of(cls, paper: Paper) -> _Fingerprint:
        return cls(
            paper.key, paper.arxiv_id, _digest(paper.norm_title), _digest(paper.norm_abstract)
        )

    @classmethod
    def from_digests(cls, paper: Paper, digests: bytes) -> _Fingerprint:
        """The fingerprint of ``paper`` from its stored_digests, nothing folded."""
        title, abstract = digests[:16], digests[16:]
        return cls(
            paper.key,
            paper.arxiv_id,
            b"" if title == _NO_DIGEST else title,
            b"" if abstract == _NO_DIGEST else abstract,
        )

    def stored_digests(self) -> bytes:
        """The two digests in FINGERPRINT_SIZE bytes, zeros for an empty text."""
        return (self.title or _NO_DIGEST) + (self.abstract or _NO_DIGEST)


def _digest(folded: str) -> bytes:
    """16 bytes standing for a folded text; empty for an empty one (nothing to match)."""
    if not folded:
        return b""
    # Imported here: `paperdeck list` loads this module but merges nothing, and
    # hashlib (OpenSSL) is a few milliseconds of its start.
    from hashlib import blake2b

    return blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def merge_entries(
    existing: list[Paper],
    entries: Iterable[Entry],
    stamp: str,
    stored: Sequence[bytes] | None = None,
) -> MergeOutcome:
    """Fold imported entries into the library's papers.

    ``stored``: the existing papers' digests (MergeOutcome.digests of the import that
    made them, kept in columns.bin), when known: folding every abstract to make them
    was most of what an import of a few papers into a large library cost.

    ``stamp`` (the import's ISO time) becomes ``added`` on new papers and ``updated``
    on papers whose metadata differs from before the import. A paper is compared
    once, after all entries, so a file that names it twice with different upvotes
    re-imports as unchanged. Counts: ``added`` new papers, ``updated`` papers the
    library already had whose metadata changed, ``unchanged`` the other entries.
    """
    papers = list(existing)
    if stored is not None and len(stored) != len(papers):
        stored = None
    matcher = _Matcher(papers, stored)
    digests = matcher.digests
    outcome = MergeOutcome(papers=papers, digests=digests)
    known_before = len(existing)
    touched: set[int] = set()
    count = 0
    for entry in entries:
        count += 1
        incoming = entry.paper
        incoming_print = _Fingerprint.of(incoming)
        position = matcher.find(incoming_print)
        if position is None:
            papers.append(incoming.with_changes(added=stamp, updated=None))
            matcher.remember(len(papers) - 1, incoming_print)
            digests.append(incoming_print.stored_digests())
            outcome.added += 1
            outcome.changed = True
            if entry.state is not None:
                _collect_state(outcome.new_states, incoming.key, entry.state)
            continue
        old = papers[position]
        merged = merge_fields(old, incoming)
        if merged is not old:
            # A merge can bring a real title, an id or an abstract: remember the paper by
            # those too. Most merges only raise upvotes; refolding the abstract for them
            # would cost as much as the import itself.
            if (merged.title, merged.arxiv_id, merged.abstract) != (
                old.title,
                old.arxiv_id,
                old.abstract,
            ):
                merged_print = _Fingerprint.of(merged)
                matcher.remember(position, merged_print)
                digests[position] = merged_print.stored_digests()
            papers[position] = merged
            outcome.changed = True
        if position < known_before:
            touched.add(position)
        elif entry.state is not None:
            _collect_state(outcome.new_states, merged.key, entry.state)
    for position in touched:
        before, after = existing[position], papers[position]
        if _metadata_changed(before, after):
            papers[position] = after.with_changes(updated=stamp)
            outcome.updated += 1
    outcome.unchanged = count - outcome.added - outcome.updated
    return outcome


def _collect_state(states: dict[str, PaperState], key: str, carried: PaperState) -> None:
    # The same new paper may appear twice in one import: union its tags, keep any star.
    previous = states.get(key)
    carried = carried.with_changes(key=key)
    if previous is None:
        states[key] = carried
        return
    tags = previous.tags + tuple(t for t in carried.tags if t not in previous.tags)
    states[key] = previous.with_changes(
        starred=previous.starred or carried.starred,
        read=previous.read or carried.read,
        tags=tags,
        note=previous.note or carried.note,
    )
