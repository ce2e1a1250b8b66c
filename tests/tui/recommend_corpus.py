"""A library of three topics for the app's for-you and like: tests.

Each topic's papers say it in their own words; ids ``2403.0TNNN`` (T the topic).
"""

from __future__ import annotations

from paperdeck.models import Paper

_TOPICS = [
    (
        "Sparse mixture of experts routing",
        "A router sends each token to a few experts of a sparse mixture of experts layer.",
    ),
    (
        "Speculative decoding with a draft model",
        "A small draft model proposes tokens that the target model verifies in parallel.",
    ),
    (
        "Denoising diffusion for image generation",
        "A denoising diffusion model reverses noise step by step to generate images.",
    ),
]
_FILLERS = ["scalable", "efficient", "robust", "simple", "practical", "general"]
PER_TOPIC = 6


def topic_corpus() -> list[Paper]:
    """``PER_TOPIC`` papers of each topic, newest last within a topic."""
    return [
        Paper.create(
            title=f"{_FILLERS[i].capitalize()} {title.lower()}",
            abstract=f"{abstract} We give a {_FILLERS[i]} method, variant {i}.",
            arxiv_id=f"2403.0{t}{i:03d}",
            published=f"2024-{t + 1:02d}-{i + 1:02d}",
        )
        for t, (title, abstract) in enumerate(_TOPICS)
        for i in range(PER_TOPIC)
    ]


def topic_of(paper: Paper) -> int:
    """The topic (0 experts, 1 drafts, 2 diffusion) of a paper of topic_corpus()."""
    return int((paper.arxiv_id or "")[6])
