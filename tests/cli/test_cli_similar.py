"""``paperdeck similar``, ``list --sort for-you`` and ``like:`` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import LIST_KEYS, run, write

from paperdeck.cli import EXIT_BAD_INPUT, EXIT_OK

# Three topics of three papers, as an abstracts file (one paper a line).
ABSTRACTS = "".join(
    f"Abstract:{text} Variant {i} of the {kind} study.\n"
    for kind, text in [
        ("draft", "Speculative decoding: a draft model proposes tokens the target verifies."),
        ("image", "Denoising diffusion models generate images by reversing noise."),
        ("expert", "A sparse mixture of experts routes each token to a few experts."),
    ]
    for i in range(4)
)


@pytest.fixture
def library(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> list[dict]:
    code, _, _ = run(capsys, "import", str(write(tmp_path, "topics.txt", ABSTRACTS)))
    assert code == EXIT_OK
    code, out, _ = run(capsys, "list", "--json", "--sort", "title")
    return json.loads(out)


def ids_about(papers: list[dict], word: str) -> list[str]:
    return [p["id"] for p in papers if word in p["abstract"]]


def test_similar_lists_the_same_topic_with_shared_terms(
    capsys: pytest.CaptureFixture[str], library: list[dict]
) -> None:
    drafts = ids_about(library, "draft")
    code, out, _ = run(capsys, "similar", drafts[0], "--limit", "3", "--json")
    assert code == EXIT_OK
    found = json.loads(out)
    assert [p["id"] for p in found] != [] and len(found) == 3
    assert {p["id"] for p in found} == set(drafts[1:])
    assert set(found[0]) == LIST_KEYS | {"similarity", "shared_terms"}
    assert found[0]["shared_terms"] and 0 < found[0]["similarity"] <= 1
    code, out, _ = run(capsys, "similar", drafts[0], "--limit", "2")
    assert code == EXIT_OK and len(out.splitlines()) == 2 and "[" in out


def test_similar_to_an_unknown_id_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], library: list[dict]
) -> None:
    code, out, err = run(capsys, "similar", "2401.99999")
    assert code == EXIT_BAD_INPUT and out == ""
    assert len(err.strip().splitlines()) == 1 and "2401.99999" in err


def test_list_like_combines_and_keeps_its_order(
    capsys: pytest.CaptureFixture[str], library: list[dict]
) -> None:
    experts = ids_about(library, "experts")
    run(capsys, "read", experts[1])
    code, out, _ = run(capsys, "list", "--json", f"like:{experts[0]}", "is:unread")
    assert code == EXIT_OK
    found = [p["id"] for p in json.loads(out)]
    assert experts[0] not in found and experts[1] not in found
    assert set(found[:2]) == set(experts[2:])
    code, _, err = run(capsys, "list", "like:2401.99999")
    assert code == EXIT_BAD_INPUT and "no paper with id '2401.99999'" in err


def test_for_you_falls_back_with_a_notice_then_learns(
    capsys: pytest.CaptureFixture[str], library: list[dict]
) -> None:
    code, out, err = run(capsys, "list", "--json", "--sort", "for-you")
    assert code == EXIT_OK and "for-you needs at least 3 starred papers" in err
    by_date = json.loads(run(capsys, "list", "--json", "--sort", "date")[1])
    assert [p["id"] for p in json.loads(out)] == [p["id"] for p in by_date]
    images = ids_about(library, "images")
    run(capsys, "star", *images[:3])
    code, out, err = run(capsys, "list", "--json", "--sort", "for-you")
    assert code == EXIT_OK and "for-you" not in err
    assert json.loads(out)[0]["id"] == images[3]
    code, out, _ = run(capsys, "export", "--format", "json", "--sort", "for-you", "--all")
    # JSON Lines, one paper a line, best first.
    assert code == EXIT_OK and json.loads(out.splitlines()[0])["id"] == images[3]


def test_a_bad_for_you_sort_is_one_line(
    capsys: pytest.CaptureFixture[str], library: list[dict]
) -> None:
    code, _, err = run(capsys, "list", "--sort", "for-you:")
    assert code == EXIT_BAD_INPUT and "needs a tag" in err


def test_a_plain_list_loads_no_recommender(library: list[dict]) -> None:
    # numpy, scipy and the recommender are for for-you and like: alone (only the
    # numpy-free paperdeck.recommend.location, naming the vectors' folder, loads).
    code = (
        "import sys\n"
        "from paperdeck.cli import main\n"
        "status = main(['list', 'diffusion', '--sort', 'date'])\n"
        "unwanted = ('numpy', 'scipy', 'paperdeck.recommend.model')\n"
        "print(status, sorted(m for m in unwanted if m in sys.modules), file=sys.stderr)\n"
        "main(['list', '--sort', 'for-you'])\n"
        "print('for-you' , 'paperdeck.recommend.marks' in sys.modules, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    lines = result.stderr.splitlines()
    assert "0 []" in lines, result.stderr
    assert "for-you True" in lines, result.stderr
