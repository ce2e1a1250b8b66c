"""The triage keys of the main screen: star, read, tags, marks, undo and notes.

A mixin of :class:`~.main.MainScreen`, kept apart so each module has one job. Every
change goes through :meth:`TriageActions._write`: the library writes first, and the
screen changes only after the write succeeded, so what the person sees is on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...library import Library, ReadOnlyError, StorageError
from ...library.undo import Step
from ...models import Paper, PaperState, split_tags
from ...textsafety import neutralise
from ..widgets import NotesPane, PaperList
from .parts import MainScreenParts
from .prompt import ChoiceScreen, PromptScreen


class TriageActions(MainScreenParts):
    """Actions that change the state of the highlighted or the marked papers."""

    def _targets(self) -> list[Paper] | None:
        """The papers an action applies to: the marked ones (in library order), else
        the highlighted one; None after telling the person there is none."""
        library = self.library
        if library is None:
            return None
        if self.acting_on is not None:
            return [self.paper_list.papers[self.acting_on]]
        marked = self.paper_list.marked
        if marked:
            return [self.paper_list.papers[position] for position in sorted(marked)]
        paper = self._paper_to_act_on()
        return [paper] if paper is not None else None

    def _triage_targets(self) -> list[Paper] | None:
        """The targets of a change, or None (having said why) when nothing may change."""
        targets = self._targets()
        if targets is None or not self._writable():
            return None
        return targets

    def _write(self, change: Callable[[Library], object]) -> bool:
        """Apply ``change`` to the library and show the outcome."""
        library = self.library
        if library is None or not self._writable():
            return False
        try:
            change(library)
        except (StorageError, ReadOnlyError, OSError) as error:
            self.notify(f"Not saved: {error}", title="Save failed", severity="error", timeout=15)
            return False
        self._state_changed()
        return True

    def _writable(self) -> bool:
        """False, after saying so, when the library cannot be written."""
        if self.read_only_reason:
            self.notify(f"Read-only: {self.read_only_reason}.", severity="warning")
            return False
        return True

    def _toggle(
        self,
        is_on: Callable[[PaperState], bool],
        set_to: Callable[[Library, list[str], bool], object],
        told: tuple[str, str],
    ) -> None:
        """Star/read: on for every target unless all already are, then off for all.
        ``told`` is what to say after a bulk change, turned on and off ({} = count)."""
        targets = self._triage_targets()
        if targets is None or self.library is None:
            return
        library = self.library
        keys = [paper.key for paper in targets]
        turn_on = not all(is_on(library.state(key)) for key in keys)
        bulk = len(keys) > 1
        if not bulk and self.acting_on is None and self.app.config.advance_after_triage:
            self.advance_after_write()
        if self._write(lambda lib: set_to(lib, keys, turn_on)) and bulk:
            said = (told[0] if turn_on else told[1]).format(count(len(keys), "paper"))
            self.notify(f"{said}. u undoes it.", timeout=4)

    def action_toggle_star(self) -> None:
        self._toggle(lambda s: s.starred, Library.set_starred, ("Starred {}", "Unstarred {}"))

    def action_toggle_read(self) -> None:
        self._toggle(lambda s: s.read, Library.set_read, ("Marked {} read", "Marked {} unread"))

    def action_add_tags(self) -> None:
        targets = self._triage_targets()
        if targets is None:
            return
        keys = [paper.key for paper in targets]

        def answered(answer: str | None) -> None:
            tags = split_tags([answer or ""])
            changed: list[object] = []
            if tags and self._write(lambda lib: changed.extend(lib.add_tags(keys, tags))):
                if changed:
                    self.notify(f"Tagged {whom(targets)}: {', '.join(tags)}.", timeout=3)
                else:
                    self.notify(f"Nothing changed: {whom(targets)} had those tags.", timeout=4)

        self.app.push_screen(
            PromptScreen(
                f"Add tags to {whom(targets)}",
                placeholder="safety, to-read",
                hint="Comma-separated; enter saves, esc cancels.",
            ),
            answered,
        )

    def action_remove_tag(self) -> None:
        targets = self._triage_targets()
        if targets is None:
            return
        keys = [paper.key for paper in targets]
        counts: dict[str, int] = {}
        for key in keys:
            for tag in self._state_of(key).tags:
                counts[tag] = counts.get(tag, 0) + 1
        if not counts:
            which = "These papers have" if len(targets) > 1 else "This paper has"
            self.notify(f"{which} no tags.", severity="warning")
            return
        tags = sorted(counts, key=lambda tag: -counts[tag])

        def chosen(tag: str | None) -> None:
            if tag and self._write(lambda lib: lib.remove_tags(keys, [tag])):
                self.notify(f"Removed tag {tag} from {whom(targets)}.", timeout=3)

        self.app.push_screen(ChoiceScreen(f"Remove a tag from {whom(targets)}", tags), chosen)

    # -- marks for bulk actions (the paper list owns them) -------------------------

    def action_toggle_mark(self) -> None:
        if not self.paper_list.toggle_mark():
            self.notify("No paper is highlighted.", severity="warning")

    def action_mark_all(self) -> None:
        if not self.paper_list.mark_all():
            self.notify("No paper is listed.", severity="warning")

    def on_paper_list_marks_changed(self, _event: PaperList.MarksChanged) -> None:
        self.show_subtitle()

    # -- undo and redo -------------------------------------------------------------

    def action_undo(self) -> None:
        self._walk_journal(redo=False)

    def action_redo(self) -> None:
        self._walk_journal(redo=True)

    def _walk_journal(self, *, redo: bool) -> None:
        library = self.library
        if library is None or not self._writable():
            return
        # A note being typed is saved first: it is the newest change, so undo
        # takes it back rather than something older.
        if not self.save_note():
            return
        if not (library.journal.can_redo if redo else library.journal.can_undo):
            self.notify(f"Nothing to {'redo' if redo else 'undo'}.", severity="warning")
            return
        walked: list[Step | None] = []
        if self._write(lambda lib: walked.append(lib.redo() if redo else lib.undo())):
            step = walked[0]
            if step is not None:  # there was one: checked above
                verb = "Redid" if redo else "Undid"
                self.notify(f"{verb}: {library.describe(step)}", timeout=5)

    # -- notes ---------------------------------------------------------------------

    def action_edit_note(self) -> None:
        if self._paper_to_act_on() is None:
            return
        if not self._writable():
            return
        notes = self.notes_pane
        # The note of the highlighted paper, now: a cursor moved by keys typed just
        # before n has its Highlighted message still queued behind the keys after n,
        # and those are this paper's note.
        self._show_highlighted()
        # set_focus, not focus() (which waits for the message queue): the keys typed
        # right after n must reach the note (see MainScreen.on_key).
        self.set_focus(notes)
        notes.move_cursor(notes.document.end)

    def _sync_note(self, *, outside: bool = False) -> None:
        """Show the stored note when it changed under the pane (undo, redo, another
        process) and the pane holds nothing unsaved. A note being edited is never
        replaced: after an ``outside`` change the person is told, their text stays,
        and it counts as unsaved, so the autosave or leaving the note saves it (the
        later write wins)."""
        notes = self.notes_pane
        if notes.key is None:
            return
        stored = neutralise(self._state_of(notes.key).note, multiline=True)
        if stored == notes.saved:
            return
        if notes.pending or (outside and notes.editing):
            if outside:
                notes.saved = stored
                if notes.text == stored:
                    return  # the same text: nothing to keep or to tell
                notes.schedule_autosave()
                paper = self.library.get(notes.key) if self.library is not None else None
                which = f"“{short(paper.title)}”" if paper is not None else "This paper"
                self.notify(
                    f"{which}: its note was changed elsewhere. Your text is kept "
                    "and saved over that one (u undoes it).",
                    title="Note changed elsewhere",
                    severity="warning",
                    timeout=12,
                )
            return
        notes.load_note(notes.key, stored)

    def on_notes_pane_left(self, event: NotesPane.Left) -> None:
        self.save_note()
        # Entering the note again starts a new undo step.
        self.notes_pane.end_session()
        if event.by_escape:
            self.paper_list.focus()

    def on_notes_pane_save_requested(self, _event: NotesPane.SaveRequested) -> None:
        if self.notes_pane.pending and self.save_note():
            self.notify("Note saved.", timeout=2)

    def on_notes_pane_paused(self, _event: NotesPane.Paused) -> None:
        # The autosave: part of the editing session's one undo step. A failure says
        # why (save_note) and keeps the text; the next pause or leaving tries again.
        self.save_note()

    def save_note(self, *, show: bool = True) -> bool:
        """Store the note being edited, if it changed. On failure the text stays in
        the pane (and is tried again on the next save), so nothing typed is lost.
        ``show=False`` skips updating the screen (on the way out it is gone)."""
        notes = self.notes_pane
        key = notes.key
        library = self.library
        if key is None or library is None or not notes.pending:
            return True
        if self.read_only_reason:
            self.notify("Read-only: the note was not saved.", severity="error")
            return False
        text = notes.text
        try:
            library.set_note(key, text, edit_session=notes.session)
        except (StorageError, ReadOnlyError, OSError) as error:
            self.notify(
                f"Note not saved: {error}", title="Save failed", severity="error", timeout=15
            )
            return False
        notes.saved = text
        if show:
            self._state_changed()
        return True


def short(title: str, width: int = 48) -> str:
    """``title`` cut to ``width`` characters with an ellipsis, safe to show."""
    title = neutralise(title)
    return title if len(title) <= width else title[: width - 1] + "…"


def count(n: int, word: str) -> str:
    """``3 papers``, ``1 paper``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def whom(targets: Sequence[Paper]) -> str:
    """``“A title”`` for one paper, ``3 marked papers`` for more."""
    if len(targets) == 1:
        return f"“{short(targets[0].title)}”"
    return count(len(targets), "marked paper")
