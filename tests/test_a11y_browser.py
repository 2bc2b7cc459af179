"""English views and accessibility (axe-core), in a real Chromium against gunicorn (screen sizes: test_screens_browser).

axe-core comes from npm at test-install time (.ci/run: npm install --no-save --prefix .cache/node axe-core@4);
the tests inject it through the DevTools protocol (tests/visits.py), or a context that bypasses the page's
Content-Security-Policy where the page adds it as a script tag."""

from __future__ import annotations


import pytest

from dashboard.view.selection import shown_charts
from dashboard.data.dataset import load
from dashboard.view.state import View, area_topics

from conftest import DATA, become_live, require, reused_page
from visits import AXE, HAN, LAPTOP, TABS, VISIBLE_TEXT, chinese_outside_brackets, finding, open_view

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True

DATA_SET = load(DATA)


@pytest.fixture(scope="module")
def axe_tab(browser):
    """The module's tab for axe: its context bypasses the CSP, since axe is injected as a script."""
    with reused_page(browser, record=(), viewport={"width": 1366, "height": 900}, bypass_csp=True,
                     saving_data=SAVING_DATA) as tab:
        yield tab


@pytest.fixture
def axe_page(axe_tab):
    require(AXE.exists(), f"axe-core is not installed at {AXE}; run: npm install --no-save --prefix .cache/node axe-core@4")
    axe_tab.reset()
    return axe_tab


@pytest.mark.parametrize("tab", TABS)
def test_english_tab_has_no_chinese_outside_brackets(visit, tab):
    """What a reader of the English view sees or hears, with the view table open, outside quotations of the
    source (tests/visits.py, the laptop visit)."""
    english = finding(visit(LAPTOP, "en", tab), "english")
    assert english["lang"] == "en"
    assert english["chinese"] == []
    assert english["title"] and not HAN.search(english["title"])


def test_english_detail_panel_and_presentation_have_no_chinese(page, live_server):
    open_view(page, f"{live_server}/?tab=talent&indicator=talent_total&lang=en")
    page.wait_for_selector(".detail-label")
    assert chinese_outside_brackets(page.evaluate(VISIBLE_TEXT)) == []
    page.click("#present-open")
    page.wait_for_selector("#present-layer:not([hidden]) .main-svg")
    assert chinese_outside_brackets(page.evaluate(VISIBLE_TEXT)) == []


def test_switch_keeps_the_view_and_changes_the_language(page, live_server):
    open_view(page, f"{live_server}/?tab=jobs")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.click("#tab-talent")
    page.wait_for_selector("#lang-link[href*='tab=talent']")  # (no wait_for_function: the CSP forbids eval)
    page.click("#lang-link")
    page.wait_for_url("**lang=en**")
    become_live(page)
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .kpi")
    assert "tab=talent" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text("#tab-talent") == "Talent"
    # Tabs clicked in English stay in English, and the switch leads back to Chinese.
    page.click("#tab-jobs")
    page.wait_for_url("**tab=jobs**")
    assert "lang=en" in page.url
    page.wait_for_selector("#lang-link[href*='tab=jobs']:not([href*='lang=en'])")
    page.click("#lang-link")
    page.wait_for_selector("html[lang='zh-CN']")
    become_live(page)
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .kpi")
    assert "tab=jobs" in page.url and page.inner_text("#tab-jobs") == "就业"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("tab", TABS)
def test_axe_finds_no_serious_violation(visit, tab, lang):
    """Every tab on a laptop, with the view table open and sorted (caption, sort buttons, aria-sort, row
    headers are checked with the rest): tests/visits.py runs axe-core in the view's one visit."""
    require(AXE.exists(), f"axe-core is not installed at {AXE}; run: npm install --no-save --prefix .cache/node axe-core@4")
    assert finding(visit(LAPTOP, lang, tab), "axe") == []


def test_axe_detail_panel_and_presentation(axe_page, live_server):
    """axe on the open detail panel, then on presentation mode opened from it (its own layer, high contrast)."""
    open_view(axe_page, f"{live_server}/?tab=talent&indicator=talent_total&lang=en")
    axe_page.wait_for_selector(".detail-label")
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []
    axe_page.click("#present-open")
    axe_page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
    assert axe_page.locator("#present-counter").inner_text().startswith("1 / ")
    result = axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []


# --- the keyboard alone -----------------------------------------------------------------------------
# Each test starts from a page load and then only presses keys, as a keyboard user would; at every
# stop focus must be visibly marked (an outline, or a ring drawn as a box shadow).

FOCUSED = """() => {
  const el = document.activeElement;
  const ringed = (node) => { const style = getComputedStyle(node);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'; };
  const box = el.closest('.dash-input-container');  // Dash 4's Input rings its container, not the field
  return {tag: el.tagName, id: el.id, href: el.getAttribute('href'), role: el.getAttribute('role'), value: el.value || null,
          selected: el.getAttribute('aria-selected'), text: el.textContent.trim().slice(0, 80),
          ring: ringed(el) || (box !== null && ringed(box))};
}"""


def focused(page) -> dict:
    """What has focus, and whether it is visibly marked."""
    state = page.evaluate(FOCUSED)
    assert state["ring"], f"focus is not visible on {state}"
    return state


def tab_to(page, selector: str, limit: int = 200) -> dict:
    """Press Tab until focus is on an element matching selector; every stop on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            raise AssertionError(f"Tab went past the page's last stop without reaching {selector}")
        state = focused(page)
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return state
    raise AssertionError(f"Tab never reached {selector}")


def narrowing_topic(area: str) -> str:
    """A topic of the area that narrows some chart to part of its figures."""
    for topic in area_topics(DATA_SET, area):
        for chart_id, subset in shown_charts(DATA_SET, View(tab=area, topic=topic)):
            if subset and len(subset) < len(DATA_SET.charts.at[chart_id, "figure_ids"]):
                return topic
    raise AssertionError(f"no topic of {area} narrows a chart")


def test_keyboard_switches_tabs_and_filters_areas(page, live_server):
    """The tabs are links in a nav, the current one marked aria-current; Tab reaches each, Enter follows
    one without a page load; Space ticks an area."""
    open_view(page, f"{live_server}/?tab=overview")
    page.evaluate("window.__samePage = true")  # gone if a tab switch reloads the page
    tab = tab_to(page, "nav#tabs a")
    assert tab["id"] == "tab-overview" and page.get_attribute("#tab-overview", "aria-current") == "page"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "tab-jobs"
    page.keyboard.press("Enter")
    page.wait_for_url("**tab=jobs**")
    page.wait_for_selector("#tab-jobs[aria-current=page]")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .view-jobs")
    assert page.get_attribute("#tab-overview", "aria-current") is None
    assert page.evaluate("window.__samePage") is True
    page.keyboard.press("Shift+Tab")
    assert focused(page)["id"] == "tab-overview"
    page.keyboard.press("Enter")
    page.wait_for_url("**tab=overview**")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .view-overview")

    box = tab_to(page, "#sector-filter input[value=talent]")
    assert box["value"] == "talent"
    page.keyboard.press("Space")
    page.wait_for_url("**sector=talent**")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) [data-chart^='jobs']", state="detached")  # only talent's charts remain
    assert page.is_checked("#sector-filter input[value=talent]") and "tab=overview" in page.url
    assert page.evaluate("document.activeElement.value") == "talent"  # focus stays on the box


def test_keyboard_picks_a_topic_and_drills_into_cards_and_chart_marks(page, live_server):
    """The topic dropdown opens and chooses by keyboard; a card and every chart mark open the detail
    panel with Enter; focus goes to its close link; Esc or the close link closes it and focus comes back."""
    topic = narrowing_topic("jobs")
    open_view(page, f"{live_server}/?tab=jobs&lang=en")
    assert tab_to(page, "#topic-filter")["id"] == "topic-filter"
    page.keyboard.press("ArrowDown")  # opens the list on its first option
    page.wait_for_selector(".dash-dropdown-content input:focus")
    for _ in range(area_topics(DATA_SET, "jobs").index(topic)):  # the options are the topics, in order
        page.keyboard.press("ArrowDown")
    page.wait_for_selector(f".dash-dropdown-content input[value='{topic}']:focus")
    focused(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**topic={topic}**")
    page.wait_for_selector(".dash-dropdown-content", state="detached")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .chart-cell")

    # A KPI card: Enter opens its figure; Esc closes the panel and focus returns to the card.
    card = tab_to(page, ".kpi-link")
    page.keyboard.press("Enter")
    page.wait_for_selector(".detail-close:focus")
    assert "indicator=" in page.url and focused(page)
    page.keyboard.press("Escape")
    page.wait_for_selector(".detail-label", state="detached")
    assert "indicator=" not in page.url and focused(page)["href"] == card["href"]

    # A chart mark, through its chart's figure links: exactly the topic's figures of that chart.
    link = tab_to(page, ".figure-links a")
    cell = page.evaluate("document.activeElement.closest('.chart-cell').dataset.chart")
    subset = dict(shown_charts(DATA_SET, View(tab="jobs", topic=topic)))[cell]
    hrefs = page.evaluate("[...document.activeElement.closest('.figure-links').querySelectorAll('a')]"
                          ".map((a) => a.getAttribute('href'))")
    expected = [View(tab="jobs", topic=topic, indicator=fid, lang="en").query() for fid in subset]
    assert hrefs == expected
    first = DATA_SET.figure(subset[0])
    assert link["text"] == f"{first['label_en']}: {first['display_en']}"
    shown = page.evaluate("""() => { const a = document.activeElement.getBoundingClientRect(),
        c = document.activeElement.closest('.chart-cell').getBoundingClientRect();
        return a.width > 40 && a.height > 16 && a.left >= c.left && a.bottom <= c.bottom; }""")
    assert shown, "a focused figure link shows as a pill inside its chart"
    page.keyboard.press("Enter")
    page.wait_for_selector(f".detail-head[data-figure='{subset[0]}'] .detail-close:focus")
    assert f"indicator={subset[0]}" in page.url and focused(page)
    page.keyboard.press("Enter")  # the close link
    page.wait_for_selector(".detail-label", state="detached")
    assert "indicator=" not in page.url and f"topic={topic}" in page.url
    assert focused(page)["href"] == link["href"]


def test_keyboard_presents_moves_and_leaves(page, live_server):
    """Enter on 演示模式 presents with focus inside the layer (Tab stays there); ←/→ move; Esc leaves
    and focus is back on the button."""
    open_view(page, f"{live_server}/?tab=talent")
    tab_to(page, "#present-open")
    page.keyboard.press("Enter")
    page.wait_for_selector("#present-layer:not([hidden]) .main-svg")
    page.wait_for_selector("#present-counter:text-matches('^1 / ')")
    page.wait_for_selector("#present-next:focus")
    focused(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#present-counter:text-matches('^2 / ')")
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#present-counter:text-matches('^1 / ')")
    for _ in range(5):  # past the last button Tab may visit the browser's own controls (body), never the page
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement === document.body"
                             " || document.activeElement.closest('#present-layer') !== null"), focused(page)
    page.keyboard.press("Escape")
    page.wait_for_selector("#present-layer[hidden]", state="attached")
    page.wait_for_selector("#present-open:focus")
    assert focused(page)["id"] == "present-open" and "present=" not in page.url
