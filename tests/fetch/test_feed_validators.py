"""The validators file: kept atomically, small (the oldest feeds go first), and a
damaged file is as good as none."""

from __future__ import annotations

import json
from pathlib import Path

from paperdeck.library.feed_validators import MAX_FEEDS, FeedValidators


def test_validators_round_trip_and_stay_few(home: Path) -> None:
    home.mkdir(parents=True)
    store = FeedValidators(home)
    assert store.validators("http://x/rss/cs.LG") is None
    store.keep({"http://x/rss/cs.LG": {"etag": '"a"', "last_modified": "Tue, 10 Nov 2026"}})
    again = FeedValidators(home)
    assert again.validators("http://x/rss/cs.LG") == {
        "etag": '"a"',
        "last_modified": "Tue, 10 Nov 2026",
    }
    again.keep({f"http://x/{n}": {"etag": str(n)} for n in range(MAX_FEEDS + 5)})
    kept = json.loads((home / "feed-validators.json").read_text(encoding="utf-8"))
    assert len(kept) == MAX_FEEDS
    assert "http://x/rss/cs.LG" not in kept and f"http://x/{MAX_FEEDS + 4}" in kept
    assert not list(home.glob(".paperdeck-*"))  # no temporary file left behind


def test_a_damaged_file_is_as_good_as_none(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "feed-validators.json").write_text("{not json", encoding="utf-8")
    store = FeedValidators(home)
    assert store.validators("http://x/") is None
    store.keep({"http://x/": {"etag": '"b"'}})
    assert FeedValidators(home).validators("http://x/") == {"etag": '"b"'}
