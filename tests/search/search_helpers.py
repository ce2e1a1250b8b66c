"""Helpers of the search tests: papers made by hand and a small library of them."""

from __future__ import annotations

from paperdeck.models import Paper
from paperdeck.search import SearchIndex

# ---------------------------------------------------------------------- helpers


def paper(
    title: str,
    abstract: str = "",
    *,
    arxiv_id: str | None = None,
    published: str | None = None,
    authors: int | None = None,
    upvotes: int | None = None,
    sources: tuple[str, ...] = (),
    added: str | None = None,
    updated: str | None = None,
    author_names: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
) -> Paper:
    made = Paper.create(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        published=published,
        authors=authors,
        upvotes=upvotes,
        sources=sources,
        author_names=author_names,
        categories=categories,
    )
    return made.with_changes(added=added, updated=updated)


def titles(index: SearchIndex, query: str) -> list[str]:
    return [index.papers[p].title for p in index.search(query).positions]


def found(index: SearchIndex, query: str) -> set[str]:
    return set(titles(index, query))


# A small library with known dates (newest first: E, D, C, B, A, then undated U).
LIBRARY = [
    paper(
        "Alpha: Diffusion Models Beat GANs",
        "We show that diffusion models can beat GANs on image synthesis.",
        arxiv_id="2105.05233v4",
        published="2021-05-11",
        authors=2,
        upvotes=40,
        sources=("daily-2021.txt",),
    ),
    paper(
        "Bravo Latent Diffusion",
        "High-resolution image synthesis with latent diffusion; a two-stage model.",
        arxiv_id="2112.10752",
        published="2021-12-20",
        authors=5,
        upvotes=3,
        sources=("daily-2021.txt", "viewer.txt"),
    ),
    paper(
        "Charlie: Reinforcement learning for robots",
        "Policy gradient methods; the agent learns with sparse reward signals.",
        arxiv_id="2301.00001",
        published="2023-01-02",
        authors=12,
        upvotes=0,
        sources=("abstracts.txt",),
    ),
    paper(
        "Delta: RT-2: Vision-Language-Action models",
        "We study two words and the transfer of web knowledge to robotic control.",
        arxiv_id="2307.15818",
        published="2023-07-28",
        sources=("daily-2023.txt",),
    ),
    paper(
        "Echo — a naïve Über model",
        "Ünicode text: naïve tokens, Straße and ΟΔΟΣ words; also diffusion-based.",
        published="2024-02-01",
        upvotes=8,
    ),
    paper("Uniform mixture of experts", "Sparse mixture of experts without a date."),
]
A, B, C, D, E, U = (p.title for p in LIBRARY)
