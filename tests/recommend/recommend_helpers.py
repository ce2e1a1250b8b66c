"""A small corpus of three topics, each paper saying its topic in its own words."""

from __future__ import annotations

from paperdeck.models import Paper

_TOPICS = {
    "draft": (
        "Speculative decoding with a draft model",
        "A small draft model proposes tokens that the target model verifies in "
        "parallel, so speculative decoding speeds up inference without changing outputs.",
    ),
    "diff": (
        "Diffusion models for image generation",
        "A denoising diffusion model learns to reverse noise, generating images "
        "step by step; guidance trades diversity for image quality.",
    ),
    "moe": (
        "Sparse mixture of experts routing",
        "A router sends each token to a few experts of a sparse mixture of experts "
        "layer, balancing expert load while the model grows cheaply.",
    ),
}
# Words that vary the papers of a topic without telling topics apart.
_FILLERS = ["scalable", "efficient", "robust", "simple", "practical", "general", "fast"]


def topic_papers(per_topic: int = 7) -> list[Paper]:
    """``per_topic`` papers of each topic, dated one day apart, keys ``TOPIC-N``."""
    papers = []
    for t, (name, (title, abstract)) in enumerate(_TOPICS.items()):
        for i in range(per_topic):
            filler = _FILLERS[i % len(_FILLERS)]
            papers.append(
                Paper(
                    key=f"{name}-{i}",
                    title=f"{filler.capitalize()} {title.lower()} {i}",
                    abstract=f"{abstract} We give a {filler} method, variant {i}.",
                    published=f"2024-{t + 1:02d}-{i + 1:02d}",
                )
            )
    return papers


def topic_of(key: str) -> str:
    return key.split("-")[0]
