"""Keys typed faster than the screen changes: after /, n, or a key that opens a dialog.

A mixin of :class:`~.main.MainScreen`. Keys reach a pane through its own queue and
bubble up to the screen before the app looks up their binding, so keys typed right
after / (or n, t, e, i, a, ctrl+t…) are already queued behind it when it runs. Here
every bound key runs as it reaches the screen, in the order typed, and what was
queued behind a key that leads to typing is handed to the filter, the note or the
dialog, never run as commands on the list."""

from __future__ import annotations

import time

from textual import events
from textual.screen import Screen
from textual.timer import Timer

from .parts import MainScreenParts
from .searching import ANSWER_WAIT

# How many frames a dialog may take to focus its input before queued keys are dropped.
_DIALOG_WAIT_FRAMES = 20


class TypeAheadKeys(MainScreenParts):
    """Routes keys typed ahead of the filter, the note or a dialog into it."""

    # Keys typed right after one that opened a dialog (see on_key).
    _dialog_keys: list[events.Key]
    # Keys for the list typed while the result of a search asked for is still to
    # come (see on_key), and the timer that gives up waiting for it.
    _keys_waiting: list[events.Key]
    _answer_wait: Timer | None

    async def on_key(self, event: events.Key) -> None:
        if self._keys_waiting or self._waiting_for_answer():
            # A key that changed what the list shows (S, a view, a star under a
            # view it leaves) asked for a search: the keys typed behind it are for
            # the list it will show (`S j s` moved and starred in the old order).
            # They wait for that result, in order, then act as typed.
            event.stop()
            event.prevent_default()
            self._keys_waiting.append(events.Key(event.key, event.character))
            self._wait_for_answer()
            return
        await self._act_on(event)

    async def _act_on(self, event: events.Key) -> None:
        if self.app.screen is not self:
            # A key that opened a dialog (t, e, i, a, ctrl+t…) had the keys typed
            # right after it already queued here behind it: they belong to the
            # dialog, never to the list under it, and were lost before.
            event.stop()
            event.prevent_default()
            # A copy sent as from the app: a key sent as from this screen stops
            # bubbling at it, so the app never looked up its binding (j after
            # "t foo enter" was lost).
            self._dialog_keys.append(events.Key(event.key, event.character).set_sender(self.app))
            if len(self._dialog_keys) == 1:
                self._pass_to_dialog(self.app.screen)
            return
        # Keys reach a pane through its own queue and bubble up here before the app
        # looks up their binding; keys typed fast after / are already queued behind
        # it. So / takes the focus here, at once, and the keys that follow it,
        # arriving here unhandled, are handed to the filter. (The filter's own
        # printable keys never bubble: it takes them.)
        # The same for the note: n takes the focus here, at once (below), and the
        # text typed right after it, queued at the list, is handed on to it.
        # The filter takes its editing keys, enter and esc that way too, in order (run
        # by the app's binding lookup they overtook the letters handed on, and a
        # burst of "/ quant enter j" typed the j into the query).
        for typing_into in (self.filter_bar, self.notes_pane):
            if self.focused is typing_into:
                if typing_into.takes(event):
                    event.stop()
                    event.prevent_default()
                    typing_into.post_message(events.Key(event.key, event.character))
                return
        # Every other key's binding is run here too, as it arrives, so keys act in
        # the order typed. Left to the app's lookup, after the key has bubbled on to
        # it, a key run here (n, /, t…) overtook the ones typed before it: "j j n h i"
        # wrote the note on the first row. Run here, n and / also find the note or
        # the filter ready for the keys queued behind them (above), and a key that
        # opens a dialog has what follows it typed into the dialog.
        if await self._run_binding(event.key):
            event.stop()
            event.prevent_default()

    def _waiting_for_answer(self) -> bool:
        """True while keys for the list wait for the search last asked for: it is
        still to come, for at most ANSWER_WAIT. Keys typed into the filter or the
        note never wait (the filter asks for a search at every letter)."""
        asked = self._asked_at
        return (
            asked is not None
            and time.monotonic() - asked < ANSWER_WAIT
            and self.app.screen is self
            and self.focused not in (self.filter_bar, self.notes_pane)
        )

    def _wait_for_answer(self) -> None:
        if self._answer_wait is None:
            self._answer_wait = self.set_timer(ANSWER_WAIT, self._act_on_waiting_keys)

    def answered(self) -> None:
        """The search last asked for is on screen (or failed): the keys that waited
        for it act now."""
        self._asked_at = None
        if self._keys_waiting:
            self.call_later(self._act_on_waiting_keys)

    async def _act_on_waiting_keys(self) -> None:
        if self._answer_wait is not None:
            self._answer_wait.stop()
            self._answer_wait = None
        if self._asked_at is not None and not self._waiting_for_answer():
            self._asked_at = None  # waited long enough: the keys act on what is shown
        while self._keys_waiting and not self._waiting_for_answer():
            await self._act_on(self._keys_waiting.pop(0))
        if self._keys_waiting:  # one of them asked for a search in its turn
            self._wait_for_answer()

    async def _run_binding(self, key: str) -> bool:
        """Run ``key``'s binding as the app would (Textual's App._check_bindings:
        from the focused widget up, the first action that runs wins). Priority
        bindings are left to the app, which ran them before forwarding the key."""
        for namespace, bindings in self._modal_binding_chain:
            for binding in bindings.key_to_bindings.get(key, ()):
                if not binding.priority and await self.app.run_action(binding.action, namespace):
                    return True
        return False

    def _pass_to_dialog(self, dialog: Screen[object], frames: int = 0) -> None:
        """Type the keys queued for ``dialog`` into it, in order, once it has its
        focus (it takes it when mounted), through the app as a typed key goes, so
        its bindings act too. Keys after an enter or esc wait for the dialog to
        close, then go to the list as typed. A dialog that never focuses gets none."""
        if self.app.screen is self:
            keys, self._dialog_keys = self._dialog_keys, []
            for key in keys:  # the dialog closed: the rest is for the list
                self.app.post_message(key)
            return
        if self.app.screen is not dialog or (
            dialog.focused is None and frames >= _DIALOG_WAIT_FRAMES
        ):
            self._dialog_keys = []
            return
        if dialog.focused is None:
            self.call_after_refresh(self._pass_to_dialog, dialog, frames + 1)
            return
        while self._dialog_keys:
            key = self._dialog_keys.pop(0)
            self.app.post_message(key)
            if key.key in ("enter", "escape") and self._dialog_keys:
                # What follows waits until the dialog has closed (or, kept open by
                # a refusal, is typed into it after a short wait).
                self.call_after_refresh(self._after_dialog_key, dialog, 0)
                return

    def _after_dialog_key(self, dialog: Screen[object], frames: int) -> None:
        if self.app.screen is dialog and frames < _DIALOG_WAIT_FRAMES:
            self.call_after_refresh(self._after_dialog_key, dialog, frames + 1)
            return
        self._pass_to_dialog(dialog)
