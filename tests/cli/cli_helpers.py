"""What the CLI tests share: a daily page to import, and running ``paperdeck`` in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdeck.cli import EXIT_OK, main

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
             "starred", "read", "tags", "note", "sources", "author_names",
             "categories"}  # fmt: skip


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


def listed(capsys: pytest.CaptureFixture[str], *query: str) -> list[dict]:
    code, out, _ = run(capsys, "list", "--json", *query)
    assert code == EXIT_OK
    return json.loads(out)


def library_files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.glob("*.json"))} if home.exists() else {}


def devil_id(capsys: pytest.CaptureFixture[str]) -> str:
    return listed(capsys, "devil")[0]["id"]
