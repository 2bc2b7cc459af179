"""Lighthouse (npm lighthouse@12.2.3, Debian's Chromium) scores accessibility, best practices and SEO at 100 on
every tab in both languages, as a phone (Lighthouse's default form factor) loads them from the Procfile's server."""

from __future__ import annotations

import concurrent.futures

import pytest

from bench import lighthouse
from dashboard.data.dataset import load
from dashboard.view.state import tab_ids

from conftest import DATA, require

pytestmark = pytest.mark.browser

CATEGORIES = ("accessibility", "best-practices", "seo")
VIEWS = [f"?tab={tab}{lang}" for tab in tab_ids(load(DATA)) for lang in ("", "&lang=en")]


def audit(base: str) -> dict[str, dict]:
    """Every view audited once, in one Node process and one Chromium (a third faster than a run per page)."""
    found = lighthouse.run_many([f"{base}/{query}" for query in VIEWS], "mobile", CATEGORIES)
    return dict(zip(VIEWS, found))


# The audits started with the session (conftest's early_lighthouse), in a thread while other tests run: about
# half of Lighthouse's time is waiting for each page to go quiet. None when they were not started early.
EARLY: concurrent.futures.Future | None = None


def start_early(pool: concurrent.futures.Executor, base: str) -> None:
    global EARLY
    if lighthouse.available():
        EARLY = pool.submit(audit, base)


@pytest.fixture(scope="module")
def results(live_server) -> dict[str, dict]:
    require(lighthouse.available(), f"lighthouse not installed: {lighthouse.INSTALL}")
    return EARLY.result() if EARLY is not None else audit(live_server)


@pytest.mark.parametrize("query", VIEWS)
def test_lighthouse_scores_100(results, live_server, query):
    result = results[query]
    assert result["url"] == f"{live_server}/{query}"  # the page itself, not an error page it was sent to
    assert set(result["scores"]) == set(CATEGORIES)
    low = {name: score for name, score in result["scores"].items() if score != 100}
    assert not low, f"{query}: {low}; audits costing points: {result['failing']}"
