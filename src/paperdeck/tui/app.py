"""The paperdeck app: start-up, the library, the theme and the screens.

The library is opened in a thread at start-up so the screen paints at once; the
main screen (:mod:`.screens.main`) shows it when it is ready. Edits go straight to
the library (which writes ``state.json`` atomically) and only then show on screen.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
import webbrowser
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from .. import paths
from ..config import config_path, load_config, save_theme
from ..library import Library, StorageError
from ..search import SearchIndex
from .escape_keys import as_typed
from .screens.main import MainScreen

EXIT_LIBRARY = 3  # the CLI's status for a library that cannot be opened

# The signals that end the app: the terminal closing (SIGHUP, also what
# `tmux kill-session` sends), SIGTERM, and SIGINT from `kill -INT` (ctrl+c is a key
# here: Textual 8.2.8 turns ISIG off and installs no handler for any of these, so by
# default each would kill the process before on_unmount's last save).
EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
# After a signal, how long the app may take to shut down before the process ends
# anyway: with the terminal gone, restoring it can block. The note is saved first.
SIGNAL_EXIT_GRACE_SECONDS = 5.0


class PaperdeckApp(App[None]):
    """The interactive reading list. ``home`` defaults to the CLI's data folder
    (``$PAPERDECK_HOME`` or the platform's user data folder)."""

    TITLE = "paperdeck"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (Textual declares it mutable)

    def __init__(self, home: Path | None = None) -> None:
        super().__init__()
        self.home = home or paths.data_dir()
        self.library: Library | None = None
        self.index: SearchIndex | None = None
        # Why the library is read-only (a folder that cannot be written), or None.
        self.read_only_reason: str | None = None
        # True once the search index is fully built (searches work before, slower).
        self.index_warm = False
        self._quit_unsaved = False
        self._signalled = False
        # Ends the process should the shutdown after a signal hang (see exit_on_signal).
        self.watchdog: threading.Timer | None = None
        # Read before the screens exist: they start in the sort it names.
        self.config_file = config_path()
        self.config, self.config_problems = load_config(self.config_file)
        self.main = MainScreen(self.home)

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def on_mount(self) -> None:
        for problem in self.config_problems:
            self.notify(problem, title="Config file", severity="warning", timeout=20)
        config = self.config
        if config.keys:
            self.set_keymap(config.keys)
        if config.theme is not None:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                self.notify(
                    f"{self.config_file}: unknown theme '{config.theme}'; using {self.theme}",
                    title="Config file",
                    severity="warning",
                    timeout=20,
                )
        # Subscribed after the theme above is set: only the person's choice is saved.
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if not self.is_headless:
            self._install_signal_handlers()

    def _install_signal_handlers(self) -> None:
        """Save the note and exit on EXIT_SIGNALS. Through the event loop, so the
        handler runs between two callbacks, never in the middle of a write."""
        loop = asyncio.get_running_loop()
        for number in EXIT_SIGNALS:
            try:
                loop.add_signal_handler(number, self.exit_on_signal, number)
            except (ValueError, RuntimeError, NotImplementedError):
                return  # not the main thread, or no signals here: nothing to install

    def exit_on_signal(self, number: int) -> None:
        """Save the note being typed (synchronously), then exit with 128 + the
        signal's number, as a shell reports a process ended by it."""
        if self._signalled:
            return
        self._signalled = True
        self.main.save_note(show=False)
        status = 128 + number
        self.watchdog = threading.Timer(SIGNAL_EXIT_GRACE_SECONDS, os._exit, args=(status,))
        self.watchdog.daemon = True
        self.watchdog.start()
        self.exit(return_code=status)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Textual's run (its return value too); a signal's watchdog is called off
        once the app is done."""
        try:
            return super().run(*args, **kwargs)
        finally:
            if self.watchdog is not None:
                self.watchdog.cancel()

    async def on_event(self, event: events.Event) -> None:
        # esc typed fast and then a key arrives as alt+key (see escape_keys): it is
        # read as the two keys typed, unless the person's keymap binds that alt+ key.
        if isinstance(event, events.Key) and not event.is_forwarded:
            typed = as_typed(event)
            if typed is not None and event.key not in self.active_bindings:
                for key in typed:
                    await super().on_event(key)
                return
        await super().on_event(event)

    def _theme_changed(self, theme: Theme) -> None:
        """Write a theme picked in the palette back to the config, so it persists."""
        if theme.name == self.config.theme:
            return
        try:
            save_theme(theme.name, self.config_file)
        except OSError as error:
            self.notify(
                f"Theme not saved to {self.config_file}: {error.strerror or error}",
                severity="warning",
            )
            return
        self.config = replace(self.config, theme=theme.name)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify, with markup off by default: messages here quote tags,
        paths and error texts, whose brackets are not markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def open_in_browser(self, url: str) -> bool:
        """Open ``url`` in a browser; False when none could be started (no desktop,
        no browser installed), so the caller can say so rather than claim it opened."""
        try:
            return webbrowser.open(url)
        except webbrowser.Error:
            return False

    # -- loading -------------------------------------------------------------------

    # A failure to open is reported and exits below; anything else is a bug, and
    # exit_on_error shows it rather than leaving the app "loading" for ever.
    @work(thread=True, exclusive=True, group="load")
    def open_library(self) -> None:
        """Open the library in a thread; the main screen shows it when ready."""
        # Loading makes a few objects per paper and frees none: collections during
        # it would walk them all again and again for nothing (about 0.3 s at 100k).
        gc.disable()
        try:
            # Writers lock per write: other apps and commands having the library
            # open are no reason to be read-only; a folder that cannot be written is.
            library = Library.open(self.home, writable=True)
            reason = library.read_only_reason
            index = library.search_index()
        except (StorageError, OSError) as error:
            self.call_from_thread(
                self.exit, return_code=EXIT_LIBRARY, message=f"paperdeck: {error}"
            )
            return
        finally:
            gc.freeze()
            gc.enable()
        self.call_from_thread(self._library_opened, library, index, reason)
        # Build the lazy parts of the index now, so the first keystroke does not.
        index.warm()
        self.call_from_thread(self._index_warmed)

    def _library_opened(self, library: Library, index: SearchIndex, reason: str | None) -> None:
        self.library = library
        self.index = index
        self.read_only_reason = reason
        self.main.library_opened(library, index, reason)

    def _index_warmed(self) -> None:
        # The library and the index are millions of long-lived objects; a full
        # garbage collection walking them all stalls the UI for a few hundred ms at
        # 100,000 papers. Freezing them leaves the collector only what is new.
        gc.freeze()
        self.index_warm = True
        self.main.show_subtitle()
        self.main.refresh_views()

    # -- help and quitting ---------------------------------------------------------

    async def action_quit(self) -> None:
        if self.main.save_note() or self._quit_unsaved:
            self.exit()
            return
        # The save failed and said why; a second q quits anyway, by choice.
        self._quit_unsaved = True
        self.notify(
            "The note is still unsaved (see above). Copy it out, or press q again to quit.",
            severity="error",
            timeout=15,
        )

    def on_unmount(self) -> None:
        # A last save for exits that bypass action_quit (ctrl+q, a crash handler).
        self.main.save_note(show=False)
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for number in EXIT_SIGNALS:
                loop.remove_signal_handler(number)
        if self.library is not None:
            self.library.close()

    # -- command palette -----------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self.main
        # Textual's own commands already quit; going back is not a command.
        for binding in main.BINDINGS:
            if isinstance(binding, Binding) and binding.action not in {"go_back", "app.quit"}:
                action = getattr(main, f"action_{binding.action}")
                yield SystemCommand(binding.description, binding.tooltip, action)
        if self.library is not None:
            for name, query in self.library.filters.items():
                yield SystemCommand(
                    f"Saved filter: {name}", query, partial(main.show_saved_filter, name)
                )
