"""Issue 18's targets, in one place: what bench.py measures them against.

Each target names the figure of bench.py it judges (a key of one size's results, or
a figure computed across sizes), the corpus size, and the bound. bench.py prints a
row for each: target, measured, met or not; a figure that was not measured in a run
(a size not asked for, coBib not installed) is reported as not measured, never met.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One bound on one measured figure at one corpus size."""

    label: str
    size: int
    figure: str
    bound: float
    at_least: bool = False  # True: the figure must reach the bound (a speed-up)

    def met(self, measured: float) -> bool:
        return measured >= self.bound if self.at_least else measured <= self.bound

    def describe(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.bound:g}"


THOUSAND, TEN_THOUSAND, HUNDRED_THOUSAND, MILLION = 1_000, 10_000, 100_000, 1_000_000

TARGETS: tuple[Target, ...] = (
    Target("first painted list (s)", HUNDRED_THOUSAND, "tui_start_s", 0.5),
    Target("index ready (s)", HUNDRED_THOUSAND, "tui_warm_s", 1.5),
    Target("keystroke → painted list p95 (ms)", HUNDRED_THOUSAND, "tui_key_ms_p95", 33),
    Target("keystroke p95 / the 1k figure", HUNDRED_THOUSAND, "key_p95_vs_1k", 3),
    Target("app peak RSS (MB)", HUNDRED_THOUSAND, "app_rss_mb", 300),
    Target("star → on disk p95 (ms)", HUNDRED_THOUSAND, "star_ms_p95", 15),
    Target("list: × faster than coBib search", TEN_THOUSAND, "cobib_ratio", 35, at_least=True),
    Target("paperdeck list (s)", HUNDRED_THOUSAND, "list_s", 0.3),
    Target("paperdeck list (s)", MILLION, "list_s", 2),
    Target("import (s)", HUNDRED_THOUSAND, "import_s", 15),
    Target("import (s)", MILLION, "import_s", 180),
    Target("import peak RSS (MB)", MILLION, "import_rss_mb", 4096),
    Target("index ready (s)", MILLION, "tui_warm_s", 5),
    Target("keystroke → painted list p95 (ms)", MILLION, "tui_key_ms_p95", 80),
    Target("app peak RSS (MB)", MILLION, "app_rss_mb", 1536),
)
