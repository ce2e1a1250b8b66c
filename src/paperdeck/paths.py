"""Where paperdeck keeps its data: ``$PAPERDECK_HOME`` when set, else the platform's
user data folder (``~/.local/share/paperdeck`` on Linux)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HOME_ENV = "PAPERDECK_HOME"
# The folder's name under the platform's user data and config folders.
APP_NAME = "paperdeck"
CORPUS_FILE = "corpus.json"
STATE_FILE = "state.json"
LOCK_FILE = "paperdeck.lock"
# Derived: the recommender's TF-IDF vectors (recommend/vector_file.py), rebuilt at will.
VECTORS_FILE = "vectors.npz"
# The ETag and Last-Modified each fetched feed gave last (library/feed_validators.py).
FEED_VALIDATORS_FILE = "feed-validators.json"


def data_dir() -> Path:
    """The data folder, honouring ``$PAPERDECK_HOME``. It may not exist yet."""
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    found = xdg_folder("XDG_DATA_HOME", "~/.local/share")
    if found is not None:
        return Path(found)
    # Imported here: with $PAPERDECK_HOME set, a command need not load platformdirs.
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def xdg_folder(variable: str, default: str) -> str | None:
    """paperdeck's folder of the XDG base directory ``variable`` (``default`` when it
    is unset), as ``platformdirs`` gives it on Linux, worked out without importing
    platformdirs (a few milliseconds of every ``paperdeck list``); None where
    platformdirs must answer: another system, Android, a relative or padded XDG
    variable, a HOME that is unset or relative. ``tests/test_paths.py`` checks the
    two agree."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    if "ANDROID_DATA" in os.environ or "ANDROID_ROOT" in os.environ:
        return None
    base = os.environ.get(variable, "")
    if base:
        if not os.path.isabs(base) or base != base.strip():
            return None
        return os.path.join(base, APP_NAME)
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home) or home != home.strip():
        return None
    return os.path.join(os.path.expanduser(default), APP_NAME)
