"""Where paperdeck keeps its data: ``$PAPERDECK_HOME`` when set, else the platform's
user data folder (``~/.local/share/paperdeck`` on Linux)."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "PAPERDECK_HOME"
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
    # Imported here: with $PAPERDECK_HOME set, a command need not load platformdirs.
    import platformdirs

    return Path(platformdirs.user_data_dir("paperdeck", appauthor=False))
