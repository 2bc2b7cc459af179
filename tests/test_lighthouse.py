"""Lighthouse (npm lighthouse@12.2.3, Debian's Chromium) scores accessibility, best practices and SEO at 100 on
every tab in both languages, as a phone (Lighthouse's default form factor) loads them from the Procfile's server."""

from __future__ import annotations

import pytest

from bench import lighthouse
from dashboard.loading import load
from dashboard.urlstate import tab_ids

from conftest import DATA

pytestmark = pytest.mark.browser

CATEGORIES = ("accessibility", "best-practices", "seo")
VIEWS = [f"?tab={tab}{lang}" for tab in tab_ids(load(DATA)) for lang in ("", "&lang=en")]


@pytest.fixture(scope="module")
def results(live_server) -> dict[str, dict]:
    """Every view audited once, in one Node process and one Chromium (a third faster than a run per page)."""
    if not lighthouse.available():
        pytest.skip(f"lighthouse not installed: {lighthouse.INSTALL}")
    found = lighthouse.run_many([f"{live_server}/{query}" for query in VIEWS], "mobile", CATEGORIES)
    return dict(zip(VIEWS, found))


@pytest.mark.parametrize("query", VIEWS)
def test_lighthouse_scores_100(results, live_server, query):
    result = results[query]
    assert result["url"] == f"{live_server}/{query}"  # the page itself, not an error page it was sent to
    assert set(result["scores"]) == set(CATEGORIES)
    low = {name: score for name, score in result["scores"].items() if score != 100}
    assert not low, f"{query}: {low}; audits costing points: {result['failing']}"
