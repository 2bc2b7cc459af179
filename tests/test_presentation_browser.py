"""Presentation mode measured in the browser at 1920 x 1080: slides, not a page of charts.
Titles at least 48 px, every other text at least 28 px, charts centred, a cover and a headline slide."""

from __future__ import annotations

import pytest

from conftest import ROOT, go_live, reused_page
from dashboard.exports.deck_plan import deck_plan
from dashboard.data.dataset import load
from dashboard.view.url import parse_view

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True

DATA = load(ROOT / "data")
pytestmark = pytest.mark.browser
SHOWN = ("cover", "headline", "chart", "tiles", "number")  # the deck's slides that presentation shows

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
            if i.kind in SHOWN]
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
            if i.kind in SHOWN]
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
                  if i.kind in SHOWN])
    for _ in range(2):
        page.click("#present-open")
        page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
        page.wait_for_function("want => document.getElementById('present-counter').innerText === want",
                               arg=f"1 / {slides}")
        page.click("#present-exit")
        page.wait_for_selector("#present-layer[hidden]", state="attached")
    assert not page.errors


# --- Slides, not a web page: margins, controls, keys, the address ---------------------------------

BOXES = """() => {
  const texts = [...document.querySelectorAll('#present-graph text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => ({text: t.textContent, box: t.getBoundingClientRect().toJSON()}));
  const bars = [...document.querySelectorAll('#present-graph .bars path, #present-graph .point path')]
    .map(p => p.getBoundingClientRect().toJSON()).filter(b => b.width > 1 && b.height > 1);
  return {texts, bars};
}"""


def crowding(boxes: dict, width: int, height: int) -> list[str]:
    """Text within 5 % of the screen's edge, and text closer than 6 px to a bar (or on one)."""
    problems = []
    for t in boxes["texts"]:
        b = t["box"]
        if b["left"] < 0.05 * width or b["right"] > 0.95 * width or b["top"] < 0.05 * height \
                or b["bottom"] > 0.95 * height:
            problems.append(f"{t['text'][:20]!r} inside the 5 % margin: {b}")
        for bar in boxes["bars"]:
            apart_x = max(bar["left"] - b["right"], b["left"] - bar["right"])
            apart_y = max(bar["top"] - b["bottom"], b["top"] - bar["bottom"])
            if apart_x < 6 and apart_y < 6:
                problems.append(f"{t['text'][:20]!r} touches a bar ({apart_x:.0f} px)")
                break
    return problems


def open_slides(page, live_server, query: str, count: int) -> None:
    page.goto(f"{live_server}/?{query}&present=1")
    page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
    page.wait_for_function("want => document.getElementById('present-counter').innerText === want",
                           arg=f"1 / {count}")


def at_slide(page, number: int, count: int) -> None:
    page.wait_for_function("want => document.getElementById('present-counter').innerText === want",
                           arg=f"{number} / {count}")
    page.wait_for_timeout(150)  # Plotly draws the new slide's text


def test_every_slide_keeps_5_percent_margins_and_its_labels_clear_of_their_bars(big_page, live_server, tmp_path):
    page = big_page
    query = "tab=science_popularization"
    plan = [i for i in deck_plan(DATA, parse_view(query, DATA), "zh") if i.kind in SHOWN]
    open_slides(page, live_server, query, len(plan))
    problems = []
    for number, item in enumerate(plan, start=1):
        at_slide(page, number, len(plan))
        boxes = page.evaluate(BOXES)
        boxes["bars"] = boxes["bars"] if item.kind == "chart" else []  # a tile's text sits on its tile
        problems += [f"{number} {item.title}: {p}" for p in crowding(boxes, 1920, 1080)]
        if item.chart_id == "science_popularization_events":
            page.screenshot(path=str(ROOT / "out" / "screens" / "present-science-1920.png"))
        page.keyboard.press("ArrowRight")
    assert problems == []


def test_the_controls_stay_hidden_until_the_pointer_moves(big_page, live_server):
    page = big_page
    plan = [i for i in deck_plan(DATA, parse_view("tab=jobs", DATA), "zh") if i.kind in SHOWN]
    open_slides(page, live_server, "tab=jobs", len(plan))
    opacity = "() => getComputedStyle(document.querySelector('.present-bar')).opacity"
    page.wait_for_function(f"() => ({opacity})() === '0'", timeout=6000)
    page.mouse.move(400, 400)
    page.mouse.move(500, 500)
    page.wait_for_function(f"() => ({opacity})() === '1'", timeout=2000)
    page.wait_for_function(f"() => ({opacity})() === '0'", timeout=6000)  # still again: hidden again


def test_home_end_and_a_number_with_enter_move_and_the_address_names_the_slide(big_page, live_server):
    page = big_page
    plan = [i for i in deck_plan(DATA, parse_view("tab=jobs", DATA), "zh") if i.kind in SHOWN]
    count = len(plan)
    open_slides(page, live_server, "tab=jobs", count)
    page.keyboard.press("End")
    at_slide(page, count, count)
    assert f"slide={count}" in page.url and "present=1" in page.url
    page.keyboard.press("Home")
    at_slide(page, 1, count)
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    at_slide(page, 3, count)
    page.wait_for_function("() => /[?&]slide=3(&|$)/.test(location.search)")
    # the address opens the same slide
    page.goto(f"{live_server}/?tab=jobs&present=1&slide=3")
    page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
    at_slide(page, 3, count)
    assert not page.errors
