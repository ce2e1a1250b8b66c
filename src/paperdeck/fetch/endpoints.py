"""Where the services are, and how long to wait between arXiv requests.

Every endpoint defaults to the real service and is overridden by a variable, for
mirrors, proxies and tests:

- ``$PAPERDECK_ARXIV_API`` (``https://export.arxiv.org/api/query``),
- ``$PAPERDECK_ARXIV_RSS`` (``https://rss.arxiv.org/rss``; ``/CATEGORY`` is appended),
- ``$PAPERDECK_HF_API`` (``https://huggingface.co/api``; ``/daily_papers?date=…``).

arXiv's terms ask for at least 3 s between requests to its API and feeds, over one
connection. ``$PAPERDECK_ARXIV_DELAY`` (seconds) changes the gap, but below 3 s only
while the endpoint in use is overridden: a local server or a mirror may be asked
faster, arXiv itself never.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

ARXIV_API_ENV = "PAPERDECK_ARXIV_API"
ARXIV_RSS_ENV = "PAPERDECK_ARXIV_RSS"
HF_API_ENV = "PAPERDECK_HF_API"
ARXIV_DELAY_ENV = "PAPERDECK_ARXIV_DELAY"

ARXIV_API_DEFAULT = "https://export.arxiv.org/api/query"
ARXIV_RSS_DEFAULT = "https://rss.arxiv.org/rss"
HF_API_DEFAULT = "https://huggingface.co/api"

# arXiv's terms of use: "no more than one request every three seconds".
ARXIV_MIN_GAP_SECONDS = 3.0

# The names the messages give each service.
ARXIV_API = "arXiv API"
ARXIV_RSS = "arXiv listing feed"
HUGGING_FACE = "Hugging Face"


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The three base URLs and the gap asked between arXiv requests."""

    arxiv_api: str = ARXIV_API_DEFAULT
    arxiv_rss: str = ARXIV_RSS_DEFAULT
    hf_api: str = HF_API_DEFAULT
    asked_gap: float = ARXIV_MIN_GAP_SECONDS

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> Endpoints:
        """The endpoints the variables name (an unset or empty one: the default)."""
        env = os.environ if environ is None else environ

        def value(name: str, default: str) -> str:
            return env.get(name, "").strip().rstrip("/") or default

        gap = ARXIV_MIN_GAP_SECONDS
        try:
            asked = float(env.get(ARXIV_DELAY_ENV, "").strip() or ARXIV_MIN_GAP_SECONDS)
        except ValueError:
            asked = ARXIV_MIN_GAP_SECONDS
        if 0 <= asked < float("inf"):  # NaN and negative numbers are no delay
            gap = asked
        return cls(
            value(ARXIV_API_ENV, ARXIV_API_DEFAULT),
            value(ARXIV_RSS_ENV, ARXIV_RSS_DEFAULT),
            value(HF_API_ENV, HF_API_DEFAULT),
            gap,
        )

    @property
    def api_gap(self) -> float:
        """Seconds between two requests to the arXiv API in force."""
        return _gap(self.asked_gap, self.arxiv_api != ARXIV_API_DEFAULT)

    @property
    def rss_gap(self) -> float:
        """Seconds between two requests to the arXiv listing feeds in force."""
        return _gap(self.asked_gap, self.arxiv_rss != ARXIV_RSS_DEFAULT)

    def rss_url(self, category: str) -> str:
        return f"{self.arxiv_rss}/{category}"

    def daily_papers_url(self) -> str:
        return f"{self.hf_api}/daily_papers"


def _gap(asked: float, overridden: bool) -> float:
    # The real arXiv is never asked more often than its terms allow.
    return asked if overridden else max(asked, ARXIV_MIN_GAP_SECONDS)
