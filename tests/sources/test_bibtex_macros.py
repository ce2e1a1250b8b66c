"""@string macros expand within bounds: a few hundred bytes cannot become megabytes."""

from __future__ import annotations

from paperdeck.sources import parse_text
from paperdeck.sources.bibtex import MACRO_MAX_CHARS, MACRO_MAX_DEPTH


def _bomb(levels: int, fan_out: int) -> str:
    lines = ['@string{a0 = "' + "x" * 40 + '"}']
    for level in range(1, levels + 1):
        lines.append(f"@string{{a{level} = {' # '.join([f'a{level - 1}'] * fan_out)}}}")
    lines.append(f"@misc{{bomb, title = a{levels}}}")
    lines.append("@misc{ok, title = {A fine paper}}")
    return "\n".join(lines) + "\n"


def test_nested_strings_stop_at_the_length_bound() -> None:
    text = _bomb(levels=9, fan_out=10)  # unbounded: 40 * 10**9 characters
    assert len(text.encode()) < 700
    result = parse_text(text, "bomb.bib")
    assert "A fine paper" in [entry.paper.title for entry in result.entries]
    assert all(len(entry.paper.title) <= MACRO_MAX_CHARS for entry in result.entries)
    assert any(
        f"expands past {MACRO_MAX_CHARS:,} characters" in str(problem)
        for problem in result.problems
    )
    assert str(result.problems[0]).startswith("bomb.bib:")


def test_nesting_depth_is_bounded() -> None:
    depth = MACRO_MAX_DEPTH + 4
    lines = ['@string{m0 = "deep"}']
    lines += [f"@string{{m{level} = m{level - 1}}}" for level in range(1, depth + 1)]
    lines.append(f"@misc{{k, title = m{MACRO_MAX_DEPTH - 1} # {{ title}}}}")
    text = "\n".join(lines) + "\n"
    result = parse_text(text, "deep.bib")
    assert [entry.paper.title for entry in result.entries] == ["deep title"]
    line = MACRO_MAX_DEPTH + 2  # the first @string past the bound
    assert str(result.problems[0]) == (
        f"deep.bib:{line}: @string m{MACRO_MAX_DEPTH + 1} nests @string macros more than "
        f"{MACRO_MAX_DEPTH} deep"
    )
