"""Filters, drill-down, links, Back, hostile URLs and the view table in real headless Chromium."""

from __future__ import annotations

import json

import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import Error as PlaywrightError, expect

from dashboard import DEFAULT_DATA_DIR
from dashboard.view.selection import shown_charts, shown_figure_ids
from dashboard.data.dataset import load
from dashboard.view.reading import reading
from dashboard.view.state import View
from conftest import (IDLE_WATCH, SHOWN, chart_figure, go_live, outlined, save_data, settle, strengths,
                      wait_idle_run, wait_panes_mounted)
from dashboard.figures.marks import DIM

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)  # a wait for a condition, not a timer: 2 cores shared with other suites

DATA = load(DEFAULT_DATA_DIR)


def open_view(page, base, query=""):
    """Load a URL and wait until the view it names is on screen (not a fixed sleep)."""
    response = go_live(page, base + "/" + query)
    assert response.status == 200
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .js-plotly-plot").first).to_be_visible(timeout=60_000)
    return response


def wait_link(page, query):
    """Until the link field names query's address. Read as the address it points to: the server writes the link
    relative and a11y.js completes it in the field (and before a copy: test_copy_link_copies_the_views_url), so the
    field may show either for a moment."""
    page.wait_for_function("q => new URL(document.querySelector('#view-link').value, location.href).href"
                           " === location.origin + '/' + q", arg=query)


def navigate(page, query):
    """Change the URL the way the app's own links do (assets/route.js, go): no reload."""
    page.evaluate("q => window.dashboardRoute.go(q)", query)


def kpi_ids(page):
    return page.eval_on_selector_all("#tab-content > .pane:not(.pane--hidden) .kpi", "els => els.map(e => e.dataset.figure)")


def chart_ids(page):
    return page.eval_on_selector_all("#tab-content > .pane:not(.pane--hidden) .chart-cell", "els => els.map(e => e.dataset.chart)")


def expect_query(page, query):
    """Wait until the address bar's query is exactly query."""
    page.wait_for_function("q => window.location.search === q", arg=query, timeout=30_000)


def overview_charts(areas=None):
    charts = DATA.charts[DATA.charts["overview"]]
    if areas:
        charts = charts[charts["area"].isin(areas)]
    return list(charts.assign(o=charts["area"].map(DATA.areas["order"])).sort_values("o").index)


def expect_charts(page, charts):
    page.wait_for_function(
        "ids => { const cells = [...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell')];"
        " return JSON.stringify(cells.map(c => c.dataset.chart)) === JSON.stringify(ids)"
        " && cells.every(c => c.querySelector('.main-svg')); }",
        arg=charts,
        timeout=30_000,
    )


def click_mark(page, chart_id, selector, index):
    """Click a chart mark as a person does: Plotly takes clicks on the layer above the marks, and only
    once it has hover data for the point, so hover first and wait for the hover label.

    Lazily loaded components (the topic dropdown, the tabs' styles) can still move the page after the
    charts are drawn, under load even a second later; if the label does not come, the mark moved
    away from the pointer: aim again (at most three times)."""
    mark = page.locator(f"#tab-content > .pane:not(.pane--hidden) [data-chart={chart_id}] {selector}").nth(index)
    label = page.locator(f"#tab-content > .pane:not(.pane--hidden) [data-chart={chart_id}] .hoverlayer .hovertext")
    for attempt in range(3):
        mark.scroll_into_view_if_needed()
        box = mark.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            expect(label).to_have_count(1, timeout=5_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
            page.mouse.move(0, 0)
    page.mouse.down()
    page.mouse.up()


def click_bar(page, chart_id, index):
    click_mark(page, chart_id, ".bars .point", index)


def customdata(page, chart_id, trace=0):
    return page.evaluate(f"() => document.querySelector('#tab-content > .pane:not(.pane--hidden) [data-chart={chart_id}] .js-plotly-plot').data[{trace}].customdata")


def test_sector_filter_shows_only_the_ticked_areas(live_server, page):
    open_view(page, live_server)
    page.evaluate("() => { window.__samePage = true; }")  # gone if anything reloads the page
    page.get_by_label("人才", exact=True).check()
    expect_query(page, "?tab=overview&sector=talent")
    expect_charts(page, ["talent_pool"])
    assert kpi_ids(page) == ["talent_total"]
    page.get_by_label("就业", exact=True).check()
    expect_query(page, "?tab=overview&sector=jobs,talent")
    expect_charts(page, ["jobs_outcomes", "talent_pool"])
    assert kpi_ids(page) == ["jobs_new_urban", "talent_total"]
    page.get_by_label("人才", exact=True).uncheck()
    page.get_by_label("就业", exact=True).uncheck()
    expect_query(page, "?tab=overview")
    expect_charts(page, overview_charts())
    assert page.evaluate("() => window.__samePage") is True
    assert page.errors == []


# How often Back or Forward has been followed from now on (assets/route.js, follow).
COUNT_FOLLOW = """() => {
  window.__follows = 0;
  const route = window.dashboardRoute;
  const follow = route.follow;
  route.follow = function () { window.__follows += 1; return follow.apply(this, arguments); };
}"""


def test_an_older_answer_never_lands_over_a_newer_view(live_server, page):
    """Back twice between filtered views while the first Back's answer is held back: the newer address's request
    leaves at once and its view shows; the older answer, released after it, changes nothing (Dash drops the
    answer to a request that a newer one of the same callback replaced)."""
    open_view(page, live_server, "?tab=overview")
    page.get_by_label("人才", exact=True).check()
    expect_query(page, "?tab=overview&sector=talent")
    page.get_by_label("就业", exact=True).check()
    expect_query(page, "?tab=overview&sector=jobs,talent")
    expect_charts(page, ["jobs_outcomes", "talent_pool"])
    wait_panes_mounted(page)  # no tab pane asked for meanwhile
    settle(page)
    page.evaluate(COUNT_FOLLOW)
    held = []
    page.route("**/_dash-update-component?*", lambda route: held.append(route)
               if not held and '"search"' in (route.request.post_data or "") else route.continue_())
    try:
        page.go_back()  # to the talent filter: its answer is held back
        page.wait_for_function("() => window.__follows === 1 && window.__dashInFlight === 1")
        page.go_back()  # to the bare overview: its request leaves beside the held one, and is answered
        page.wait_for_function("() => window.__follows === 2")
        expect_charts(page, overview_charts())
        wait_link(page, "?tab=overview")
        held[0].continue_()
        settle(page)
    finally:
        page.unroute("**/_dash-update-component?*")
    expect_query(page, "?tab=overview")
    expect_charts(page, overview_charts())
    wait_link(page, "?tab=overview")
    assert not page.get_by_label("人才", exact=True).is_checked() and not page.get_by_label("就业", exact=True).is_checked()
    assert page.errors == []


@pytest.mark.parametrize("area", list(DATA.areas.index))
def test_overview_deep_link_to_one_area_shows_its_figures_and_no_other(live_server, page, area):
    open_view(page, live_server, f"?tab=overview&sector={area}")
    expect_charts(page, overview_charts([area]))
    assert {DATA.figures.at[f, "area"] for f in kpi_ids(page)} == {area}
    for chart in chart_ids(page):
        assert {DATA.figures.at[f, "area"] for f in customdata(page, chart)} == {area}
    expect(page.get_by_label(DATA.areas.at[area, "label_zh"], exact=True)).to_be_checked()
    page.locator("#view-table-count").click()
    rows = page.locator("#view-table tbody tr")
    expect(rows).to_have_count(len(shown_figure_ids(DATA, View(sectors=(area,)))))
    assert {DATA.figures.at[f, "area"] for f in table_ids(page)} == {area}
    assert page.errors == []


def test_topic_filter_narrows_the_area_tab(live_server, page):
    open_view(page, live_server, "?tab=talent")
    expect_charts(page, list(DATA.area_charts("talent").index))
    page.locator("#topic-filter").click()
    page.get_by_role("option", name="博士后").click()
    expect_query(page, "?tab=talent&topic=postdoc")
    expect_charts(page, ["talent_high_level"])
    # The tiles leave out the figure its KPI card shows above them (the view layer says which remain).
    shown = dict(shown_charts(DATA, View(tab="talent", topic="postdoc")))["talent_high_level"]
    assert set(customdata(page, "talent_high_level")) == set(shown) == {"talent_postdoc_platforms"}
    assert kpi_ids(page) == ["talent_postdocs"]
    expect(page.locator("#breadcrumb")).to_contain_text("博士后")
    page.go_back()
    expect_query(page, "?tab=talent")
    expect_charts(page, list(DATA.area_charts("talent").index))
    expect(page.locator("#topic-filter")).to_contain_text("全部主题")
    assert page.errors == []


def test_clicking_a_bar_opens_the_detail_panel_and_highlights_without_rebuilding(live_server, page):
    open_view(page, live_server, "?tab=talent")
    expect_charts(page, list(DATA.area_charts("talent").index))
    page.evaluate("() => { window.__kept = document.querySelector('#tab-content > .pane:not(.pane--hidden) [data-chart=talent_skills] .js-plotly-plot'); }")
    fid = customdata(page, "talent_pool")[2]
    click_bar(page, "talent_pool", 2)
    expect_query(page, f"?tab=talent&indicator={fid}")
    detail = page.locator("#detail-panel")
    expect(detail.locator("blockquote")).to_have_text(DATA.figures.at[fid, "source_quote"])
    expect(detail).to_contain_text(DATA.figures.at[fid, "display_zh"])
    expect(detail).to_contain_text(DATA.figures.at[fid, "base_display_zh"])
    expect(detail).to_contain_text("成都市人力资源和社会保障局")
    # Cross-highlight: another chart of the tab dims its marks (none is in this topic) ...
    page.wait_for_function(
        "() => document.querySelector('#tab-content > .pane:not(.pane--hidden) [data-chart=talent_skills] .js-plotly-plot')"
        ".layout.shapes.filter(s => s.name.startsWith('mark:')).every(s => s.opacity > 0 && !s.line.width)")
    assert set(strengths(chart_figure(page, "talent_skills")).values()) == {DIM}
    # ... the clicked chart keeps its topic at full strength and outlines the pick ...
    pool = chart_figure(page, "talent_pool")
    assert set(strengths(pool).values()) == {1.0} and outlined(pool) == {fid}
    # ... and the charts were patched in place, not rendered again.
    assert page.evaluate("() => window.__kept === document.querySelector('#tab-content > .pane:not(.pane--hidden) [data-chart=talent_skills] .js-plotly-plot')")
    assert page.errors == []


def test_clicking_an_indicator_tile_and_a_kpi_card(live_server, page):
    open_view(page, live_server, "?tab=talent")
    expect_charts(page, list(DATA.area_charts("talent").index))
    click_mark(page, "talent_competition", ".bars .point", 0)
    first = customdata(page, "talent_competition")[0]
    expect_query(page, f"?tab=talent&indicator={first}")
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[first, "source_quote"])
    page.locator("#kpi-talent_postdocs").click()
    expect_query(page, "?tab=talent&indicator=talent_postdocs")
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at["talent_postdocs", "source_quote"])
    assert page.errors == []


def test_breadcrumb_steps_back_up(live_server, page):
    open_view(page, live_server, "?tab=talent&indicator=talent_postdocs")
    crumbs = page.locator("#breadcrumb li")
    expect(crumbs).to_have_text(["人才", "博士后", DATA.figures.at["talent_postdocs", "label_zh"]])
    crumbs.nth(1).get_by_role("link").click()
    expect_query(page, "?tab=talent&topic=postdoc")
    expect(page.locator("#detail-panel")).to_be_empty()
    expect_charts(page, ["talent_high_level"])
    expect(page.locator("#topic-filter")).to_contain_text("博士后")
    expect(crumbs).to_have_text(["人才", "博士后"])
    crumbs.nth(0).get_by_role("link").click()
    expect_query(page, "?tab=talent")
    expect_charts(page, list(DATA.area_charts("talent").index))
    expect(crumbs).to_have_text(["人才"])
    assert page.errors == []


def test_detail_close_and_related_figures_are_links(live_server, page):
    open_view(page, live_server, "?tab=jobs&indicator=jobs_new_urban")
    detail = page.locator("#detail-panel")
    expect(detail).to_contain_text("264,400 人")
    detail.get_by_role("link", name="失业人员再就业").click()
    expect_query(page, "?tab=jobs&indicator=jobs_reemployed")
    expect(detail.locator("blockquote")).to_have_text(DATA.figures.at["jobs_reemployed", "source_quote"])
    detail.locator(".detail-close").click()
    expect_query(page, "?tab=jobs")
    expect(detail).to_be_empty()
    assert page.errors == []


def test_a_deep_link_to_any_figure_shows_its_quote(live_server, page):
    open_view(page, live_server, "?tab=science_popularization&indicator=sp_books")
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at["sp_books", "source_quote"])
    for fid, row in DATA.figures.iterrows():
        navigate(page, f"?tab={row['area']}&indicator={fid}")
        expect(page.locator("#detail-panel blockquote")).to_have_text(row["source_quote"])
        expect(page.locator("#detail-panel .detail-value")).to_have_text(reading(row, "zh").value)  # ranks as ranks
    assert page.errors == []


def test_back_steps_through_views(live_server, page):
    open_view(page, live_server)
    page.locator("#tab-talent").click()
    expect_query(page, "?tab=talent")
    expect_charts(page, list(DATA.area_charts("talent").index))
    click_bar(page, "talent_pool", 0)
    fid = customdata(page, "talent_pool")[0]
    expect_query(page, f"?tab=talent&indicator={fid}")
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[fid, "source_quote"])
    page.go_back()
    expect_query(page, "?tab=talent")
    expect(page.locator("#detail-panel")).to_be_empty()
    page.go_back()
    expect_query(page, "")
    expect_charts(page, overview_charts())
    expect(page.locator("#tabs .tab--selected")).to_have_text("总览")
    page.go_forward()
    expect_query(page, "?tab=talent")
    expect(page.locator("#tabs .tab--selected")).to_have_text("人才")
    assert page.errors == []


HOSTILE = [
    "?tab=overview&sector=atlantis",
    "?tab=talent&indicator=does_not_exist",
    "?tab=talent&indicator=" + "A" * 5000,
    "?tab=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
    "?indicator=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E&sector=%22%3E%3Csvg%20onload%3Dwindow.__pwned%3D1%3E",
    "?tab=talent&topic=..%2F..%2Fetc%2Fpasswd",
    "?tab=jobs&indicator=talent_total",
    "?%3Cb%3E=1&tab=jobs",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_urls_are_ignored_with_a_notice(live_server, page, query):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_view(page, live_server, query)
    notice = page.locator("#notice")
    expect(notice).to_contain_text("已忽略")
    text = notice.inner_text()
    assert len(text) < 80 and "<" not in text and "AAAA" not in text
    assert page.locator("#notice *").count() == 0  # text only, never markup
    assert page.locator("img[src='x'], svg[onload]").count() == 0
    assert page.evaluate("() => window.__pwned") is None and dialogs == []
    assert page.errors == []
    # The notice goes at the next action.
    page.locator("#tab-science_popularization").click()  # a tab none of these URLs asks for
    expect_query(page, "?tab=science_popularization")
    expect(notice).to_be_empty()


def table_ids(page) -> list[str]:
    """The figure ids of the table's rows, in their order on screen (the id is not shown to readers)."""
    return page.locator("#view-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.figure)")


def test_copy_link_copies_the_views_url(live_server, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    open_view(page, live_server, "?sector=talent,jobs&junk=1")
    expect(page.locator("#view-link")).to_have_value(f"{live_server}/?tab=overview&sector=jobs,talent")
    page.evaluate("() => navigator.clipboard.writeText('')")
    page.locator("#copy-link").click()
    # The copy is asynchronous: read the clipboard (each read awaited) until it holds the link, for up to 5 s.
    copied = ""
    for _ in range(50):
        copied = page.evaluate("() => navigator.clipboard.readText()")
        if copied:
            break
        page.wait_for_timeout(100)
    assert copied == f"{live_server}/?tab=overview&sector=jobs,talent"


def test_table_is_the_view_sortable_and_downloadable(live_server, page):
    warnings = []
    page.on("console", lambda msg: warnings.append(msg.text) if msg.type == "warning" else None)
    open_view(page, live_server, "?tab=talent&topic=skills")
    page.locator("#view-table-count").click()
    expected = shown_figure_ids(DATA, View(tab="talent", topic="skills"))
    expect(page.locator("#view-table tbody tr")).to_have_count(len(expected))
    assert table_ids(page) == expected
    expect(page.locator("#view-table-wrap")).to_contain_text(DATA.figures.at[expected[0], "source_quote"])
    expect(page.locator("#view-table caption")).to_contain_text(str(len(expected)))
    base = page.locator("#view-table th.col-base_value")
    expect(base).to_have_attribute("aria-sort", "none")
    base.get_by_role("button").click()
    by_value = sorted(expected, key=lambda f: DATA.figures.at[f, "base_value"])
    expect(base).to_have_attribute("aria-sort", "ascending")
    assert table_ids(page) == by_value
    base.get_by_role("button").click()
    expect(base).to_have_attribute("aria-sort", "descending")
    assert table_ids(page) == sorted(expected, key=lambda f: -DATA.figures.at[f, "base_value"])
    base.get_by_role("button").click()
    expect(base).to_have_attribute("aria-sort", "ascending")

    # A row's figure name is a link that drills into its figure like a bar does.
    page.locator("#view-table tbody th a").nth(1).click()
    expect_query(page, f"?tab=talent&topic=skills&indicator={by_value[1]}")
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[by_value[1], "source_quote"])
    page.locator("#detail-panel .detail-close").click()
    expect(page.locator("#detail-panel")).to_be_empty()

    with page.expect_download() as csv_download:
        page.locator("#download-csv").click()
    assert csv_download.value.suggested_filename == "chengdu-2023-talent-skills.csv"
    frame = pd.read_csv(csv_download.value.path(), encoding="utf-8-sig", dtype=str)
    assert list(frame["编号"]) == expected

    with page.expect_download() as xlsx_download:
        page.locator("#download-xlsx").click()
    assert xlsx_download.value.suggested_filename == "chengdu-2023-talent-skills.xlsx"
    with open(xlsx_download.value.path(), "rb") as handle:
        rows = list(openpyxl.load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert [r[rows[0].index("编号")] for r in rows[1:]] == expected
    assert page.errors == []
    assert not [w for w in warnings if "deprecat" in w.lower()], warnings


def mounts(body: dict) -> bool:
    """Whether a Dash callback request is assets/panes.js asking for a tab pane (the mount store), not a reader's
    change."""
    return body.get("changedPropIds") == ["store-mount.data"]


def dash_requests(page):
    """The outputs of every Dash callback request the page makes from now on, but the idle pane mounts."""
    seen = []

    def record(request):
        if "_dash-update-component" in request.url and not mounts(request.post_data_json):
            seen.append(request.post_data_json["output"])
    page.on("request", record)
    return seen


def answer_names(response: dict) -> set[str]:
    """The "id.property"s a Dash callback response updates: a sync answer's (the push store's) by their names."""
    names = set()
    for component, props in response.get("response", {}).items():
        for prop, value in props.items():
            pushed = component == "store-push" and isinstance(value, dict) and isinstance(value.get("set"), dict)
            names |= set(value["set"]) if pushed else {f"{component}.{prop}"}
    return names


def dash_answers(page):
    """The "id.property"s each Dash callback response updates, from now on, but the idle pane mounts'."""
    answered = []

    def record(response):
        if "_dash-update-component" in response.url and response.status == 200 and \
                not mounts(response.request.post_data_json):
            answered.append(answer_names(response.json()))
    page.on("response", record)
    return answered


def test_a_deep_link_paints_its_view_in_the_first_layout(live_server, page):
    seen = dash_requests(page)
    answered = dash_answers(page)
    open_view(page, live_server, "?tab=talent&topic=postdoc&indicator=talent_postdocs")
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at["talent_postdocs", "source_quote"])
    expect_charts(page, ["talent_high_level"])
    page.wait_for_function("() => document.querySelector('#view-link').value.endsWith('indicator=talent_postdocs')")
    # The layout was built for this URL: the server is not asked about it again (route.js sees the page
    # already showing it), and the talent pane is never rendered a second time (the other panes are
    # mounted out of sight meanwhile, which dash_answers leaves out).
    settle(page)  # every answer read
    assert not any("store-push.data" in output for output in seen)
    talent_pane = json.dumps({"tab": "talent", "type": "pane"}, separators=(",", ":")) + ".children"
    assert not any(talent_pane in updated for updated in answered)
    assert page.errors == []


def test_the_bare_address_is_not_asked_of_the_server_again(live_server, page):
    """/ names the overview with nothing to ignore: the page built for it asks sync nothing on load (an address
    with a value the view ignored is asked, for its notice: test_hostile_urls_are_ignored_with_a_notice)."""
    seen = dash_requests(page)
    open_view(page, live_server, "")
    wait_link(page, "?tab=overview")
    settle(page)
    assert not any("store-push.data" in output for output in seen)
    assert page.errors == []


# What a view shows of a pick, to compare a pick answered in the browser with the server's page for its URL.
SHOWN_PICK = """() => {
  const pane = document.querySelector('#tab-content > .pane:not(.pane--hidden)');
  const marks = [...pane.querySelectorAll('.chart-cell')].map(cell => {
    const gd = cell.querySelector('.js-plotly-plot');
    return [cell.dataset.chart,
            (gd.layout.shapes || []).map(s => [s.name, s.opacity, s.fillcolor, s.line && s.line.width])];
  });
  return {search: location.search, detail: document.querySelector('#detail-panel').innerHTML,
          crumb: document.querySelector('#breadcrumb').innerHTML, link: new URL(document.querySelector('#view-link').value, location.href).href,
          lang: document.querySelector('#lang-link').getAttribute('href'), marks: marks};
}"""


def test_a_pick_on_a_bare_tab_is_answered_in_the_browser_as_the_server_answers_its_url(live_server, page):
    """A chart's mark, a detail panel link and Back, on a tab's unfiltered view once its picks are in:
    the sync callback is never asked, and the page shows what the server's page for that URL shows."""
    open_view(page, live_server, "?tab=talent")
    # The page at rest: while a tab's pane is being mounted in the background (a callback in flight), a pick
    # goes to the server instead (its answer could cross the mount's), correct but not what is tested here.
    wait_panes_mounted(page)
    seen = dash_requests(page)
    click_bar(page, "talent_pool", 1)
    first = customdata(page, "talent_pool")[1]
    expect_query(page, f"?tab=talent&indicator={first}")
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[first, "source_quote"])
    page.locator("#detail-panel .detail-others a").first.click()
    page.wait_for_function("q => location.search !== q", arg=f"?tab=talent&indicator={first}")
    second = parse_qs(urlsplit(page.url).query)["indicator"][0]
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[second, "source_quote"])
    page.go_back()
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[first, "source_quote"])
    settle(page)  # any request the pick set off has left and been answered
    assert [output for output in seen if "store-push.data" in output] == []
    shown = page.evaluate(SHOWN_PICK)
    assert shown["search"] == f"?tab=talent&indicator={first}"
    assert any(name.startswith("mark:") and opacity > 0 for _, shapes in shown["marks"] for name, opacity, _, _ in shapes)
    open_view(page, live_server, shown["search"])  # the server's page for the same URL
    wait_link(page, shown["search"])
    assert page.evaluate(SHOWN_PICK) == shown
    assert page.errors == []


def test_a_pick_on_a_filtered_view_is_answered_in_the_browser_from_the_panes_new_facts(live_server, page):
    """A filter renders the overview's pane anew, with the facts of its new scope: a pick on the filtered view is
    then shown in the click too (no request), equal to the server's page for its URL; a pick made before the
    filter, on the unfiltered view, left nothing behind that would answer for the filtered one."""
    open_view(page, live_server, "?tab=overview")
    wait_panes_mounted(page)
    page.locator(f"{SHOWN} .kpi-link").first.click()  # a pick on the unfiltered view: its facts are read
    expect(page.locator("#detail-panel .detail-close")).to_be_visible()
    page.go_back()
    expect_query(page, "?tab=overview")
    page.get_by_label("人才", exact=True).check()
    expect_query(page, "?tab=overview&sector=talent")
    expect_charts(page, ["talent_pool"])
    settle(page)
    seen = dash_requests(page)
    card = page.locator(f"{SHOWN} .kpi-link").first
    fid = parse_qs(urlsplit(card.get_attribute("href")).query)["indicator"][0]
    card.click()
    expect_query(page, f"?tab=overview&sector=talent&indicator={fid}")
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[fid, "source_quote"])
    settle(page)
    assert seen == []
    shown = page.evaluate(SHOWN_PICK)
    open_view(page, live_server, shown["search"])  # the server's page for the same URL
    wait_link(page, shown["search"])
    assert page.evaluate(SHOWN_PICK) == shown
    assert page.errors == []


# Per shown chart, the changes to its drawing: to its traces, axes, grid, titles and notes ("chart", with what
# changed), and to its shapes. A full redraw changes all of these; a redraw of its shapes alone only the last.
WATCH_REDRAWS = """() => {
  window.__redraws = {};
  for (const cell of document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell')) {
    const count = window.__redraws[cell.dataset.chart] = {chart: [], shapes: 0};
    const drawn = new MutationObserver(records => {
      for (const r of records) { count.chart.push(r.target.getAttribute('class') + ' ' + r.type); }
    });
    for (const part of cell.querySelectorAll('.cartesianlayer .plot, .gridlayer, .xaxislayer-above, .yaxislayer-above, .infolayer')) {
      drawn.observe(part, {subtree: true, childList: true, attributes: true, characterData: true});
    }
    const shapes = new MutationObserver(records => { count.shapes += records.length; });
    for (const layer of cell.querySelectorAll('.shapelayer')) { shapes.observe(layer, {subtree: true, childList: true}); }
  }
}"""


def test_a_pick_redraws_the_charts_marks_and_nothing_else_of_them(live_server, page):
    """A pick dims and outlines through shapes, which Plotly redraws alone: no trace, axis, title or note of
    any chart is drawn again (a per-bar opacity array, a template or meta object in the layout each made
    Plotly redraw every chart the pick touched: marks.add_marks, layout.untemplated, views.for_browser)."""
    open_view(page, live_server, "?tab=talent")
    wait_panes_mounted(page)
    page.evaluate(WATCH_REDRAWS)
    click_bar(page, "talent_pool", 1)
    fid = customdata(page, "talent_pool")[1]
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[fid, "source_quote"])
    page.wait_for_function(f"() => document.querySelector('{SHOWN} [data-chart=talent_skills] .layer-above path')"
                           " && window.__redraws.talent_skills.shapes > 0")
    settle(page)  # anything the pick set off has landed
    redraws = page.evaluate("window.__redraws")
    assert {chart: count["chart"] for chart, count in redraws.items()} == dict.fromkeys(redraws, [])
    assert redraws["talent_pool"]["shapes"] > 0  # the pick's outline
    assert outlined(chart_figure(page, "talent_pool")) == {fid}
    assert page.errors == []


def test_a_pick_the_browser_cannot_answer_is_one_request_and_rebuilds_nothing(live_server, page):
    """While the page shows a notice (its URL had a value that does not exist), the panes' facts do not describe
    it, so a pick goes to the server: one request, and the charts are patched, never resent."""
    open_view(page, live_server, "?tab=talent&sector=nope")
    expect(page.locator("#notice")).not_to_be_empty()
    expect_charts(page, list(DATA.area_charts("talent").index))
    wait_panes_mounted(page)  # the other tabs' panes, mounted when the page was idle: not part of the pick
    seen = dash_requests(page)
    answers = []
    page.on("response", lambda r: answers.append(r.json()) if "_dash-update-component" in r.url
            and not mounts(r.request.post_data_json) else None)
    click_bar(page, "talent_pool", 1)
    fid = customdata(page, "talent_pool")[1]
    expect(page.locator("#detail-panel blockquote")).to_have_text(DATA.figures.at[fid, "source_quote"])
    page.wait_for_function(
        "() => document.querySelector('#tab-content > .pane:not(.pane--hidden) [data-chart=talent_skills] .js-plotly-plot')"
        ".layout.shapes.some(s => s.name.startsWith('mark:') && s.opacity > 0)")
    settle(page)
    assert len(seen) == 1 and "store-push.data" in seen[0] and len(answers) == 1
    values = answers[0]["response"]["store-push"]["data"]["set"]
    figures = [value for name, value in values.items() if name.endswith(".figure")]
    assert figures and all("__dash_patch_update" in value for value in figures)  # patches, never a figure
    assert not [name for name in values if '"type":"pane"' in name]  # no pane rendered again
    assert page.errors == []


def test_a_tiles_big_number_opens_its_figure(live_server, page):
    """The whole tile is the click target, its big number included (not only its label)."""
    open_view(page, live_server, "?tab=talent")
    shown = dict(shown_charts(DATA, View(tab="talent")))
    chart = next(c for c in shown if DATA.charts.at[c, "kind"] == "indicators")
    first = (shown[chart] or DATA.charts.at[chart, "figure_ids"])[0]
    value = page.locator(f"#tab-content > .pane:not(.pane--hidden) [data-chart={chart}] .annotation-text", has_text=DATA.figures.at[first, "display_zh"]).first
    value.wait_for()  # the tile's chart drawn
    for attempt in range(3):  # Plotly may draw the tiles again meanwhile (the node goes): aim at the new one
        try:
            value.scroll_into_view_if_needed()
            box = value.bounding_box()
            break
        except PlaywrightError:
            if attempt == 2:
                raise
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**indicator={first}**")
    expect(page.locator("#detail-panel .detail-label")).to_have_text(DATA.figures.at[first, "label_zh"])


VIEW_STATE = """() => ({
  pane: document.querySelector('#tab-content > .pane:not(.pane--hidden)').dataset.tab,
  shown: [...document.querySelectorAll('#tab-content > .pane')].filter(p => p.checkVisibility({visibilityProperty: true}))
    .map(p => p.dataset.tab),
  cards: [...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .kpi')].map(k => k.id),
  charts: [...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell')].map(c => c.dataset.chart),
  breadcrumb: document.querySelector('#breadcrumb').innerText,
  filters: document.querySelector('#filters').className,
  link: new URL(document.querySelector('#view-link').value, location.href).href,
  lang: document.querySelector('#lang-link').getAttribute('href'),
  count: document.querySelector('#view-table-count').innerText,
  detail: document.querySelector('#detail-panel').innerText,
})"""


def topic_choices(page) -> list[str]:
    page.click("#topic-filter")
    page.wait_for_selector(".dash-dropdown-content [role=option]")
    choices = page.locator(".dash-dropdown-content [role=option]").all_inner_texts()
    page.keyboard.press("Escape")
    return choices


def test_a_reader_saving_data_gets_no_tab_in_the_background_and_a_switch_still_shows_it(live_server, browser):
    """With the browser's data saver on (navigator.connection.saveData), the app mounts no other tab while
    the reader reads: no pane is asked for, none arrives. A tab click then fetches that tab and shows it."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_init_script(IDLE_WATCH)
    try:
        page = context.new_page()
        save_data(page)
        asked = []
        page.on("request", lambda r: asked.append(r.url) if "_dash-update-component" in r.url and mounts(r.post_data_json)
                else None)
        open_view(page, live_server, "?tab=jobs")
        # Without the data saver, route.js (mountNext) asks for the first pane from its idle callback once the app is live
        # (the only time it is scheduled here): wait until it has run and decided, then until Dash is settled.
        wait_idle_run(page, "mountNext")
        settle(page)
        assert asked == []
        assert page.locator("#tab-content > .pane .view").count() == 1
        page.click("#tab-talent")
        expect_query(page, "?tab=talent")
        expect_charts(page, list(DATA.area_charts("talent").index))
        assert asked == [] and page.locator("#tab-content > .pane .view").count() == 2
    finally:
        context.close()


def test_a_switch_to_a_mounted_tab_sends_nothing_and_shows_what_its_own_page_shows(live_server, page, browser):
    """Once the other tabs' panes are mounted (the page was idle), a tab switch is answered in the browser:
    no request, and the page then shows exactly what that tab's own address shows when loaded fresh.
    Back returns to the previous tab the same way; a filtered view still goes to the server."""
    open_view(page, live_server, "?tab=jobs&indicator=jobs_reemployed")
    wait_panes_mounted(page)
    seen = dash_requests(page)
    page.click("#tab-talent")
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .view-talent")).to_be_visible()
    wait_link(page, "?tab=talent")
    switched = page.evaluate(VIEW_STATE)
    assert seen == []  # no callback reached the server
    switched_topics = topic_choices(page)
    assert switched["shown"] == ["talent"] and switched["detail"] == ""

    fresh = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        open_view(fresh, live_server, "?tab=talent")
        wait_link(fresh, "?tab=talent")
        expected = fresh.evaluate(VIEW_STATE)
        assert switched == {**expected, "link": switched["link"]} and switched["link"] == expected["link"]
        assert switched_topics == topic_choices(fresh)
    finally:
        fresh.close()

    page.go_back()  # to the jobs tab with its pick: the jobs pane's facts name it, so the browser shows it too
    expect(page.locator("#detail-panel .detail-label")).to_have_text(DATA.figures.at["jobs_reemployed", "label_zh"])
    settle(page)
    assert page.evaluate(VIEW_STATE)["shown"] == ["jobs"] and seen == []
    page.click("#tab-overview")
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .view-overview")).to_be_visible()
    page.go_back()
    expect(page.locator("#detail-panel .detail-label")).to_have_text(DATA.figures.at["jobs_reemployed", "label_zh"])
    settle(page)
    requests = len(seen)
    page.go_forward()  # the bare overview again: answered in the browser
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .view-overview")).to_be_visible()
    settle(page)
    assert len(seen) == requests and page.evaluate(VIEW_STATE)["shown"] == ["overview"]
    assert page.errors == []


# Every Back or Forward followed from now on (assets/route.js, follow): the address and the pane shown then.
WATCH_ROUTE = """() => {
  window.__routeCalls = [];
  const route = window.dashboardRoute;
  const follow = route.follow;
  route.follow = function (search) {
    const shown = document.querySelector('#tab-content > .pane:not(.pane--hidden)');
    window.__routeCalls.push([search, shown && shown.dataset.tab]);
    return follow.apply(this, arguments);
  };
}"""


@pytest.mark.parametrize("lang", ["", "&lang=en"], ids=["zh", "en"])
def test_a_switch_between_bare_tabs_is_made_in_the_click(live_server, page, browser, lang):
    """From one tab's unfiltered view to another's, the tab link's click itself shows the pane, sets the view's
    parts and pushes the address (assets/route.js, no Dash callback on the way, nothing else told of it). The page
    then equals the tab's own address loaded fresh, and Back and Forward are followed from the panes' facts too."""
    talent = f"?tab=talent{lang}"
    open_view(page, live_server, f"?tab=jobs{lang}")
    wait_panes_mounted(page)
    page.evaluate(WATCH_ROUTE)
    seen = dash_requests(page)
    page.click("#tab-talent")
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .view-talent")).to_be_visible()
    assert page.evaluate("location.search") == talent
    assert page.evaluate("document.querySelector('#tab-talent').getAttribute('aria-current')") == "page"
    wait_link(page, talent)
    switched = page.evaluate(VIEW_STATE)
    fresh = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        open_view(fresh, live_server, talent)
        wait_link(fresh, talent)
        assert switched == fresh.evaluate(VIEW_STATE)
    finally:
        fresh.close()

    page.click("#tab-overview")
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .view-overview")).to_be_visible()
    page.go_back()  # popstate: route.js follows it, from the talent pane's facts
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .view-talent")).to_be_visible()
    assert page.evaluate("window.__routeCalls") == [[talent, "overview"]]  # the clicks themselves were not followed
    expect(page.locator("#breadcrumb")).to_have_text(page.inner_text("#tab-talent"))
    page.go_back()
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .view-jobs")).to_be_visible()
    page.go_forward()
    expect(page.locator("#tab-content > .pane:not(.pane--hidden) .view-talent")).to_be_visible()
    settle(page)
    assert seen == []  # no callback reached the server
    assert page.evaluate(VIEW_STATE)["shown"] == ["talent"]
    assert page.errors == []
