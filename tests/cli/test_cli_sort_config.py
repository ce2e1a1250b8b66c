"""``paperdeck config`` and ``--sort``/``--reverse`` on ``list`` and ``export``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK

PAPERS = [
    {"title": "Beta paper", "abstract": "b", "published": "2024-01-01", "upvotes": 5},
    {"title": "alpha paper", "abstract": "a", "published": "2025-06-01", "upvotes": 1},
    {"title": "Gamma paper", "abstract": "g diffusion", "published": "2023-03-01"},
]


@pytest.fixture
def library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == EXIT_OK


def titles(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    code, out, err = run(capsys, "list", "--json", *args)
    assert code == EXIT_OK, err
    return [record["title"] for record in json.loads(out)]


@pytest.mark.usefixtures("library")
def test_list_sorts_by_each_name_and_reverses(capsys: pytest.CaptureFixture[str]) -> None:
    assert titles(capsys) == ["alpha paper", "Beta paper", "Gamma paper"]  # date
    assert titles(capsys, "--sort", "date", "--reverse") == [
        "Gamma paper",
        "Beta paper",
        "alpha paper",
    ]
    assert titles(capsys, "--sort", "upvotes") == ["Beta paper", "alpha paper", "Gamma paper"]
    assert titles(capsys, "--sort", "title", "--reverse") == [
        "Gamma paper",
        "Beta paper",
        "alpha paper",
    ]
    # Relevance without a query is date.
    assert titles(capsys, "--sort", "relevance") == titles(capsys, "--sort", "date")


@pytest.mark.usefixtures("library")
def test_an_unknown_sort_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--sort", "stars")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err == (
        "paperdeck: unknown sort 'stars' (choose from relevance, date, upvotes, title, added, "
        "for-you, for-you:TAG)\n"
    )


@pytest.mark.usefixtures("library")
def test_the_default_sort_comes_from_the_config_file(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "title"\nreverse = true\n')
    assert titles(capsys) == ["Gamma paper", "Beta paper", "alpha paper"]
    # A --sort given wins, in its natural direction.
    assert titles(capsys, "--sort", "upvotes") == ["Beta paper", "alpha paper", "Gamma paper"]


@pytest.mark.usefixtures("library")
def test_a_bad_config_warns_in_one_line_and_the_default_sort_stands(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "newest"\n')
    code, out, err = run(capsys, "list", "--json")
    assert code == EXIT_OK
    assert [r["title"] for r in json.loads(out)] == ["alpha paper", "Beta paper", "Gamma paper"]
    assert err.splitlines() == [
        f'paperdeck: warning: {config_file}:1: sort: unknown sort "newest" '
        "(choose from relevance, date, upvotes, title, added, for-you, for-you:TAG)"
    ]


@pytest.mark.usefixtures("library")
def test_export_sorts_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", "--all", "--sort", "title", "--format", "json")
    assert code == EXIT_OK
    assert [json.loads(line)["title"] for line in out.splitlines()] == [
        "alpha paper",
        "Beta paper",
        "Gamma paper",
    ]
    code, out, _err = run(capsys, "export", "--all", "--sort", "upvotes", "--reverse")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## 1. alpha paper", "## 2. Beta paper", "## 3. Gamma paper"]


def test_config_prints_the_path_and_the_defaults(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    code, out, err = run(capsys, "config")
    assert code == EXIT_OK and err == ""
    lines = out.splitlines()
    assert lines[0] == f"Config file: {config_file} (not there: the defaults)"
    assert lines[1:] == [
        "theme                 (the app's default)",
        "sort                  date (the default)",
        "reverse               false (the default)",
        "advance_after_triage  false (the default)",
    ]
    code, out, _err = run(capsys, "config", "--json")
    assert code == EXIT_OK
    assert json.loads(out) == {
        "path": str(config_file),
        "exists": False,
        "problems": [],
        "theme": None,
        "sort": "date",
        "reverse": False,
        "advance_after_triage": False,
        "keys": {},
        "feeds": [],
    }


def test_config_prints_the_values_in_force_and_its_problems(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('theme = "nord"\n[keys]\nstar = "x"\nstarz = "y"\n')
    code, out, err = run(capsys, "config")
    assert code == EXIT_BAD_INPUT
    assert f"Config file: {config_file}" in out
    assert "theme                 nord" in out and "keys.star             x" in out
    assert "sort                  date (the default)" in out
    assert err.startswith(f"paperdeck: {config_file}:4: keys.starz: no binding has this id")
    assert len(err.splitlines()) == 1
    code, out, _err = run(capsys, "config", "--json")
    record = json.loads(out)
    assert code == EXIT_BAD_INPUT and record["exists"] is True
    assert record["keys"] == {"star": "x"} and len(record["problems"]) == 1


@pytest.mark.usefixtures("library")
def test_export_keeps_its_own_order_unless_a_sort_is_asked_for(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    def exported(*args: str) -> list[str]:
        code, out, err = run(capsys, "export", "--all", "--format", "json", *args)
        assert code == EXIT_OK, err
        return [json.loads(line)["title"] for line in out.splitlines()]

    # The library's order (the order of the file), as a backup should be.
    assert exported() == ["Beta paper", "alpha paper", "Gamma paper"]
    assert exported("--reverse") == ["Gamma paper", "alpha paper", "Beta paper"]
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "upvotes"\n')
    assert exported() == ["Beta paper", "alpha paper", "Gamma paper"]
    config_file.write_text('sort = "date"\n')
    assert exported() == ["alpha paper", "Beta paper", "Gamma paper"]
