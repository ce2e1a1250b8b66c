"""The sanitiser at the door: what every importer strips from the text it reads."""

from __future__ import annotations

import json

import pytest

from factories import SEEDS
from paperdeck import textsafety
from paperdeck.sources import base, parse_text
from paperdeck.textsafety import (
    neutralise,
    sanitise_line,
    sanitise_text,
    unsafe_characters,
)

HOSTILE = (
    "Clear\x1b[2J\x1b]0;owned\x07 screen \x1b]52;c;cGF3bmVk\x07"
    " \u202egnp.exe\u202c nul\x00 del\x7f c1\x9b31m zw\u200bsp \u2066iso\u2069 bom\ufeff"
)


def test_controls_bidi_and_zero_width_are_stripped() -> None:
    assert sanitise_line(HOSTILE) == (
        "Clear[2J]0;owned screen ]52;c;cGF3bmVk gnp.exe nul del c131m zwsp iso bom"
    )
    assert unsafe_characters(sanitise_line(HOSTILE)) == []


def test_tab_and_newline_only_where_lines_are_allowed() -> None:
    assert sanitise_line("a\tb\nc\u2028d") == "a b c d"
    assert sanitise_text("a\tb\nc\u2028d\u2029e\x0bf") == "a\tb\nc\nd\nef"


def test_joiners_kept_inside_words_and_emoji_dropped_elsewhere() -> None:
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    hindi = "क्\u200dष"  # ZWJ inside a Devanagari conjunct
    emoji = "👩\u200d💻"
    assert sanitise_line(f"{persian} {hindi} {emoji}") == f"{persian} {hindi} {emoji}"
    assert sanitise_line("\u200dstart end\u200c a \u200d b x\u200d\u200dy") == "start end a  b xy"


def test_lone_surrogate_becomes_replacement_character() -> None:
    assert sanitise_line("a\ud800b") == "a\ufffdb"
    # and the result can be written as UTF-8
    sanitise_line("a\udfffb").encode("utf-8")


def test_nfc() -> None:
    assert sanitise_line("Schro\u0308dinger") == "Schrödinger"
    # the exit strips but does not re-normalise
    assert neutralise("Schro\u0308dinger") == "Schro\u0308dinger"


def _fields(text: str, name: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    result = parse_text(text, name)
    out = []
    for entry in result.entries:
        state = entry.state
        out.append(
            (
                entry.paper.title,
                entry.paper.abstract + (entry.paper.org or ""),
                state.tags if state else (),
                state.note if state else "",
            )
        )
    return out


IMPORTERS = {
    "p.jsonl": json.dumps(
        {
            "title": HOSTILE,
            "abstract": "An abstract\u0000 with \\u0000 " + HOSTILE,
            "org": "<b>Org</b>\x1b[31m",
            "tags": ["safe\x1b[0m", "\u202eevil"],
            "note": "line one\n\x1b]52;c;AAAA\x07line two",
        }
    )
    + "\n",
    "p.bib": "@misc{k, title = {" + HOSTILE + "}, abstract = {Text \x1b[1m bold}}\n",
    "p.txt": "Abstract: " + HOSTILE + "\n",
}


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_every_importer_goes_through_the_door(name: str) -> None:
    fields = _fields(IMPORTERS[name], name)
    assert fields
    for title, abstract, tags, note in fields:
        assert unsafe_characters(title) == []
        assert unsafe_characters(abstract) == []
        assert all(unsafe_characters(tag) == [] for tag in tags)
        assert unsafe_characters(note, multiline=True) == []


def test_json_state_is_sanitised_and_keeps_its_lines() -> None:
    ((_title, _abstract, tags, note),) = _fields(IMPORTERS["p.jsonl"], "p.jsonl")
    assert tags == ("safe[0m", "evil")
    assert note == "line one\n]52;c;AAAAline two"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed corpora are absent")
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_seed_titles_and_abstracts_come_through_unchanged(
    seed: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = seed.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    with_door = _fields(text, "seed.txt")
    monkeypatch.setattr(base, "sanitise_line", lambda text: text)
    monkeypatch.setattr(base, "sanitise_text", lambda text: text)
    without_door = _fields(text, "seed.txt")
    assert with_door == without_door
    assert len(with_door) >= 10


def test_limits_are_what_the_readme_says() -> None:
    assert textsafety.TITLE_MAX_CHARS == 2_000
    assert textsafety.ABSTRACT_MAX_CHARS == 100_000
    assert textsafety.NOTE_MAX_BYTES == 1_000_000
    assert (textsafety.TAG_MAX_CHARS, textsafety.TAGS_MAX_PER_PAPER) == (100, 100)


def test_the_in_place_neutraliser_keeps_offsets() -> None:
    from paperdeck.textsafety import neutralise_in_place

    text = "a\x1b[2Jb\u202ec\td\u200d e\u200dé"
    safe = neutralise_in_place(text)
    assert len(safe) == len(text) and unsafe_characters(safe) == []
    assert safe == "a\ufffd[2Jb\ufffdc d\ufffd e\u200dé"  # a joiner between letters stays
    assert neutralise_in_place("x\ny\x00", multiline=True) == "x\ny\ufffd"
