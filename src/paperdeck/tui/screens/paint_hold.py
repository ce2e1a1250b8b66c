"""Holding the screen's paint for a moment, so that a key's echo and its result come
in one frame.

Textual paints at most once a frame (1/60 s) and, after a paint, waits for the next
frame but one (17-33 ms) before the next. Painted apart, the filter's echo of a key
went first and the new list, ready a few milliseconds later, waited that long.
"""

from __future__ import annotations

from contextlib import ExitStack

from textual.screen import Screen
from textual.timer import Timer


class PaintHold:
    """Holds every paint of ``screen``'s app from :meth:`start` until :meth:`release`,
    or until ``longest`` seconds after the start, whichever comes first: a hold never
    outlives its time, whatever its result does."""

    def __init__(self, screen: Screen[None], longest: float) -> None:
        self._screen = screen
        self._longest = longest
        self._batch: ExitStack | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        return self._batch is not None

    def start(self) -> None:
        """Hold the paint (a hold already under way keeps its own end)."""
        if self._batch is not None:
            return
        batch = ExitStack()
        batch.enter_context(self._screen.app.batch_update())
        self._batch = batch
        self._timer = self._screen.set_timer(self._longest, self.release, name="paint hold")

    def release(self) -> None:
        """Let the app paint again: what changed meanwhile paints in one frame."""
        if self._batch is None:
            return
        batch, self._batch = self._batch, None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        batch.close()
        # The screen looks for what to paint when it is next idle: make it look now.
        self._screen.check_idle()
