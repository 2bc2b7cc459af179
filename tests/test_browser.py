"""The dashboard in real headless Chromium, served by gunicorn from the Procfile."""

import re

import pytest

from dashboard.data.dataset import load
from dashboard.view.state import tab_ids

from conftest import DATA, go_live

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True

pytestmark = pytest.mark.browser
DATA_SET = load(DATA)
TABS = tab_ids(DATA_SET)


def expected_charts(tab: str) -> list[str]:
    charts = DATA_SET.charts
    return list(charts[charts["overview"]].index) if tab == "overview" else list(DATA_SET.area_charts(tab).index)


def wait_for_charts(page, tab: str) -> None:
    """Wait until every chart of the tab has painted its SVG."""
    selectors = [f"#tab-content > .pane:not(.pane--hidden) [data-chart={chart_id}] .main-svg" for chart_id in expected_charts(tab)]
    page.wait_for_function(
        "sels => sels.every(s => document.querySelector(s))", arg=selectors, timeout=60000,
    )


@pytest.mark.parametrize("tab", TABS)
def test_tab_opens_by_url_with_all_its_charts_and_figures(page, live_server, tab):
    go_live(page, f"{live_server}/?tab={tab}")
    charts = expected_charts(tab)
    wait_for_charts(page, tab)
    for chart_id in charts:
        assert page.locator(f"#tab-content > .pane:not(.pane--hidden) [data-chart={chart_id}] .main-svg").count() >= 1, chart_id
    assert "tab--selected" in page.locator(f"#tab-{tab}").get_attribute("class")
    text = page.locator("#tab-content > .pane:not(.pane--hidden)").inner_text() + " ".join(
        page.locator("#tab-content > .pane:not(.pane--hidden) svg text").all_text_contents())
    flat = re.sub(r"\s+", "", text)
    if tab != "overview":
        shown = DATA_SET.figures[DATA_SET.figures["area"] == tab]["display_zh"]
        assert [s for s in shown if s not in flat] == []
    assert page.errors == []


def test_clicking_tabs_updates_the_url_and_content(page, live_server):
    go_live(page, live_server + "/")
    wait_for_charts(page, "overview")
    for tab in TABS[1:]:
        page.click(f"#tab-{tab}")
        page.wait_for_url(re.compile(rf"[?&]tab={tab}\b"))
        wait_for_charts(page, tab)
        assert page.locator(f"#tab-content > .pane:not(.pane--hidden) [data-chart={expected_charts(tab)[0]}]").count() == 1
    page.go_back()
    page.wait_for_url(re.compile(rf"[?&]tab={TABS[-2]}\b"))
    assert page.errors == []


def test_chinese_renders_with_a_cjk_font(page, live_server):
    go_live(page, f"{live_server}/?tab=jobs")
    wait_for_charts(page, "jobs")
    family = page.evaluate("getComputedStyle(document.querySelector('.kpi-value')).fontFamily")
    assert "Noto Sans CJK SC" in family
    # A CJK glyph from a real font is wider than the fallback box of a missing glyph would be narrow and equal.
    widths = page.evaluate("""() => ['城','镇','A'].map(ch => {
        const s = document.createElement('span'); s.textContent = ch; s.style.fontSize = '40px';
        document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; })""")
    assert widths[0] > widths[2] * 1.3


def test_unknown_tab_falls_back_to_overview_with_a_notice(page, live_server):
    go_live(page, f"{live_server}/?tab=%3Cscript%3Ealert(1)%3C/script%3E")
    wait_for_charts(page, "overview")
    assert "tab--selected" in page.locator("#tab-overview").get_attribute("class")
    notice = page.locator("#notice").inner_text()
    assert notice and "<script>" not in notice and "alert" not in notice
    assert page.locator("#notice script, #tab-content script").count() == 0
    assert page.errors == []
