"""Phone, laptop and projector: every tab fits the screen with nothing clipped, in a real Chromium.

Below 700 px the charts come in their phone layout (dashboard/figures/, narrow); the screenshots of
every tab at each size are kept in out/screens to look at."""

from __future__ import annotations

import pytest

from conftest import PHONE, SHOWN, chart_figure, outlined, require
from dashboard.figures.layout import FRAME_LEFT

from test_explore_browser import click_bar
from visits import AXE, LAYOUTS, SETTLED, SIZES, TABS, clipped, finding, open_view

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_fits_with_nothing_clipped(visit, size, lang):
    """No page scrolls sideways, no chart text or card value leaves its box, and the charts come in the layout
    for the width; the screenshot of each view (out/screens) is taken in the same visit (tests/visits.py)."""
    width, _ = size
    for tab in TABS:
        found = visit(size, lang, tab)
        fit = finding(found, "fit")
        assert fit["overflow"] <= 0, (tab, fit["overflow"])
        assert fit["clipped"] == [], tab
        assert fit["layouts"] == ["narrow" if width < 700 else "wide"], tab
        assert finding(found, "errors") == [], tab


@pytest.mark.parametrize("size", [s for s in SIZES if s[0] >= 700], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_left_margin_the_server_sets_holds_every_bar_label(visit, size, lang):
    """A wide chart's margin comes with its figure (figures.label_margin), wide enough for its labels in the
    charts' font, so Plotly draws the chart once instead of widening the margin in a second pass; and not
    much wider than the labels need, which would narrow the bars for nothing."""
    charts = 0
    for tab in TABS:
        for chart, given, drawn, widest, widened in finding(visit(size, lang, tab), "fit")["margins"]:
            charts += 1
            assert drawn == given, f"{tab} {chart}: Plotly widened the margin from {given} to {drawn} px"
            assert widened == [], f"{tab} {chart}: Plotly widened the {widened} margins"
            spare = given - FRAME_LEFT - widest
            assert 0 <= spare <= 24, f"{tab} {chart}: {spare:.1f} px beside the widest label"
    assert charts >= len(TABS)


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


def test_a_phones_first_visit_asks_for_phone_charts_at_once(sized_page, live_server):
    """No screen cookie yet: the app asks for its layout with the phone's screen, so the charts come in their
    phone layout with the layout itself, and no relayout (a second round trip, every chart drawn twice) is sent."""
    with sized_page(390, 844) as page:
        asked = []
        page.on("request", lambda request: asked.append(request) if "/_dash-" in request.url else None)
        open_view(page, f"{live_server}/?tab=jobs")
        page.evaluate(SETTLED, 10)
        layouts = [request for request in asked if request.url.endswith("/_dash-layout")]
        assert layouts and all("screen=narrow" in request.all_headers().get("cookie", "") for request in layouts)
        relayouts = [request for request in asked if '"relayout"' in (request.post_data or "")]
        assert relayouts == []
        assert set(page.evaluate(LAYOUTS)) == {"narrow"}
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
        page.wait_for_function(f"() => document.querySelector('{SHOWN} [data-chart=jobs_outcomes] .js-plotly-plot')"
                               ".layout.shapes.some(s => s.name === 'mark:jobs_reemployed' && s.line.width > 0)")
        assert outlined(chart_figure(page, "jobs_outcomes")) == {"jobs_reemployed"}
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
def test_axe_finds_no_serious_violation_on_a_phone(visit, lang):
    """The phone layout (wrapped tabs, one chart a row) keeps every tab clean for axe-core (run in each view's
    one visit, tests/visits.py)."""
    require(AXE.exists(), f"axe-core is not installed at {AXE}")
    found = {tab: finding(visit(PHONE, lang, tab), "axe") for tab in TABS}
    assert {tab: serious for tab, serious in found.items() if serious} == {}


def test_presenting_on_a_phone_shows_phone_slides(sized_page, live_server):
    with sized_page(*PHONE) as page:
        open_view(page, f"{live_server}/?tab=jobs&present=1")
        page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
        # The graph was first drawn while its layer was hidden (at Plotly's default width): let its resize land
        # at the stage's width (the phone's, less the slide's 5 % margins).
        page.wait_for_function("""() => { const stage = document.querySelector('.present-stage'), style = getComputedStyle(stage);
            const inner = stage.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            const svg = document.querySelector('#present-graph .main-svg');
            return svg && inner > 300 && inner < 390 && Math.abs(Number(svg.getAttribute('width')) - inner) <= 1; }""")
        slide = """() => { const f = document.querySelector('#present-graph .js-plotly-plot')._fullLayout;
                   return [f.meta.layout, f.height - f.margin.t - f.margin.b, f.yaxis.range[1]]; }"""
        # A phone shows the deck's slides in the deck's order: the cover and the headline figures, then the charts.
        assert clipped(page, ".present-stage") == []
        for number in (2, 3):
            page.keyboard.press("ArrowRight")
            page.wait_for_selector(f"#present-counter:text-matches('^{number} / ')")
            assert clipped(page, ".present-stage") == []
        page.wait_for_function("() => document.querySelector('#present-graph .js-plotly-plot')._fullLayout.meta.layout === 'narrow'")
        layout, plot_height, rows_height = page.evaluate(slide)
        assert layout == "narrow" and abs(plot_height - rows_height) <= 1  # one unit a pixel: rows stay as laid out
        assert clipped(page, ".present-stage") == []
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        assert page.is_visible("#present-exit")
        assert page.errors == []
