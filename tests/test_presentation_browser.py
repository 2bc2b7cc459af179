"""Presentation mode measured in the browser at 1920 x 1080: slides, not a page of charts.
Titles at least 48 px, every other text at least 28 px, charts centred, a cover and a headline slide."""

from __future__ import annotations

import pytest

from conftest import ROOT, go_live, reused_page
from dashboard.exports import deck_plan
from dashboard.loading import load
from dashboard.urlstate import parse_view

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True

DATA = load(ROOT / "data")
pytestmark = pytest.mark.browser

SIZES = """() => [...document.querySelectorAll('#present-graph text')]
  .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map(t => ({text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
              title: !!t.closest('.g-gtitle') && !t.closest('.gtitle-subtitle') && !t.classList.contains('gtitle-subtitle'),
              box: t.getBoundingClientRect().toJSON()}))"""


def flat(text: str) -> str:
    return "".join(text.split())  # a wrapped title's lines join without their spaces


@pytest.fixture(scope="module")
def big_tab(browser):
    with reused_page(browser, viewport={"width": 1920, "height": 1080}, saving_data=SAVING_DATA) as tab:
        yield tab


@pytest.fixture
def big_page(big_tab):
    big_tab.reset()
    return big_tab


@pytest.mark.parametrize("query", ["tab=labor_relations", "tab=overview&lang=en"])
def test_every_slide_has_a_48_px_title_and_28_px_text(big_page, live_server, query):
    page = big_page
    plan = [i for i in deck_plan(DATA, parse_view(query, DATA), "en" if "lang=en" in query else "zh")
            if i.kind in ("cover", "headline", "chart", "number")]
    page.goto(f"{live_server}/?{query}&present=1")
    page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
    kinds = set()
    for number, item in enumerate(plan, start=1):
        page.wait_for_function("want => document.getElementById('present-counter').innerText === want",
                               arg=f"{number} / {len(plan)}")
        page.wait_for_function("want => document.querySelector('#present-graph .gtitle')?.textContent"
                               ".replace(/\\s/g, '') === want", arg=flat(item.title))
        texts = page.evaluate(SIZES)
        titles = [t for t in texts if t["title"]]
        assert titles and min(t["size"] for t in titles) >= 48, (item.title, titles)
        others = [t for t in texts if not t["title"]]
        small = [(t["text"][:30], t["size"]) for t in others if t["size"] < 28]
        assert small == [], (item.title, small)
        # nothing runs off the screen, and the slide is centred: its title's middle is the screen's
        assert [t for t in texts if t["box"]["left"] < 0 or t["box"]["right"] > 1920] == [], item.title
        (title,) = [t for t in titles if flat(t["text"]) == flat(item.title)]
        centre = (title["box"]["left"] + title["box"]["right"]) / 2
        assert abs(centre - 960) < 40, (item.title, centre)
        kinds.add(item.kind)
        page.keyboard.press("ArrowRight")
    assert {"cover", "headline", "chart"} <= kinds


def test_a_lone_figure_is_one_big_number(big_page, live_server):
    page = big_page
    plan = [i for i in deck_plan(DATA, parse_view("tab=labor_relations", DATA), "zh")
            if i.kind in ("cover", "headline", "chart", "number")]
    at = [i.kind for i in plan].index("number") + 1
    page.goto(f"{live_server}/?tab=labor_relations&present=1")
    page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
    for _ in range(at - 1):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("want => document.getElementById('present-counter').innerText === want",
                           arg=f"{at} / {len(plan)}")
    value = DATA.figure(plan[at - 1].figure_ids[0])["display_zh"]
    page.wait_for_function("want => [...document.querySelectorAll('#present-graph text')].some(t => t.textContent === want)",
                           arg=value)
    size = page.evaluate("want => parseFloat(getComputedStyle([...document.querySelectorAll('#present-graph text')]"
                         ".find(t => t.textContent === want)).fontSize)", value)
    assert size >= 120


def test_the_slide_graph_is_made_when_presenting_begins(big_page, live_server):
    """The page draws no chart out of sight: until presenting begins there is no slide graph (an empty one
    was drawn before the view's own charts and held them up). The present button makes it and shows the
    first slide; leaving and presenting again shows the first slide again."""
    page = big_page
    go_live(page, f"{live_server}/?tab=jobs")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .chart-cell .main-svg")
    assert page.locator("#present-graph").count() == 0
    assert page.locator(".js-plotly-plot").count() == page.locator(
        "#tab-content > .pane:not(.pane--hidden) .chart-cell .js-plotly-plot").count()
    slides = len([i for i in deck_plan(DATA, parse_view("tab=jobs", DATA), "zh")
                  if i.kind in ("cover", "headline", "chart", "number")])
    for _ in range(2):
        page.click("#present-open")
        page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
        page.wait_for_function("want => document.getElementById('present-counter').innerText === want",
                               arg=f"1 / {slides}")
        page.click("#present-exit")
        page.wait_for_selector("#present-layer[hidden]", state="attached")
    assert not page.errors
