"""The seeds end to end, the installed script, and how lines reach a terminal or a pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import devil_id, run

from paperdeck.cli import EXIT_OK, EXIT_SKIPPED


def test_seeds_import_to_239_papers_twice_in_a_row(
    capsys: pytest.CaptureFixture[str], seed_files: list[Path]
) -> None:
    """245 entries, 239 papers. Seed 003 holds one cut-off entry (a title and abstract with
    no authors line, separator or date), so the import reports it and exits 1."""
    for attempt in range(2):
        code, out, err = run(capsys, "import", *map(str, seed_files))
        assert code == EXIT_SKIPPED
        assert err.splitlines() == [
            'paperdeck: skipped 003_5a4897b451b66a9f.txt:109: entry "Fast Controlled Generation '
            'from Language Models with Adapti…" has no authors line, "·" or date'
        ]
        counts = "239 added, 0 updated, 6" if attempt == 0 else "0 added, 0 updated, 245"
        assert f"245 entries → {counts} unchanged, 1 skipped" in out
        code, out, _ = run(capsys, "stats", "--json")
        assert code == EXIT_OK and json.loads(out)["papers"] == 239


def test_the_installed_script_runs_end_to_end(tmp_path: Path, page: Path, home: Path) -> None:
    """One real process: the console entry point, exit statuses, stdout/stderr split."""
    env_python = Path(sys.executable)
    command = [str(env_python), "-m", "paperdeck"]
    result = subprocess.run([*command, "import", str(page)], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    result = subprocess.run([*command, "list", "--json", "devil"], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert json.loads(result.stdout)[0]["title"].startswith("The Devil")
    result = subprocess.run([*command, "import", str(tmp_path / "absent.txt")],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_rows_shorten_the_title_so_tags_fit_a_terminal_line() -> None:
    from paperdeck.cli.commands.listing import row_segments
    from paperdeck.models import Paper, PaperState

    paper = Paper.create(title="A very long title " * 6, abstract="x", upvotes=2)
    state = PaperState(key=paper.key, starred=True, tags=("safety", "to-read"))
    line = "".join(text for text, _ in row_segments(paper, state, width=80))
    assert 78 <= len(line) <= 80  # fits the terminal, and uses the room it has
    assert line.endswith("… #safety #to-read") and line.startswith("★ ")
    whole = "".join(text for text, _ in row_segments(paper, state))
    assert paper.title in whole  # a pipe gets the whole title


def test_text_that_looks_like_markup_is_printed_as_it_is(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    key = devil_id(capsys)
    code, out, _ = run(capsys, "tag", key, "[bold]x", "[red]")
    assert code == EXIT_OK and "tags: [bold]x, [red]" in out
    code, out, _ = run(capsys, "stats")
    assert "Tags: [bold]x (1), [red] (1)" in out


def test_export_keeps_a_files_permissions_and_gives_new_ones_the_usual(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared.md"
    shared.write_text("old\n", encoding="utf-8")
    shared.chmod(0o644)
    run(capsys, "export", "dimple", "-o", str(shared))
    assert shared.stat().st_mode & 0o777 == 0o644
    umask = os.umask(0o022)
    try:
        run(capsys, "export", "dimple", "-o", str(tmp_path / "new.md"))
    finally:
        os.umask(umask)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644


def test_plain_rows_are_the_row_segments_joined() -> None:
    from paperdeck.cli.commands.listing import plain_row, row_segments
    from paperdeck.models import Paper, PaperState

    papers = [
        Paper.create(title="Ünïcode title", abstract="x", upvotes=12, published="2024-05-01"),
        Paper.create(title="No votes", abstract="x", arxiv_id="2406.07522"),
        Paper.create(abstract="Derived title. Second sentence.", upvotes=0),
    ]
    states = [
        None,
        PaperState(key="k", starred=True),
        PaperState(key="k", read=True, tags=("a", "to-read")),
        PaperState(key="k", starred=True, read=True, tags=("x",)),
    ]
    for paper in papers:
        for state in states:
            segments = row_segments(paper, state or PaperState(key=paper.key))
            assert plain_row(paper, state) == "".join(text for text, _ in segments)


def test_export_formats_name_every_exporter() -> None:
    from paperdeck.cli.commands.export import EXPORT_FORMATS
    from paperdeck.export import EXPORTERS

    assert tuple(sorted(EXPORTERS)) == EXPORT_FORMATS


def test_a_piped_list_loads_no_rich_and_no_importer(imported: Path, tmp_path: Path) -> None:
    # The exporters, importers, TinyDB and platformdirs are loaded by the commands
    # that need them; `list` to a pipe needs none, nor rich.
    code = (
        "import sys\n"
        "from paperdeck.cli import main\n"
        "status = main(['list', 'devil'])\n"
        "unwanted = ('rich', 'tinydb', 'platformdirs', 'hashlib', 'paperdeck.export',\n"
        "            'paperdeck.sources.daily', 'paperdeck.sources.detect')\n"
        "print(status, sorted(m for m in unwanted if m in sys.modules), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.count("\n") == 1 and "The Devil behind the mask" in result.stdout
    assert result.stderr.splitlines() == ["1 paper", "0 []"], result.stderr


def test_force_color_gives_the_list_to_rich(imported: Path) -> None:
    env = {**os.environ, "FORCE_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "paperdeck", "list", "devil"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and "\x1b[" in result.stdout and "\x1b[" in result.stderr
    assert "The Devil behind the mask" in result.stdout


def test_messages_rich_would_change_still_go_through_rich(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from paperdeck.cli.output import say

    say("tab\there", stderr=True)
    say("plain")
    captured = capsys.readouterr()
    assert captured.err == "tab     here\n" and captured.out == "plain\n"
