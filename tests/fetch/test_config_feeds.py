"""``[[feeds]]`` in config.toml: each bad feed is one line naming the file and line,
and the good ones are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdeck.config import Feed, load_config
from paperdeck.fetch.specs import FeedSource, SpecError, parse_source


def test_bad_feeds_are_named_and_skipped(config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text(
        '[[feeds]]\nname = "ml"\nsource = "arxiv:cs.LG"\n\n'
        '[[feeds]]\nname = "ML"\nsource = "hf"\n\n'
        '[[feeds]]\nname = "days"\nsource = "hf:2026-02-30"\n\n'
        '[[feeds]]\nname = "hf"\nsource = "hf"\n\n'
        '[[feeds]]\nname = "query"\nsource = "search:ti:diffusion"\n',
        encoding="utf-8",
    )
    config, problems = load_config()
    assert config.feeds == (Feed("ml", "arxiv:cs.LG"), Feed("query", "search:ti:diffusion"))
    assert problems[0] == f'{config_file}:5: feeds: a second feed named "ML"; ignored'
    assert problems[1].startswith(f"{config_file}:11: feeds: source: 'hf:2026-02-30'")
    assert problems[2].startswith(f'{config_file}:13: feeds: the name "hf" should be one word')
    assert len(problems) == 3


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("arxiv:cs.LG", FeedSource("arxiv", "cs.LG")),
        ("arxiv:physics.flu-dyn+hep-th", FeedSource("arxiv", "physics.flu-dyn+hep-th")),
        ("hf", FeedSource("hf", "")),
        ("HF:2026-11-10", FeedSource("hf", "2026-11-10")),
        (
            "search:  all:transformer   AND cat:cs.LG",
            FeedSource("search", "all:transformer AND cat:cs.LG"),
        ),
    ],
)
def test_sources(text: str, source: FeedSource) -> None:
    assert parse_source(text) == source


@pytest.mark.parametrize("text", ["arxiv:", "arxiv:CS", "hf:2026-13-40", "search: ", "rss:x", "x"])
def test_not_sources(text: str) -> None:
    with pytest.raises(SpecError):
        parse_source(text)
