"""The fake services, with the endpoint variables pointing at them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_services import FakeServices


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServices]:
    fake = FakeServices()
    monkeypatch.setenv("PAPERDECK_ARXIV_API", f"{fake.base}/api/query")
    monkeypatch.setenv("PAPERDECK_ARXIV_RSS", f"{fake.base}/rss")
    monkeypatch.setenv("PAPERDECK_HF_API", f"{fake.base}/hf/api")
    # The gap between arXiv requests, small for a local server (the default 3 s gap
    # is tested with an injected clock in test_http_client.py).
    monkeypatch.setenv("PAPERDECK_ARXIV_DELAY", "0.2")
    yield fake
    fake.close()
