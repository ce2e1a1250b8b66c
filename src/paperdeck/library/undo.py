"""The undo journal: every triage action kept as a step that can be undone and redone.

A step records the action (star, tag ``x``, this note…), the papers it changed and
their states just before. Undoing puts those states back exactly, timestamps and all.
Redoing applies the action again with its original time, which gives exactly the
states it gave the first time: nothing else can have changed those papers since,
because any new action drops the steps that were undone.

A step stores the action rather than every state it made, so marking all of a
100,000-paper library read costs the journal a list of keys, not 100,000 states.

The journal lives in state.json beside the states, so one atomic write carries an
action and its step together: there is never a change on disk that undo cannot see.
Every process writes the one journal (under the writer lock, re-read first), so
undo takes back the newest step whichever process made it.

A note step keeps the note before (in ``before``) and, in place of the new note,
the edit that makes it (``note_edit``): typing into a large note stores what was
typed, not a second copy. Note steps of one editing session (``Step.session``)
fold into one while the step is the newest (``Journal.with_note_step``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import orjson

from ..models import PaperState
from .saved_filters import Filters, SavedFilter, with_filter_at

# How many steps back undo can go, and how many paper keys all the kept steps may
# hold together: the journal is rewritten with every action, so its size is a cost
# on each star. The newest step is always kept, however large.
MAX_STEPS = 1000
MAX_KEYS = 200_000

# What each kind of action is called in a message: "Undid: starred 3 papers".
_VERBS = {
    "star": "starred",
    "unstar": "unstarred",
    "read": "marked read",
    "unread": "marked unread",
    "tag": "tagged",
    "untag": "untagged",
    "note": "edited the note on",
    "title": "titled",
    "delete_filter": "deleted the saved filter",
}
ACTION_KINDS = tuple(_VERBS)


@dataclass(frozen=True, slots=True)
class Action:
    """A triage action that can be applied to a paper's state at a given time.

    Each kind uses its own fields: ``tags`` (tag, untag), ``note``, ``title`` (None
    clears the person's title). ``delete_filter`` changes no paper: it keeps the
    saved filter it removed and its ``position``, for undo to put it back.
    """

    kind: str
    tags: tuple[str, ...] = ()
    note: str = ""
    title: str | None = None
    saved: SavedFilter | None = None
    position: int = 0

    def __post_init__(self) -> None:
        if self.kind not in _VERBS:
            raise ValueError(f"unknown action {self.kind!r}")

    def apply(self, state: PaperState, now: str) -> PaperState:
        """The state after this action at time ``now`` (the same state when the
        action changes nothing, say starring a starred paper)."""
        kind = self.kind
        if kind in ("star", "unstar"):
            starred = kind == "star"
            if state.starred == starred:
                return state
            return state.with_changes(starred=starred, starred_at=now)
        if kind in ("read", "unread"):
            read = kind == "read"
            return state if state.read == read else state.with_changes(read=read, read_at=now)
        if kind == "tag":
            # Tags match case-insensitively, as tag:NAME does: "ToDo" does not add a
            # twin of "todo".
            have = {tag.casefold() for tag in state.tags}
            extra: list[str] = []
            for tag in self.tags:
                if tag.casefold() not in have:
                    have.add(tag.casefold())
                    extra.append(tag)
            return state.with_changes(tags=state.tags + tuple(extra)) if extra else state
        if kind == "untag":
            unwanted = {tag.casefold() for tag in self.tags}
            kept = tuple(tag for tag in state.tags if tag.casefold() not in unwanted)
            return state if kept == state.tags else state.with_changes(tags=kept)
        if kind == "title":
            return state if state.title == self.title else state.with_changes(title=self.title)
        if kind == "delete_filter":
            return state
        return state if state.note == self.note else state.with_changes(note=self.note)

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"kind": self.kind}
        if self.tags:
            record["tags"] = list(self.tags)
        if self.kind == "note":
            record["note"] = self.note
        if self.kind == "title":
            record["title"] = self.title
        if self.saved is not None:
            record["filter"] = self.saved.to_dict()
            record["position"] = self.position
        return record

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Action:
        saved = data.get("filter")
        position = data.get("position", 0)
        if not isinstance(position, int):
            raise ValueError(f"a journal step with a filter position {position!r}")
        return cls(
            kind=data["kind"],
            tags=tuple(data.get("tags", ())),
            note=data.get("note", ""),
            title=data.get("title"),
            saved=SavedFilter.from_dict(saved) if saved is not None else None,
            position=position,
        )


@dataclass(frozen=True)
class Step:
    """One action as done: what it was, when, and the states it replaced.

    (No slots: the stored form is cached on the instance, since the whole journal
    is written with every action and a bulk step can hold 100,000 papers.)
    """

    action: Action
    time: str
    keys: tuple[str, ...]
    # The states of ``keys`` just before, for the papers that had one (a key missing
    # here had the default state).
    before: Mapping[str, PaperState] = field(default_factory=dict)
    # The editing session of a note step: later note writes of the same session
    # fold into this step while it is the newest (Journal.with_note_step).
    session: str | None = None

    def state_before(self, key: str) -> PaperState:
        return self.before.get(key) or PaperState(key=key)

    def describe(self, title_of: Callable[[str], str | None]) -> str:
        """What the step did, in words: ``starred “A title”``, ``tagged 3 papers +x``."""
        action = self.action
        if action.kind == "delete_filter" and action.saved is not None:
            return f"{_VERBS[action.kind]} “{action.saved.name}”"
        if action.kind == "title":
            if action.title:
                return f"titled “{_shortened(action.title)}”"
            old = self.state_before(self.keys[0]).title or self.keys[0]
            return f"removed the title “{_shortened(old)}”"
        if len(self.keys) == 1:
            title = title_of(self.keys[0]) or self.keys[0]
            target = f"“{_shortened(title)}”"
        else:
            target = f"{len(self.keys)} papers"
        text = f"{_VERBS[action.kind]} {target}"
        if action.kind == "tag":
            text += " " + " ".join(f"+{tag}" for tag in action.tags)
        elif action.kind == "untag":
            text += " " + " ".join(f"-{tag}" for tag in action.tags)
        return text

    def to_dict(self) -> dict[str, Any]:
        return self._record

    @cached_property
    def _record(self) -> dict[str, Any]:
        action = self.action.to_dict()
        if self.action.kind == "note" and len(self.keys) == 1:
            # The note before is in ``before``: the new one is kept as the edit
            # that turns it into the new one, not as a second full copy.
            del action["note"]
            action["edit"] = note_edit(self.state_before(self.keys[0]).note, self.action.note)
        record = {
            "action": action,
            "time": self.time,
            "keys": list(self.keys),
            "before": [state.to_dict() for state in self.before.values()],
        }
        if self.session is not None:
            record["session"] = self.session
        return record

    @cached_property
    def encoded(self) -> bytes:
        """The stored form as JSON, made once: the journal is written whole on
        every action."""
        return orjson.dumps(self._record)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        before = {s.key: s for s in map(PaperState.from_dict, data.get("before", ()))}
        keys = tuple(data["keys"])
        session = data.get("session")
        if not all(isinstance(key, str) for key in keys) or not isinstance(data["time"], str):
            raise ValueError("a journal step with a bad key or time")
        if session is not None and not isinstance(session, str):
            raise ValueError(f"a journal step with a session {session!r:.40}")
        action = data["action"]
        if "edit" in action and len(keys) == 1:
            old = before[keys[0]].note if keys[0] in before else ""
            action = {**action, "note": applied_edit(old, action["edit"])}
        return cls(
            action=Action.from_dict(action),
            time=data["time"],
            keys=keys,
            before=before,
            session=session,
        )


@dataclass(frozen=True, slots=True)
class Journal:
    """The steps in order; the first ``position`` are done, the rest were undone
    and can be redone."""

    steps: tuple[Step, ...] = ()
    position: int = 0

    @property
    def can_undo(self) -> bool:
        return self.position > 0

    @property
    def can_redo(self) -> bool:
        return self.position < len(self.steps)

    @property
    def to_undo(self) -> Step | None:
        """The step that undo would take back."""
        return self.steps[self.position - 1] if self.can_undo else None

    @property
    def to_redo(self) -> Step | None:
        """The step that redo would do again."""
        return self.steps[self.position] if self.can_redo else None

    def recorded(self, step: Step) -> Journal:
        """The journal with a new step done: the undone steps are dropped, and the
        oldest go once there are too many steps or keys."""
        steps = [*self.steps[: self.position], step]
        keys = 0
        keep = 0
        for kept in reversed(steps):
            keys += len(kept.keys)
            if keep and (keep >= MAX_STEPS or keys > MAX_KEYS):
                break
            keep += 1
        steps = steps[len(steps) - keep :]
        return Journal(tuple(steps), len(steps))

    def with_note_step(self, step: Step) -> Journal:
        """The journal with a note step recorded, folded into the newest step when
        that one is a done note step of the same paper and editing session (its
        ``before`` stays: undo goes back to the note as it was when editing began)."""
        last = self.steps[-1] if self.steps else None
        if (
            step.session is not None
            and last is not None
            and self.position == len(self.steps)
            and last.session == step.session
            and last.action.kind == "note"
            and last.keys == step.keys
        ):
            folded = Step(step.action, step.time, step.keys, last.before, step.session)
            return Journal((*self.steps[:-1], folded), self.position)
        return self.recorded(step)

    def moved(self, by: int) -> Journal:
        """The journal after undoing (``by`` = -1) or redoing (+1) one step."""
        return Journal(self.steps, self.position + by)

    def to_dict(self) -> dict[str, Any]:
        return {"position": self.position, "steps": [step.to_dict() for step in self.steps]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Journal:
        steps = tuple(Step.from_dict(record) for record in data.get("steps", ()))
        position = data.get("position", len(steps))
        if not isinstance(position, int) or not 0 <= position <= len(steps):
            raise ValueError(f"a journal position {position!r} outside its {len(steps)} steps")
        return cls(steps, position)


def step_for(
    action: Action, time: str, before: Iterable[PaperState], *, session: str | None = None
) -> Step:
    """The step of an action that changed exactly the papers whose states before it
    are ``before`` (default states among them are not kept: they are implied).

    A tag or untag step keeps only the tags that changed some paper, so that it says
    what it did (``+gp``, not ``+todo +gp`` when every paper had todo). Redo applies
    the narrowed action to the same states, with the same result: a tag left out
    changed none of them.
    """
    earlier = list(before)
    kept = {state.key: state for state in earlier if not state.is_default}
    if action.kind in ("tag", "untag"):
        action = _narrowed(action, earlier, time)
    keys = tuple(s.key for s in earlier)
    return Step(action=action, time=time, keys=keys, before=kept, session=session)


def undone(step: Step, filters: Filters) -> tuple[list[PaperState], Filters | None]:
    """What undoing ``step`` writes: the states it replaced, and for a deleted saved
    filter, the filters with it back in its place (None: the filters stay)."""
    saved = step.action.saved
    if step.action.kind == "delete_filter" and saved is not None:
        return [], with_filter_at(filters, saved, step.action.position)
    return [step.state_before(key) for key in step.keys], None


def redone(
    step: Step, state_of: Callable[[str], PaperState], filters: Filters
) -> tuple[list[PaperState], Filters | None]:
    """What redoing ``step`` writes: the states its action gives the papers' current
    ones at its own time (or the filters without the one it deleted)."""
    saved = step.action.saved
    if step.action.kind == "delete_filter" and saved is not None:
        return [], {name: f for name, f in filters.items() if name != saved.name}
    again = []
    for key in step.keys:
        old = state_of(key)
        new = step.action.apply(old, step.time)
        again.append(new if new == old else new.with_changes(updated_at=step.time))
    return again, None


def _narrowed(action: Action, before: list[PaperState], time: str) -> Action:
    """A tag or untag action with only the tags it added to, or removed from, some
    paper of ``before``."""
    changed: set[str] = set()
    for state in before:
        old = {tag.casefold() for tag in state.tags}
        new = {tag.casefold() for tag in action.apply(state, time).tags}
        changed |= old ^ new
    tags = tuple(tag for tag in action.tags if tag.casefold() in changed)
    return action if tags == action.tags else Action(action.kind, tags=tags)


def note_edit(old: str, new: str) -> list[int | str]:
    """``[kept_start, kept_end, text]``: ``new`` is the first ``kept_start``
    characters of ``old``, then ``text``, then the last ``kept_end`` characters of
    ``old`` (typing in a 1 MB note stores what was typed, not the note again)."""
    start = _common_prefix(old, new)
    end = _common_prefix(old[start:][::-1], new[start:][::-1])
    return [start, end, new[start : len(new) - end]]


def applied_edit(old: str, edit: Any) -> str:
    """The note ``note_edit`` describes, or ValueError for an edit that does not fit."""
    if not (
        isinstance(edit, list)
        and len(edit) == 3
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in edit[:2])
        and isinstance(edit[2], str)
        and edit[0] + edit[1] <= len(old)
    ):
        raise ValueError("a note step whose edit does not fit the note before it")
    start, end, text = edit
    return old[:start] + text + old[len(old) - end :]


def _common_prefix(first: str, second: str) -> int:
    """The length of the longest common prefix, by halving (slices compare in C)."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[low:middle] == second[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _shortened(title: str, width: int = 60) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"
