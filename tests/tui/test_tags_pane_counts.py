"""The Tags pane's labels at the widths the pane has (12 cells at 80 columns)."""

from __future__ import annotations

import pytest

from paperdeck.tui.widgets.tags_pane import View, _label, short_count


@pytest.mark.parametrize(
    ("count", "short"),
    [
        (0, "0"),
        (999, "999"),
        (1_000, "1k"),
        (100_000, "100k"),
        (999_998, "999k"),
        (1_000_000, "1.0M"),
        (1_299_999, "1.2M"),
        (9_999_999, "9.9M"),
        (12_345_678, "12M"),
    ],
)
def test_short_counts_round_down_in_four_characters(count: int, short: str) -> None:
    assert short_count(count) == short
    assert len(short) <= 4


def test_a_large_count_is_shortened_rather_than_the_name_cut() -> None:
    assert _label(View("inbox", "Inbox", "is:unread", 100_000), 12).plain == "Inbox   100k"
    assert _label(View("all", "All", "", 100_000), 12).plain == "All  100,000"
    assert _label(View("inbox", "Inbox", "is:unread", 239), 12).plain == "Inbox    239"
    # A name too long even so is cut, with the count shortened to leave it room.
    assert _label(View("t", "transformers", "#transformers", 4_200), 12).plain == "transfor… 4k"
