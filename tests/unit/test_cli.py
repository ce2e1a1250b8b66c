"""Every ``paperdeck`` command, its output, its exit status and its bad-input cases."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_LIBRARY, EXIT_OK, EXIT_SKIPPED, main
from paperdeck.library import Library

DAILY_PAGE = """\
Daily Papers

byAK and the research community

Dec 29

The Devil behind the mask: An emergent safety vulnerability of Diffusion LLMs

Diffusion-based large language models (dLLMs) have recently emerged as a powerful alternative.

  • 14 authors
·
Jul 15 2

Dimple: Discrete Diffusion Multimodal Large Language Model with Parallel Decoding

In this work, we propose Dimple, the first Discrete Diffusion Multimodal Large Language Model.

  • 3 authors
·
May 22, 2024 4

RLP: Reinforcement as a Pretraining Objective

The dominant paradigm for training large reasoning models starts with pre-training.

nvidia NVIDIA
·
Sep 26 4
"""

ABSTRACTS = """\
Abstract:We study grammar-aligned decoding for structured outputs. It works.
Abstract:Token-level importance sampling for preference optimisation.
"""

LIST_KEYS = {"id", "arxiv_id", "title", "abstract", "published", "authors", "org", "upvotes",
             "starred", "read", "tags", "note", "sources"}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in-process; return (exit status, stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def page(tmp_path: Path) -> Path:
    return write(tmp_path, "page.txt", DAILY_PAGE)


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str], page: Path) -> Path:
    code, _, _ = run(capsys, "import", str(page))
    assert code == EXIT_OK
    return page


def listed(capsys: pytest.CaptureFixture[str], *query: str) -> list[dict]:
    code, out, _ = run(capsys, "list", "--json", *query)
    assert code == EXIT_OK
    return json.loads(out)


def library_files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.glob("*.json"))} if home.exists() else {}


# -- import ---------------------------------------------------------------------------


def test_import_reports_counts_and_is_idempotent(
    capsys: pytest.CaptureFixture[str], page: Path
) -> None:
    code, out, err = run(capsys, "import", str(page))
    assert code == EXIT_OK and err == ""
    assert "3 entries → 3 added, 0 updated, 0 unchanged" in out
    code, out, _ = run(capsys, "import", str(page), "--json")
    assert code == EXIT_OK
    report = json.loads(out)
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 3)
    assert report["files"] == ["page.txt"]


def test_import_applies_the_page_year_rule_and_year_override(
    capsys: pytest.CaptureFixture[str], page: Path
) -> None:
    run(capsys, "import", str(page))
    dates = {p["title"][:6]: p["published"] for p in listed(capsys)}
    # The latest explicit year on the page is 2024, so the page's own year is 2025.
    assert dates == {"The De": "2025-07-15", "Dimple": "2024-05-22", "RLP: R": "2025-09-26"}


def test_year_flag_sets_the_page_year(capsys: pytest.CaptureFixture[str], page: Path) -> None:
    code, _, _ = run(capsys, "import", str(page), "--year", "2023")
    assert code == EXIT_OK
    devil = listed(capsys, "devil")[0]
    assert devil["published"] == "2023-07-15"


def test_bad_year_is_an_argument_error(capsys: pytest.CaptureFixture[str], page: Path) -> None:
    code, _, err = run(capsys, "import", str(page), "--year", "25")
    assert code == 2 and "'25' is not a four-digit year" in err


def test_list_json_has_the_contract_keys_and_types(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    papers = listed(capsys)
    assert len(papers) == 3
    for paper in papers:
        assert set(paper) == LIST_KEYS
    rlp = next(p for p in papers if p["title"].startswith("RLP"))
    assert rlp["org"] == "nvidia NVIDIA" and rlp["authors"] is None and rlp["upvotes"] == 4
    assert rlp["sources"] == ["page.txt"] and rlp["tags"] == [] and rlp["note"] == ""
    assert rlp["starred"] is False and rlp["read"] is False and rlp["arxiv_id"] is None


def test_format_flag_forces_a_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "notes.txt", ABSTRACTS)
    code, _, _ = run(capsys, "import", str(path), "--format", "abstracts")
    assert code == EXIT_OK
    titles = sorted(p["title"] for p in listed(capsys))
    assert titles == [
        "Token-level importance sampling for preference optimisation",
        "We study grammar-aligned decoding for structured outputs",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty"),
        ("blank.txt", "\n \n", "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        ("binary.bin", b"abc\x00\x01\x02def", "binary"),
        ("prose.txt", "Just some notes about my day.\nNothing to see here.\n", "known format"),
    ],
)
def test_unimportable_files_exit_2_with_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    imported: Path,
    home: Path,
    name: str,
    content: str | bytes,
    reason: str,
) -> None:
    before = library_files(home)
    bad = write(tmp_path, name, content)
    code, out, err = run(capsys, "import", str(imported), str(bad))
    assert code == EXIT_BAD_INPUT and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert name in err and reason.lower() in err.lower() and "Traceback" not in err
    assert library_files(home) == before


def test_missing_file_and_folder_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path
) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nope.txt"))
    assert code == EXIT_BAD_INPUT and "nope.txt" in err and "no such file" in err
    code, _, err = run(capsys, "import", str(tmp_path))
    assert code == EXIT_BAD_INPUT and "folder" in err
    assert library_files(home) == {}


def test_partly_malformed_page_imports_whole_entries_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = DAILY_PAGE.replace("  • 3 authors\n·\nMay 22, 2024 4\n", "  • 3 authors\n")
    truncated = broken + "\nA Truncated Paper\n\nIts abstract stops mid"
    path = write(tmp_path, "broken.txt", truncated)
    code, out, err = run(capsys, "import", str(path))
    assert code == EXIT_SKIPPED and "2 added" in out and "2 skipped" in out
    skipped = [line for line in err.splitlines() if line.startswith("paperdeck: skipped")]
    assert len(skipped) == 2
    assert all("broken.txt:" in line for line in skipped)
    titles = {p["title"][:3] for p in listed(capsys)}
    assert titles == {"The", "RLP"}


# -- list -------------------------------------------------------------------------


def test_list_filters_with_the_query_language(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    assert [p["title"][:6] for p in listed(capsys, "diffusion", "upvotes:>3")] == ["Dimple"]
    assert len(listed(capsys, "year:2025")) == 2
    assert len(listed(capsys, "!diffusion")) == 1


def test_list_limit_and_plain_output(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    assert len(json.loads(run(capsys, "list", "--json", "--limit", "2")[1])) == 2
    code, out, err = run(capsys, "list")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert len(lines) == 3 and "The Devil behind the mask: An emergent safety" in out
    assert "3 papers" in err


def test_list_bad_query_exits_2(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    code, out, err = run(capsys, "list", "year:abc")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.startswith("paperdeck: bad query:") and len(err.strip().splitlines()) == 1


def test_list_on_an_empty_library_says_how_to_import(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert code == EXIT_OK and out == "" and "paperdeck import" in err
    assert listed(capsys) == []


# -- triage -----------------------------------------------------------------------


def devil_id(capsys: pytest.CaptureFixture[str]) -> str:
    return listed(capsys, "devil")[0]["id"]


def test_star_read_and_their_undoing(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    key = devil_id(capsys)
    assert run(capsys, "star", key)[0] == EXIT_OK
    assert run(capsys, "read", key)[0] == EXIT_OK
    (paper,) = listed(capsys, "is:starred")
    assert paper["id"] == key and paper["read"] is True
    code, out, _ = run(capsys, "star", key)
    assert code == EXIT_OK and "already starred" in out
    run(capsys, "unstar", key)
    run(capsys, "unread", key)
    assert listed(capsys, "is:starred") == [] and len(listed(capsys, "is:unread")) == 3


def test_papers_are_named_by_arxiv_id_url_or_doi(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    record = {"title": "Some arXiv paper", "abstract": "An abstract.", "arxiv_id": "2406.09415"}
    run(capsys, "import", str(write(tmp_path, "one.jsonl", json.dumps(record) + "\n")))
    for ident, verb in (
        ("10.48550/arXiv.2406.09415", "star"),
        ("https://doi.org/10.48550/arXiv.2406.09415v2", "read"),
        ("https://arxiv.org/abs/2406.09415v1", "tag"),
    ):
        code, out, err = run(capsys, verb, ident, *(["found"] if verb == "tag" else []))
        assert code == EXIT_OK and "2406.09415" in out, err
    (paper,) = listed(capsys, "is:starred", "is:read", "tag:found")
    assert paper["id"] == "2406.09415"
    code, _, err = run(capsys, "star", "10.48550/arXiv.2406.99999")
    assert code == EXIT_BAD_INPUT and "no paper with id '10.48550/arXiv.2406.99999'" in err


def test_tags_add_and_remove(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    key = devil_id(capsys)
    code, out, _ = run(capsys, "tag", key, "safety", "to read", "ml,theory")
    assert code == EXIT_OK and "safety, to-read, ml, theory" in out
    assert [p["id"] for p in listed(capsys, "tag:safety")] == [key]
    run(capsys, "tag", key, "safety", "--remove")
    assert listed(capsys, "tag:safety") == []
    assert listed(capsys, "tag:to-read")[0]["tags"] == ["to-read", "ml", "theory"]
    run(capsys, "tag", key, "ML,theory", "--remove")
    assert listed(capsys, "tag:to-read")[0]["tags"] == ["to-read"]


def test_note_from_argument_and_from_stdin(
    capsys: pytest.CaptureFixture[str], imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = devil_id(capsys)
    run(capsys, "note", key, "Check the appendix.")
    assert listed(capsys, "is:noted")[0]["note"] == "Check the appendix."
    monkeypatch.setattr(sys, "stdin", io.StringIO("Line one\nLine two\n"))
    run(capsys, "note", key, "-")
    assert listed(capsys, "is:noted")[0]["note"] == "Line one\nLine two"
    code, out, _ = run(capsys, "note", key, "")
    assert code == EXIT_OK and "Cleared" in out and listed(capsys, "is:noted") == []


@pytest.mark.parametrize(
    "args",
    [["star", "9999.99999"], ["read", "nope"], ["tag", "nope", "x"], ["note", "nope", "text"]],
)
def test_unknown_ids_exit_2_and_change_nothing(
    capsys: pytest.CaptureFixture[str], imported: Path, home: Path, args: list[str]
) -> None:
    before = library_files(home)
    code, _, err = run(capsys, *args)
    assert code == EXIT_BAD_INPUT and f"no paper with id '{args[1]}'" in err
    assert library_files(home) == before


def test_one_unknown_id_among_several_changes_nothing(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, _, _ = run(capsys, "star", devil_id(capsys), "nope")
    assert code == EXIT_BAD_INPUT and listed(capsys, "is:starred") == []


def test_a_busy_library_exits_3_naming_the_holder(
    capsys: pytest.CaptureFixture[str], imported: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = devil_id(capsys)
    monkeypatch.setattr("paperdeck.cli.session.WRITER_WAIT_SECONDS", 0.2)
    holder = Library.open(home, writable=True)
    try:
        code, _, err = run(capsys, "star", key)
    finally:
        holder.close()
    assert code == EXIT_LIBRARY and "another paperdeck process" in err and "pid" in err


# -- export and stats -------------------------------------------------------------


def test_export_defaults_to_starred_markdown_on_stdout(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    key = devil_id(capsys)
    run(capsys, "star", key)
    run(capsys, "tag", key, "safety")
    run(capsys, "note", key, "A worrying result.")
    code, out, _ = run(capsys, "export")
    assert code == EXIT_OK
    assert out.startswith("# Starred papers\n")
    assert "## 1. The Devil behind the mask" in out
    assert "- 2025-07-15 · 14 authors · ▲ 2" in out
    assert "- Tags: `safety`" in out and "> A worrying result." in out
    assert "Dimple" not in out


def test_export_a_query_in_each_format_to_a_file(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    for fmt, marker in (("markdown", "## 1. Dimple"), ("bibtex", "@misc{dimple2024,"),
                        ("json", '"title":"Dimple')):  # fmt: skip
        target = tmp_path / f"out.{fmt}"
        code, out, err = run(capsys, "export", "dimple", "--format", fmt, "-o", str(target))
        assert code == EXIT_OK and out == "" and f"Wrote 1 paper to {target}" in err
        assert marker in target.read_text(encoding="utf-8")


def test_export_with_nothing_starred_says_so(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, err = run(capsys, "export")
    assert code == EXIT_OK and "0 papers" in out and "no starred papers" in err


def test_export_to_an_unwritable_path_exits_2(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "dimple", "-o", str(tmp_path / "missing" / "x.md"))
    assert code == EXIT_BAD_INPUT and "could not save" in err and "x.md" in err
    assert len(err.strip().splitlines()) == 1


def test_export_replaces_an_existing_file_whole_and_leaves_no_litter(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    target = tmp_path / "list.md"
    target.write_text("an older, much longer reading list\n" * 100, encoding="utf-8")
    code, _, _ = run(capsys, "export", "dimple", "-o", str(target))
    assert code == EXIT_OK
    assert target.read_text(encoding="utf-8").startswith("# Papers matching: dimple\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("list", ".list"))) == [
        "list.md"
    ]


def test_stats_json(capsys: pytest.CaptureFixture[str], imported: Path) -> None:
    key = devil_id(capsys)
    run(capsys, "star", key)
    run(capsys, "tag", key, "a", "b")
    code, out, _ = run(capsys, "stats", "--json")
    assert code == EXIT_OK
    assert json.loads(out) == {"papers": 3, "starred": 1, "read": 0, "tags": {"a": 1, "b": 1}}
    code, out, _ = run(capsys, "stats")
    assert "3 papers · 1 starred · 0 read" in out


def test_version_and_no_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("paperdeck ")
    code, out, _ = run(capsys)
    assert code == EXIT_OK and "paperdeck import FILE" in out and "0 papers" in out


# -- the seeds, end to end --------------------------------------------------------


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


# -- undo, redo and history ---------------------------------------------------------------


def test_undo_and_redo_say_what_they_did_across_processes(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    key = devil_id(capsys)
    run(capsys, "star", key)
    run(capsys, "tag", key, "safety")
    code, out, _ = run(capsys, "undo")
    assert code == EXIT_OK
    assert out.startswith("Undid: tagged “The Devil behind the mask") and out.endswith("+safety\n")
    (paper,) = listed(capsys, "is:starred")
    assert paper["tags"] == []
    code, out, err = run(capsys, "undo", "-n", "5")
    assert code == EXIT_OK and out.startswith("Undid: starred “The Devil")
    assert "Nothing more to undo." in err and listed(capsys, "is:starred") == []
    code, out, err = run(capsys, "undo")
    assert code == EXIT_OK and out == "" and "Nothing to undo." in err
    code, out, _ = run(capsys, "redo", "--steps", "2")
    assert code == EXIT_OK and out.count("Redid: ") == 2
    (paper,) = listed(capsys, "is:starred")
    assert paper["tags"] == ["safety"]


def test_history_lists_steps_newest_first_and_marks_the_undone(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, _, err = run(capsys, "history")
    assert code == EXIT_OK and "nothing to undo" in err
    keys = [paper["id"] for paper in listed(capsys)]
    run(capsys, "read", *keys)
    run(capsys, "note", keys[0], "a thought")
    run(capsys, "undo")
    code, out, err = run(capsys, "history")
    first, second = out.splitlines()
    assert first.startswith("↶") and "edited the note on" in first
    assert "marked read 3 papers" in second and not second.startswith("↶")
    assert "paperdeck redo" in err
    code, out, _ = run(capsys, "history", "--json")
    steps = json.loads(out)
    assert [(s["step"], s["done"], s["action"]["kind"]) for s in steps] == [
        (2, False, "note"),
        (1, True, "read"),
    ]
    assert sorted(steps[1]["ids"]) == sorted(keys)


def test_undo_of_a_busy_library_exits_3_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], imported: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "star", devil_id(capsys))
    before = library_files(home)
    monkeypatch.setattr("paperdeck.cli.session.WRITER_WAIT_SECONDS", 0.2)
    with Library.open(home, writable=True):
        code, _, err = run(capsys, "undo")
    assert code == EXIT_LIBRARY and "another paperdeck process" in err
    assert library_files(home) == before


# -- saved filters --------------------------------------------------------------------


def test_filters_are_saved_listed_replaced_and_deleted(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    code, out, err = run(capsys, "filters")
    assert code == EXIT_OK and out == "" and "No saved filters" in err
    code, out, _ = run(capsys, "filters", "--save", "unread diffusion", "diffusion", "is:unread")
    assert code == EXIT_OK and out == "Saved the filter 'unread diffusion': diffusion is:unread\n"
    code, out, _ = run(capsys, "filters", "--save", "Unread Diffusion", "diffusion")
    assert code == EXIT_OK and out.startswith("Replaced the filter")
    run(capsys, "filters", "--save", "safety", "tag:safety")
    code, out, _ = run(capsys, "filters", "--json")
    assert json.loads(out) == [
        {"name": "Unread Diffusion", "query": "diffusion", "sort": None, "reverse": False},
        {"name": "safety", "query": "tag:safety", "sort": None, "reverse": False},
    ]
    code, out, _ = run(capsys, "filters")
    assert out.splitlines() == ["Unread Diffusion  diffusion", "safety            tag:safety"]
    code, out, _ = run(capsys, "filters", "--delete", "SAFETY")
    assert code == EXIT_OK and "Deleted the saved filter" in out
    assert [f["name"] for f in json.loads(run(capsys, "filters", "--json")[1])] == [
        "Unread Diffusion"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--save", "broken", "year:>>"), "bad query"),
        (("--save", "   ", "diffusion"), "needs a name"),
        (("--save", "x" * 41, "diffusion"), "too long"),
        (("--save", "empty"), "needs a query"),
        (("--delete", "unknown"), "no saved filter named 'unknown'"),
        (("diffusion",), "--save NAME"),
    ],
)
def test_bad_filter_commands_exit_2_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    home: Path,
    args: tuple[str, ...],
    message: str,
) -> None:
    run(capsys, "filters", "--save", "kept", "is:starred")
    before = library_files(home)
    code, _, err = run(capsys, "filters", *args)
    assert code == EXIT_BAD_INPUT and message in err and len(err.splitlines()) == 1
    assert library_files(home) == before


# -- re-import as a triage step --------------------------------------------------------


def test_imports_are_recorded_and_is_new_and_is_updated_follow_the_latest(
    capsys: pytest.CaptureFixture[str], imported: Path, tmp_path: Path
) -> None:
    assert {p["title"][:6] for p in listed(capsys, "is:new")} == {"The De", "Dimple", "RLP: R"}
    newer = DAILY_PAGE.replace("Jul 15 2", "Jul 15 9") + (
        "\nFresh Paper On Something\n\nA brand new abstract.\n\n  • 2 authors\n·\nSep 30 1\n"
    )
    code, _, _ = run(capsys, "import", str(write(tmp_path, "newer.txt", newer)))
    assert code == EXIT_OK
    assert [p["title"] for p in listed(capsys, "is:new")] == ["Fresh Paper On Something"]
    (updated,) = listed(capsys, "is:updated")
    assert updated["title"].startswith("The Devil") and updated["upvotes"] == 9
    code, out, _ = run(capsys, "imports", "--json")
    records = json.loads(out)
    assert [(r["files"], r["added"], r["updated"]) for r in records] == [
        (["page.txt"], 3, 0),
        (["newer.txt"], 1, 1),
    ]
    code, out, _ = run(capsys, "imports")
    assert code == EXIT_OK and "1 added, 1 updated, 2 unchanged  newer.txt" in out
    # Importing the same page again brings nothing: the latest import, and so
    # is:new, stay as they were.
    run(capsys, "import", str(tmp_path / "newer.txt"))
    assert [p["title"] for p in listed(capsys, "is:new")] == ["Fresh Paper On Something"]


# -- exports that round-trip --------------------------------------------------------------


def test_json_export_of_everything_restores_into_an_empty_library(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    papers = listed(capsys)
    run(capsys, "star", papers[0]["id"], papers[2]["id"])
    run(capsys, "read", papers[1]["id"])
    run(capsys, "tag", papers[0]["id"], "safety", "to read")
    run(capsys, "note", papers[2]["id"], "Line one.\n\nLine [two] with *marks*.")
    backup = tmp_path / "backup.jsonl"
    code, _, err = run(capsys, "export", "--all", "--format", "json", "-o", str(backup))
    assert code == EXIT_OK and "Wrote 3 papers" in err
    before = listed(capsys)
    with Library.open(home) as original:
        states, originals = dict(original.states), list(original.papers)

    restored_home = tmp_path / "restored"
    monkeypatch.setenv("PAPERDECK_HOME", str(restored_home))
    code, out, _ = run(capsys, "import", str(backup))
    assert code == EXIT_OK and "3 added" in out
    assert listed(capsys) == before
    with Library.open(restored_home) as restored:
        assert restored.states == states
        # Everything but when the papers entered this library, which is the restore.
        assert [replace(p, added=None) for p in restored.papers] == [
            replace(p, added=None) for p in originals
        ]


def test_export_all_in_markdown_grouped_by_tag_with_abstracts(
    capsys: pytest.CaptureFixture[str], imported: Path
) -> None:
    keys = [paper["id"] for paper in listed(capsys)]
    run(capsys, "tag", keys[0], "safety")
    code, out, _ = run(capsys, "export", "--all", "--group-by", "tag", "--abstracts")
    assert code == EXIT_OK and out.startswith("# All papers\n")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## safety (1)", "## Untagged (2)"]
    assert out.count("<details><summary>Abstract</summary>") == 3


@pytest.mark.parametrize(
    "args",
    [
        ("--all", "diffusion"),
        ("--format", "bibtex", "--group-by", "tag"),
        ("--format", "json", "--abstracts"),
        ("--group-by", "year"),
    ],
)
def test_export_options_that_do_not_go_together_exit_2(
    capsys: pytest.CaptureFixture[str], imported: Path, args: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "export", *args)
    assert code == EXIT_BAD_INPUT and out == "" and err.strip()


def test_bibtex_export_of_everything_imports_back_with_the_same_titles_and_ids(
    capsys: pytest.CaptureFixture[str],
    imported: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = {(p["id"], p["title"]) for p in listed(capsys)}
    bib = tmp_path / "all.bib"
    assert run(capsys, "export", "--all", "--format", "bibtex", "-o", str(bib))[0] == EXIT_OK
    monkeypatch.setenv("PAPERDECK_HOME", str(tmp_path / "from-bibtex"))
    code, out, _ = run(capsys, "import", str(bib))
    assert code == EXIT_OK and "3 added" in out
    assert {(p["id"], p["title"]) for p in listed(capsys)} == before


# -- the command registry -----------------------------------------------------------------


def test_every_command_module_is_registered_once_in_help_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from paperdeck.cli import commands
    from paperdeck.cli.registry import COMMANDS

    folder = Path(commands.__file__).parent
    modules = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    assert modules == set(commands.COMMAND_MODULES)
    with pytest.raises(SystemExit):
        main(["--help"])
    help_lines = capsys.readouterr().out.splitlines()
    listed = [match[1] for line in help_lines if (match := re.match(r" {4}(\w+)\b", line))]
    assert listed == list(COMMANDS) == [
        "import", "list", "star", "unstar", "read", "unread", "tag", "note", "edit", "export",
        "undo", "redo", "history", "filters", "imports", "stats", "config",
    ]  # fmt: skip
