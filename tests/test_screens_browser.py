"""Phone, laptop and projector: every tab fits the screen with nothing clipped, in a real Chromium.

Below 700 px the charts come in their phone layout (dashboard/figures.py, narrow); the screenshots of
every tab at each size are kept in out/screens to look at."""

from __future__ import annotations

import pytest

from conftest import PHONE
from dashboard.figures import OUTLINE

from test_a11y_browser import AXE, SHOTS, TABS, axe_serious, open_view
from test_explore_browser import click_bar

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True

SIZES = [PHONE, (1366, 768), (1920, 1080)]

# Every text of every chart's SVG and every KPI value, measured against the box that must hold it.
CLIPPED = """(cells) => {
  const out = [];
  document.querySelectorAll(cells).forEach((cell) => {
    const id = cell.id;
    if (cell.scrollWidth > cell.clientWidth) { out.push([id, 'cell scrolls', cell.scrollWidth - cell.clientWidth]); }
    const svg = cell.querySelector('.main-svg');
    const box = svg.getBoundingClientRect();
    if (box.right > cell.getBoundingClientRect().right + 1) { out.push([id, 'drawing wider than its card']); }
    cell.querySelectorAll('.main-svg text, .infolayer text').forEach((text) => {
      const r = text.getBoundingClientRect();
      if (!text.textContent.trim() || r.width === 0) { return; }
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.push([id, text.textContent, Math.round(r.left - box.left), Math.round(box.right - r.right)]);
      }
    });
  });
  document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .kpi').forEach((card) => {
    if (card.scrollWidth > card.clientWidth) { out.push([card.id, 'card text overflows']); }
  });
  return out;
}"""

# What axe-core finds serious on each tab at phone size, by language: test_every_tab_fits_with_nothing_clipped
# runs axe on every phone view it opens, and test_axe_finds_no_serious_violation_on_a_phone judges the findings.
PHONE_AXE: dict[str, dict[str, list]] = {"zh": {}, "en": {}}


def clipped(page, cells: str = "#tab-content > .pane:not(.pane--hidden) .chart-cell") -> list:
    """What CLIPPED finds in the boxes matched by cells (none matched is a failure, not a pass)."""
    assert page.locator(cells).count() > 0, cells
    return page.evaluate(CLIPPED, cells)


LAYOUTS = "() => [...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell .js-plotly-plot')].map((g) => (g.layout.meta || {}).layout || 'wide')"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_fits_with_nothing_clipped(sized_page, live_server, size, lang):
    width, height = size
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sized_page(width, height) as page:
        for tab in TABS:
            open_view(page, f"{live_server}/?tab={tab}" + ("&lang=en" if lang == "en" else ""))
            page.screenshot(path=str(SHOTS / f"{width}x{height}-{lang}-{tab}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (tab, overflow)
            assert clipped(page) == [], tab
            assert set(page.evaluate(LAYOUTS)) == {"narrow" if width < 700 else "wide"}, tab
            if width == PHONE[0] and AXE.exists():  # the phone view is open: axe it here, not in a second visit
                PHONE_AXE[lang][tab] = axe_serious(page)
        assert page.errors == []


def test_turning_a_phone_redraws_the_charts_for_its_width(sized_page, live_server):
    with sized_page(1366, 900) as page:
        open_view(page, f"{live_server}/?tab=social_security")
        assert set(page.evaluate(LAYOUTS)) == {"wide"}
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) [data-chart=social_security_rates] .annotation-text >> text=参保率与全省占比")
        assert set(page.evaluate(LAYOUTS)) == {"narrow"}
        assert clipped(page) == []
        page.set_viewport_size({"width": 1366, "height": 900})
        page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) [data-chart=social_security_rates] .gtitle")
        assert set(page.evaluate(LAYOUTS)) == {"wide"}
        assert page.errors == []


def test_phone_click_on_a_bar_opens_its_figure_and_outlines_it(sized_page, live_server):
    with sized_page(*PHONE) as page:
        open_view(page, f"{live_server}/?tab=jobs")
        click_bar(page, "jobs_outcomes", 1)  # rows top-down: the second largest
        page.wait_for_url("**indicator=jobs_reemployed**")
        page.wait_for_selector(".detail-label")
        assert "10.11万人" in page.inner_text("#detail-panel")
        # The outline comes with the panel; Plotly draws it a moment later. Read it before Escape, which now
        # closes the panel (and its outline) instead of only the hover label: read after, it raced the close.
        page.wait_for_function("() => Array.isArray((document.querySelector('#tab-content > .pane:not(.pane--hidden) [data-chart=jobs_outcomes] .js-plotly-plot')"
                               ".data[0].marker.line || {}).width)")
        marker = page.evaluate("document.querySelector('#tab-content > .pane:not(.pane--hidden) [data-chart=jobs_outcomes] .js-plotly-plot').data[0].marker")
        assert marker["line"]["width"] == [0, OUTLINE, 0]
        page.keyboard.press("Escape")
        assert clipped(page) == []
        assert page.errors == []


def test_the_clipping_check_sees_a_chart_wider_than_its_card(sized_page, live_server):
    """The check above is not blind: a phone drawing forced wider than its card is reported."""
    with sized_page(*PHONE) as page:
        open_view(page, f"{live_server}/?tab=jobs")
        assert clipped(page) == []
        page.add_style_tag(content=".chart-cell { overflow-x: auto; } .chart { min-width: 540px; }")
        problems = clipped(page)
        assert any(p[1] == "cell scrolls" for p in problems), problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_violation_on_a_phone(sized_page, live_server, lang):
    """The phone layout (wrapped tabs, one chart a row) keeps every tab clean for axe-core. axe ran on each
    tab that the phone-size loop above opened; a tab it did not reach (that test failed first, or ran
    elsewhere) is opened here."""
    assert AXE.exists(), f"axe-core is not installed at {AXE}"
    found = dict(PHONE_AXE[lang])
    missing = [tab for tab in TABS if tab not in found]
    if missing:
        with sized_page(*PHONE) as page:
            for tab in missing:
                open_view(page, f"{live_server}/?tab={tab}" + ("&lang=en" if lang == "en" else ""))
                found[tab] = axe_serious(page)
    assert {tab: serious for tab, serious in found.items() if serious} == {}


def test_presenting_on_a_phone_shows_phone_slides(sized_page, live_server):
    with sized_page(*PHONE) as page:
        open_view(page, f"{live_server}/?tab=jobs&present=1")
        page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
        # The graph was first drawn while its layer was hidden (at Plotly's default width): let its resize land.
        page.locator("#present-graph .main-svg[width='390']").first.wait_for()
        slide = """() => { const f = document.querySelector('#present-graph .js-plotly-plot')._fullLayout;
                   return [f.meta.layout, f.height - f.margin.t - f.margin.b, f.yaxis.range[1]]; }"""
        layout, plot_height, rows_height = page.evaluate(slide)
        assert layout == "narrow" and abs(plot_height - rows_height) <= 1  # one unit a pixel: rows stay as laid out
        assert clipped(page, ".present-stage") == []
        page.keyboard.press("ArrowRight")
        page.wait_for_selector("#present-counter:text-matches('^2 / ')")
        assert clipped(page, ".present-stage") == []
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        assert page.is_visible("#present-exit")
        assert page.errors == []
