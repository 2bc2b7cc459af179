"""Input handling of each callback of the filter/drill-down layer, without a browser."""

from __future__ import annotations

import copy
import io
import json
import re
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from dash import Patch, no_update
from markupsafe import Markup
from plotly.utils import PlotlyJSONEncoder

from conftest import markup_links, markup_texts, outlined, strengths
from dashboard import DEFAULT_DATA_DIR, ids
from dashboard.figures.charts import cached_chart
from dashboard.view.selection import breadcrumb_steps, mark_of, shown_cards, shown_charts, shown_figure_ids, tab_links
from dashboard.view.state import tab_ids
from dashboard.explore.drill import breadcrumb, clicked_figure, detail_panel
from dashboard.markup import to_html
from dashboard.explore.panes import mount_outputs, pane_class, relayout_outputs, tab_nav, view_content
from dashboard.explore.request import notice_text
from dashboard.explore.facts import SWITCH_OUTPUTS, pane_facts, stored_view, tab_marks
from dashboard.explore.sync import Step, next_view, sync_outputs
from dashboard.table import download_payload
from dashboard.figures.marks import DIM, apply_updates, highlight_updates
from dashboard.data.dataset import load
from dashboard.view.state import View
from dashboard.view.url import parse_view

DATA_DIR = str(DEFAULT_DATA_DIR.resolve())


@pytest.fixture(scope="module")
def data():
    return load(DATA_DIR)


def click(figure_id):
    return {"points": [{"curveNumber": 0, "pointNumber": 0, "customdata": figure_id}]}


def texts(component) -> str:
    """All text in a Dash component tree."""
    parts = []

    def walk(node):
        if node is None:
            return
        if isinstance(node, Markup):  # server-made markup (the breadcrumb's html)
            parts.extend(markup_texts(node))
        elif isinstance(node, (str, int, float)):
            parts.append(str(node))
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif getattr(node, "html", None) is not None:  # StaticHtml: markup made by the server's templates
            parts.extend(markup_texts(node.html))
        else:
            walk(getattr(node, "children", None))

    walk(component)
    return " ".join(parts)


def links(component) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, Markup):
            found.extend(href for href, _text in markup_links(node))
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif getattr(node, "html", None) is not None:  # StaticHtml: markup made by the server's templates
            found.extend(href for href, _text in markup_links(node.html))
        elif node is not None and not isinstance(node, (str, int, float)):
            if getattr(node, "href", None) is not None:
                found.append(node.href)
            walk(getattr(node, "children", None))

    walk(component)
    return found


# --- what a view shows -----------------------------------------------------------------------


def test_overview_filtered_to_one_area_shows_that_area_and_no_other(data):
    for area in data.areas.index:
        view = View(sectors=(area,))
        shown = shown_figure_ids(data, view)
        assert shown and set(data.figures.loc[shown, "area"]) == {area}
        assert {data.charts.at[c, "area"] for c, _ in shown_charts(data, view)} == {area}


def test_overview_without_sectors_shows_every_area(data):
    assert set(data.figures.loc[shown_figure_ids(data, View()), "area"]) == set(data.areas.index)


def test_topic_filter_narrows_cards_and_charts_to_the_topic(data):
    for _, topic in data.topics.iterrows():
        view = View(tab=topic["area"], topic=topic["id"])
        shown = shown_figure_ids(data, view)
        expected = data.figures[(data.figures["area"] == topic["area"]) & (data.figures["topic"] == topic["id"])]
        assert sorted(shown) == sorted(expected.index), topic["id"]
        assert all(set(data.figures.loc[list(subset), "topic"]) == {topic["id"]} for _, subset in shown_charts(data, view))


def test_area_tab_shows_all_its_figures(data):
    for area in data.areas.index:
        assert sorted(shown_figure_ids(data, View(tab=area))) == sorted(data.figures.index[data.figures["area"] == area])


def test_cards_link_to_their_figure_within_the_view(data):
    view = View(tab="talent")
    cards, _charts = view_content(data, view, "zh").children
    assert links(cards) == [f"?tab=talent&indicator={fid}" for fid in shown_cards(data, view)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_chart_links_every_figure_it_draws(data, lang):
    """Chart marks take no keyboard focus: each chart cell lists the figures it draws (a topic's subset
    too) as links to the view with that figure picked, named by label and value as published."""
    views = [View(lang=lang), View(sectors=("talent",), lang=lang)]
    views += [View(tab=row["area"], topic=row["id"], lang=lang) for _, row in data.topics.iterrows()]
    for view in views:
        _cards, charts = view_content(data, view, lang).children
        shown = shown_charts(data, view)
        assert len(charts.children) == len(shown)
        for cell, (chart_id, subset) in zip(charts.children, shown):
            drawn = subset or data.charts.at[chart_id, "figure_ids"]
            figure_links = markup_links(cell.children[0].html)
            assert [href for href, _text in figure_links] == [replace(view, indicator=fid).query() for fid in drawn]
            for (_href, text), fid in zip(figure_links, drawn):
                row = data.figure(fid)
                assert row[f"label_{lang}"] in text and row[f"display_{lang}"] in text


# --- sync: events -> next view -----------------------------------------------------------------


def test_url_change_parses_the_url(data):
    step = next_view(data, ids.URL, "?tab=talent&indicator=talent_total", None)
    assert step.from_url and step.view.indicator == "talent_total"


def test_initial_call_has_no_trigger_and_reads_the_url(data):
    step = next_view(data, None, "?tab=jobs", None)
    assert step.from_url and step.view.tab == "jobs"


def test_tab_links_start_unfiltered_in_the_same_language(data):
    """A tab is a link to its unfiltered view; the current tab is marked, in the view's language."""
    links = tab_links(data, View(tab="talent", topic="postdoc", indicator="talent_postdocs", lang="en"))
    assert [href for _, _, href, _ in links] == [View(tab=tab, lang="en").query() for tab in tab_ids(data)]
    assert [tab for tab, _, _, current in links if current] == ["talent"]
    nav = tab_nav(data, View(tab="jobs"), "zh")
    anchors = re.findall(r"<a [^>]*>", to_html(nav))
    assert [re.search(r'id="([^"]+)"', a).group(1) for a in anchors if 'aria-current="page"' in a] == ["tab-jobs"]
    assert len(anchors) == len(tab_ids(data)) and all('data-nav="1"' in a for a in anchors)


def test_sector_change_keeps_the_pick_only_if_still_shown(data):
    kept = next_view(data, ids.SECTOR, "?sector=talent&indicator=talent_total", ["talent", "jobs"]).view
    assert (kept.sectors, kept.indicator) == (("jobs", "talent"), "talent_total")
    dropped = next_view(data, ids.SECTOR, "?sector=talent&indicator=talent_total", ["jobs"]).view
    assert (dropped.sectors, dropped.indicator) == (("jobs",), None)
    cleared = next_view(data, ids.SECTOR, "?sector=talent", None).view
    assert cleared.sectors == ()


def test_forged_sector_values_are_dropped(data):
    assert next_view(data, ids.SECTOR, "", ["talent", "<b>x</b>", 7]).view.sectors == ("talent",)
    assert next_view(data, ids.SECTOR, "", "talent").view.sectors == ()


def test_topic_change(data):
    view = next_view(data, ids.TOPIC, "?tab=talent", "postdoc").view
    assert view.query() == "?tab=talent&topic=postdoc"
    assert next_view(data, ids.TOPIC, "?tab=talent&topic=postdoc", None).view.query() == "?tab=talent"
    assert next_view(data, ids.TOPIC, "?tab=talent", "outcomes").view.topic is None  # a jobs topic


def test_chart_click_selects_the_figure(data):
    step = next_view(data, ids.STORE_REQUEST, "?tab=talent", {"click": click("talent_skilled"), "at": 1})
    assert not step.from_url and step.view.query() == "?tab=talent&indicator=talent_skilled"


@pytest.mark.parametrize("event", [None, {}, {"points": []}, {"points": "x"}, {"points": [{"customdata": 3}]},
                                   {"points": [None]}, "click"])
def test_malformed_click_events_change_nothing(data, event):
    assert clicked_figure(event) is None
    assert next_view(data, ids.STORE_REQUEST, "?tab=talent", {"click": event}) is None
    assert next_view(data, ids.STORE_REQUEST, "?tab=talent", event) is None  # the store's own value, forged


def test_click_on_a_figure_outside_the_view_is_ignored(data):
    step = next_view(data, ids.STORE_REQUEST, "?tab=talent", {"click": click("jobs_new_urban")})
    assert step.view.indicator is None


# --- sync: view -> outputs ---------------------------------------------------------------------


PANES = ("overview", "jobs", "labor_relations", "talent", "social_security", "science_popularization")


def outputs_for(data, search, trigger, value, *, sectors=(), topic=None, stored=None,
                charts=("talent_pool", "jobs_outcomes"), panes_state=None, shown_notice=None):
    """The sync callback's outputs for one event; charts are on the page in their own area's pane, and
    the pane of the stored view is mounted showing it (unless panes_state says otherwise)."""
    step = next_view(data, trigger, search, value)
    current = parse_view(search, data)
    stored = stored_view(current) if stored is None else stored
    if panes_state is None:
        panes_state = {stored["tab"]: {k: v for k, v in stored.items() if k != "query"}}
    on_page = [(chart, data.charts.at[chart, "area"]) for chart in charts]
    return sync_outputs(data, step, search, list(sectors), topic, stored, on_page, list(PANES), panes_state,
                        "zh", shown_notice=shown_notice)


def scope_of(stored: dict) -> dict:
    """The scope part of a view store's data (what decides the cards, charts and table)."""
    return {k: v for k, v in stored.items() if k not in ("indicator", "query")}


def test_user_actions_push_the_url_url_changes_do_not(data):
    out = outputs_for(data, "?tab=overview", ids.SECTOR, ["talent"])
    assert out["search"] == "?tab=overview&sector=talent"
    out = outputs_for(data, "?tab=overview&sector=talent", ids.URL, None, stored=stored_view(View()))
    assert out["search"] is no_update
    assert out["sector"] == ["talent"] and scope_of(out["view"]) == {"tab": "overview", "sectors": ["talent"], "topic": None, "lang": "zh"}
    assert out["table_count"] is not no_update  # a new scope: the cards, charts and table follow


def test_a_pick_in_the_same_scope_patches_the_charts_on_screen(data):
    out = outputs_for(data, "?tab=talent", ids.STORE_REQUEST, {"click": click("talent_total")})
    assert out["table_count"] is no_update and all(p is no_update for p in out["panes"])  # cards, charts and table stay
    assert out["view"]["indicator"] == "talent_total"
    assert "全市专业技术、技能人才总量达529万人" in texts(out["detail"])
    assert texts(out["breadcrumb"]).split()[-1] == data.figures.at["talent_total", "label_zh"]
    talent_pool, jobs_outcomes = out["charts"]
    assert isinstance(talent_pool, Patch) and jobs_outcomes is no_update  # not a chart of this view


def test_a_pick_within_a_topic_repaints_only_the_charts_whose_marks_change(data):
    """On the jobs tab with 城镇新增就业 picked, picking 失业人员再就业 (same topic, same chart) moves the
    outline within one chart: the other charts already show that topic and are left alone."""
    before = View(tab="jobs", indicator="jobs_new_urban")
    charts = [chart for chart, _ in shown_charts(data, before)]
    out = outputs_for(data, "?tab=jobs&indicator=jobs_new_urban", ids.STORE_REQUEST, {"click": click("jobs_reemployed")},
                      charts=charts)
    patched = [chart for chart, patch in zip(charts, out["charts"]) if patch is not no_update]
    assert patched == ["jobs_outcomes"]
    # From no pick to a pick: a chart changes if it holds the pick (outlined) or another topic (faded).
    out = outputs_for(data, "?tab=jobs", ids.STORE_REQUEST, {"click": click("jobs_reemployed")},
                      charts=charts)
    patched = [chart for chart, patch in zip(charts, out["charts"]) if patch is not no_update]
    members = {chart: data.charts.at[chart, "figure_ids"] for chart in charts}
    changing = [chart for chart in charts if "jobs_reemployed" in members[chart]
                or any(data.figures.at[f, "topic"] != "outcomes" for f in members[chart])]
    assert patched == changing and len(changing) < len(charts)  # jobs_rates is all 就业成果: left alone


def test_a_new_scope_rerenders_and_patches_nothing(data):
    out = outputs_for(data, "?tab=talent", ids.TOPIC, "postdoc")
    assert scope_of(out["view"]) == {"tab": "talent", "sectors": [], "topic": "postdoc", "lang": "zh"}
    assert out["charts"] == [no_update, no_update]
    rendered = [tab for tab, pane in zip(PANES, out["panes"]) if pane is not no_update]
    assert rendered == ["talent"]  # the talent pane, filtered to 博士后
    assert out["panes_state"]["talent"]["topic"] == "postdoc"


def test_a_switch_to_a_mounted_tab_only_shows_its_pane(data):
    """The jobs pane was mounted out of sight with the jobs tab's view: going there from the talent tab
    sends no pane and no chart, only which pane shows (and the small things around it)."""
    talent, jobs = View(tab="talent"), View(tab="jobs")
    state = {"talent": talent.as_dict(), "jobs": jobs.as_dict()}
    charts = [c for c, _ in shown_charts(data, jobs)] + [c for c, _ in shown_charts(data, talent)]
    out = outputs_for(data, "?tab=jobs", ids.URL, None, stored=stored_view(talent),
                      charts=charts, panes_state=state)
    assert all(pane is no_update for pane in out["panes"])
    assert all(chart is no_update for chart in out["charts"])
    assert out["pane_classes"] == ["pane pane--hidden" if tab != "jobs" else "pane" for tab in PANES]
    assert scope_of(out["view"]) == jobs.scope() and out["panes_state"] is no_update
    # Not mounted yet: the jobs pane comes in the same response.
    out = outputs_for(data, "?tab=jobs", ids.URL, None, stored=stored_view(talent),
                      charts=charts, panes_state={"talent": talent.as_dict()})
    assert [tab for tab, pane in zip(PANES, out["panes"]) if pane is not no_update] == ["jobs"]
    assert set(out["panes_state"]) == {"talent", "jobs"}


def test_a_mounted_pane_left_with_a_pick_is_patched_back_when_shown_again(data):
    """Back from the talent tab to the jobs tab, whose pane still outlines the figure picked there: the
    pane is reused and only its charts whose marks change are patched."""
    picked, jobs = View(tab="jobs", indicator="jobs_reemployed"), View(tab="jobs")
    state = {"talent": View(tab="talent").as_dict(), "jobs": picked.as_dict()}
    charts = [c for c, _ in shown_charts(data, jobs)]
    out = outputs_for(data, "?tab=jobs", ids.URL, None, stored=stored_view(View(tab="talent")), charts=charts,
                      panes_state=state)
    assert all(pane is no_update for pane in out["panes"])
    patched = [c for c, patch in zip(charts, out["charts"]) if patch is not no_update]
    assert "jobs_outcomes" in patched and len(patched) < len(charts)
    assert out["panes_state"]["jobs"]["indicator"] is None


def test_a_pane_is_mounted_once_with_the_tabs_unfiltered_view(data):
    stored = stored_view(View(tab="talent", topic="postdoc", lang="en"))
    state = {"talent": View(tab="talent", topic="postdoc", lang="en").as_dict()}
    mounted = mount_outputs(data, "jobs", stored, state, list(PANES))
    panes, new_state = mounted["panes"], mounted["panes_state"]
    assert [tab for tab, pane in zip(PANES, panes) if pane is not no_update] == ["jobs"]
    assert new_state == {"jobs": View(tab="jobs", lang="en").as_dict()}  # route.js merges it into the store
    assert "Employment outcomes" in str(panes[PANES.index("jobs")])
    # Already mounted, the page's own tab, or anything but an ask for a tab: nothing changes.
    for ask in ("talent", "bogus", {"tab": "jobs"}, None, ["jobs"]):
        assert mount_outputs(data, ask, stored, state, list(PANES)) == {"panes": [no_update] * len(PANES),
                                                                        "panes_state": no_update}
    assert mount_outputs(data, "jobs", stored, {**state, **new_state}, list(PANES))["panes_state"] is no_update


@pytest.mark.parametrize("narrow", [True, False], ids=["narrow", "wide"])
def test_a_relayout_lays_out_the_views_pane_anew_and_unmounts_the_others(data, narrow):
    """A new screen size: the view's pane (its pick outlined) comes whole in the new layout; every other pane
    is emptied (it was laid out for the old one; mountNext in assets/route.js mounts it again), and the panes store says
    only the view's pane is mounted."""
    view = View(tab="jobs", indicator="jobs_reemployed", lang="en")
    out = relayout_outputs(data, stored_view(view), list(PANES), narrow)
    assert [tab for tab, pane in zip(PANES, out["panes"]) if pane is not None] == ["jobs"]
    assert out["panes_state"] == {"jobs": view.as_dict()}
    pane = json.loads(PlotlyJSONEncoder().encode(out["panes"][PANES.index("jobs")]))
    cells = re.findall(r'"data-layout": "(\w+)"', json.dumps(pane))
    assert len(cells) == len(shown_charts(data, View(tab="jobs"))) and set(cells) == {"narrow" if narrow else "wide"}
    graphs = [node["props"]["figure"] for node in components_of(pane) if node.get("type") == "Graph"]
    assert any(outlined(figure) == {"jobs_reemployed"} for figure in graphs)


def components_of(node):
    """Every component in a serialised tree."""
    if isinstance(node, dict):
        if "props" in node:
            yield node
        for value in node.values():
            yield from components_of(value)
    elif isinstance(node, list):
        for value in node:
            yield from components_of(value)


def test_a_deep_link_with_a_new_scope_does_not_patch_the_old_charts(data):
    out = outputs_for(data, "?tab=talent&indicator=talent_total", ids.URL, None, stored=stored_view(View()), charts=("talent_pool",))
    assert scope_of(out["view"])["tab"] == "talent" and out["charts"] == [no_update]
    assert out["detail"] is not no_update


def test_controls_already_showing_the_view_are_not_set_again(data):
    out = outputs_for(data, "?tab=talent", ids.URL, None)
    assert out["sector"] is no_update and out["topic"] is no_update
    assert out["table_count"] is no_update and out["view"] is no_update


def test_hostile_url_gives_a_notice_that_does_not_echo_it(data):
    out = outputs_for(data, "?tab=<img src=x onerror=alert(1)>&indicator=<b>", ids.URL, None)
    assert "标签页" in out["notice"] and "指标" in out["notice"]
    assert "<" not in out["notice"] and "onerror" not in out["notice"]
    assert out["search"] is no_update  # Back must not land on the bad URL again and again


def test_actions_clear_the_notice(data):
    shown = notice_text(parse_view("?tab=bogus", data), "zh")
    assert shown and outputs_for(data, "?tab=bogus", ids.TOPIC, None, shown_notice=shown)["notice"] == ""
    assert outputs_for(data, "?tab=bogus", ids.TOPIC, None, shown_notice="")["notice"] is no_update  # none shown


def test_a_pick_in_the_same_tab_leaves_every_pane_class_alone(data):
    out = outputs_for(data, "?tab=talent", ids.STORE_REQUEST, {"click": click("talent_total")})
    assert out["pane_classes"] == [no_update] * len(PANES)
    moved = outputs_for(data, "?tab=talent", ids.URL, None, stored=stored_view(View(tab="jobs")))
    assert [c for c in moved["pane_classes"] if c is not no_update] == [pane_class(t == "talent") for t in PANES]


def test_notice_in_english():
    assert notice_text(View(ignored=("sector", "query")), "en").endswith("sector, the whole query (too long or malformed)")
    assert notice_text(View(), "en") == ""


def test_nothing_changes_for_an_empty_event(data):
    out = sync_outputs(data, None, "", [], None, None, [("talent_pool", "talent")], ["talent"], None, "zh")
    assert out.pop("charts") == [no_update]
    assert out.pop("panes") == [no_update] and out.pop("pane_classes") == [no_update]
    assert all(value is no_update for value in out.values())


# --- highlight (pure, on figure dicts) --------------------------------------------------------


def test_highlight_dims_other_topics_and_outlines_the_pick(data):
    figure = cached_chart(load(DATA_DIR), "science_popularization_events", "zh")
    topics = data.figures["topic"]
    marked = apply_updates(copy.deepcopy(figure), highlight_updates(figure, topics, "scifi", "sp_scifi_events"))
    shown = set(figure["data"][0]["customdata"])
    assert strengths(marked) == {fid: 1.0 if topics[fid] == "scifi" else DIM for fid in shown}
    assert outlined(marked) == {"sp_scifi_events"}
    assert set(strengths(figure).values()) == {1.0} and outlined(figure) == set()  # the cached figure is untouched
    # Only shapes change: Plotly redraws them alone, where a new per-bar array redrew the whole chart.
    assert {path[:2] for path, _ in highlight_updates(figure, topics, "scifi", "sp_scifi_events")} == {("layout", "shapes")}


def test_highlight_reaches_indicator_tiles_and_spares_click_targets(data):
    figure = cached_chart(load(DATA_DIR), "jobs_services", "zh")
    updates = dict(highlight_updates(figure, data.figures["topic"], "recruitment", None))
    tiles = [(j, s["name"].split(":")[1]) for j, s in enumerate(figure["layout"]["shapes"]) if s.get("name")]
    assert tiles
    for j, fid in tiles:
        assert updates[("layout", "shapes", j, "opacity")] == (1.0 if data.figures.at[fid, "topic"] == "recruitment" else DIM)
    assert not any(path[:2] == ("data", 0) for path in updates)  # the invisible scatter


def test_no_topic_restores_full_strength(data):
    figure = cached_chart(load(DATA_DIR), "jobs_services", "zh")
    assert {v for p, v in highlight_updates(figure, data.figures["topic"], None, None) if p[-1] == "opacity"} == {1.0}


# --- detail panel and breadcrumb ----------------------------------------------------------------


def test_every_figure_has_a_detail_panel_with_its_quote_and_base_units(data):
    for fid, row in data.figures.iterrows():
        text = texts(detail_panel(data, View(tab=row["area"], indicator=fid), "zh"))
        assert row["source_quote"] in text and row["display_zh"] in text, fid
        # 折合 only where the unit changes (26.44万人), its qualifier kept (issue 28); a rank is no amount
        converts = row["multiplier"] != 1 and row["base_unit"] != "%" and not row["rank"]
        assert ("折合" in text) == converts, fid
        if converts:
            digits = row["base_display_zh"].split(" ")[0]
            assert f"{row['qualifier_word'].replace('上', '超') if row['position'] == 'before_value' else ''}{digits}" in text, fid
        assert data.sources.at[row["source_org"], "name_zh"] in text


def test_detail_panel_example_in_base_units(data):
    text = texts(detail_panel(data, View(tab="jobs", indicator="jobs_new_urban"), "zh"))
    assert "26.44万人" in text and "264,400 人" in text and "成都城镇新增就业26.44万人" in text


def test_detail_panel_links_to_the_other_figures_of_its_topic(data):
    panel = detail_panel(data, View(tab="talent", indicator="talent_total"), "zh")
    hrefs = links(panel)
    assert hrefs[0] == "?tab=talent"  # close
    trail = [href for _, href in breadcrumb_steps(data, View(tab="talent", indicator="talent_total"), "zh") if href]
    assert hrefs[1:1 + len(trail)] == trail == ["?tab=talent", "?tab=talent&topic=talent_pool"]  # the way back up
    assert sorted(hrefs[1 + len(trail):]) == ["?tab=talent&indicator=talent_professional",
                                              "?tab=talent&indicator=talent_skilled"]
    assert detail_panel(data, View(tab="talent"), "zh") is None


def test_breadcrumb_steps_up_from_figure_to_topic_to_area(data):
    crumbs = breadcrumb(data, View(tab="talent", indicator="talent_postdocs"), "zh")
    assert links(crumbs) == ["?tab=talent", "?tab=talent&topic=postdoc"]
    assert texts(crumbs).split() == ["人才", "博士后", data.figures.at["talent_postdocs", "label_zh"]]
    assert links(breadcrumb(data, View(tab="talent", topic="postdoc"), "zh")) == ["?tab=talent"]
    overview = breadcrumb(data, View(sectors=("talent",), indicator="talent_total"), "zh")
    assert links(overview) == ["?tab=overview&sector=talent", "?tab=talent", "?tab=talent&topic=talent_pool"]


# --- downloads ---------------------------------------------------------------------------------


def test_csv_download_is_exactly_the_view(data):
    scope = View(tab="talent", topic="postdoc").scope()
    content, name = download_payload(data, ids.DOWNLOAD_CSV, scope, "zh")
    assert name == "chengdu-2023-talent-postdoc.csv"
    assert content.startswith("\ufeff".encode())
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str)
    assert list(frame["编号"]) == shown_figure_ids(data, View(tab="talent", topic="postdoc"))
    assert set(frame["原文"]) == set(data.figures.loc[list(frame["编号"]), "source_quote"])


def test_xlsx_download_is_exactly_the_view_with_numbers_as_numbers(data):
    scope = View(sectors=("jobs", "talent")).scope()
    content, name = download_payload(data, ids.DOWNLOAD_XLSX, scope, "zh")
    assert name == "chengdu-2023-overview-jobs-talent.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert [r[header.index("编号")] for r in body] == shown_figure_ids(data, View(sectors=("jobs", "talent")))
    value = body[0][header.index("折合基本单位")]
    assert isinstance(value, (int, float)) and value == 264400


def test_download_with_a_forged_scope_falls_back_to_a_checked_view(data):
    content, name = download_payload(data, ids.DOWNLOAD_CSV, {"tab": "<x>", "sectors": ["nope"]}, "zh")
    assert name == "chengdu-2023-overview.csv"
    assert download_payload(data, "something-else", None, "zh") is None


# --- the first layout of a page load ------------------------------------------------------------


def test_requested_view_reads_the_referrers_query(data):
    import flask

    from dashboard.explore.request import requested_view

    app = flask.Flask(__name__)
    assert requested_view(data) == View()  # outside a request: the overview
    cases = {
        "http://h/?tab=talent&topic=postdoc&indicator=talent_postdocs": View(tab="talent", topic="postdoc",
                                                                              indicator="talent_postdocs"),
        "http://h/?tab=<script>&sector=talent": View(sectors=("talent",)),  # the bad tab falls back to the overview
        "http://h/?tab=" + "x" * 9000: View(),
        "": View(),
    }
    for referrer, expected in cases.items():
        with app.test_request_context("/_dash-layout", headers={"Referer": referrer} if referrer else {}):
            got = requested_view(data)
            assert got == expected, referrer  # ignored is empty too: the notice comes from the sync callback


def test_every_piece_has_english_text(data):
    from dashboard.explore.filters import controls
    from dashboard.table import figure_table, table_section

    view = View(tab="jobs", topic="outcomes", indicator="jobs_new_urban")
    text = " ".join(texts(part) for part in (controls(data, "en", view), breadcrumb(data, view, "en"),
                                             detail_panel(data, view, "en"), table_section(data, view, "en")))
    assert "New urban jobs" in text and "264,400 people" in text and "Other figures on this topic" in text
    assert "Download CSV" in text and "Employment outcomes" in text
    # Only the verbatim quote in the detail panel stays Chinese (marked lang="zh-CN" there), and the reference
    # names the article's Chinese title in brackets, as proper names are given; controls, breadcrumb, table
    # section and the table itself (units, sources, headers, caption) are all English.
    quote = data.figures.at["jobs_new_urban", "source_quote"]
    han = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
    assert quote in texts(detail_panel(data, view, "en"))
    assert not han.findall(re.sub(r"\([^)]*\)", "", texts(detail_panel(data, view, "en")).replace(quote, "")))
    table = figure_table(data, {**view.scope(), "lang": "en"})
    assert "Value in base units" in texts(table) and "264,400 people" in texts(table)
    for part in (controls(data, "en", view), breadcrumb(data, view, "en"), table_section(data, view, "en"), table):
        shown = re.sub(r"\([^)]*\)", "", texts(part))  # the reference's bracketed Chinese title is allowed
        assert not han.findall(shown), (type(part).__name__, han.findall(shown)[:10])


def test_every_value_sync_answers_has_a_named_place_to_go(data):
    """Each value sync_outputs answers goes somewhere named in the answer that route.js sets: a component and
    property (SYNC_OUTPUTS; a switch output where SWITCH_OUTPUTS, and so each pane's facts, names it), or a chart's,
    a pane's or its class's pattern id as the DOM writes it, or a tab link's mark (named by facts.tab_marks). A
    name without a place would be an answer lost; an unmount (None) is a value, no_update is left out."""
    from dashboard.explore.callbacks import SYNC_OUTPUTS, answer

    names = set(sync_outputs(data, None, "", [], None, None, [], [], None, "zh"))
    assert set(outputs_for(data, "?tab=talent", ids.URL, None)) == names
    assert (names - {"search", "charts", "panes", "pane_classes", "tab_marks"}) | {"table"} == set(SYNC_OUTPUTS)
    assert all(SYNC_OUTPUTS[name] == target for name, target in SWITCH_OUTPUTS.items())
    out = {**{name: name for name in SYNC_OUTPUTS}, "topic": no_update, "charts": ["patch"], "panes": [None, "pane"],
           "pane_classes": [no_update, "pane"], "tab_marks": tab_marks(data, View(tab="jobs"))}
    values = answer(out, ["jobs", "talent"], [("jobs_outcomes", "jobs")], query="?tab=jobs")
    assert values["query"] == "?tab=jobs"
    assert set(values["set"]) == {f"{c}.{p}" for name, (c, p) in SYNC_OUTPUTS.items() if name != "topic"} | {
        '{"tab":"jobs","type":"pane"}.children', '{"tab":"talent","type":"pane"}.children',
        '{"tab":"talent","type":"pane"}.className', '{"chart":"jobs_outcomes","tab":"jobs","type":"chart"}.figure',
        *(f"{ids.tab_link(tab)}.{prop}" for tab in tab_ids(data) for prop in ("className", "aria-current"))}
    assert values["set"]["tab-jobs.aria-current"] == "page" and values["set"]["tab-talent.aria-current"] is None
    assert values["set"]['{"tab":"jobs","type":"pane"}.children'] is None
    assert list(values["set"])[:2] == ["store-view.data", "store-panes.data"]  # before the filters and panes


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sectors", [(), ("jobs", "talent")], ids=["bare", "filtered"])
def test_each_panes_facts_show_what_the_server_shows_for_each_pick(data, lang, sectors):
    """A pane's facts (what assets/route.js shows a pick or a switch from): the view's unfiltered pick first, then
    one per figure it shows, each named by its canonical URL (and the bare address for the default view), with
    its pane state and marks, and for every switch output the value the server's own answer to that URL gives
    (sync_outputs with nothing shown yet), never a no_update (React would get an object); and the tab bar's marks
    as the answer to a switch sets them."""
    for tab in tab_ids(data):
        view = View(tab=tab, lang=lang, sectors=sectors if tab == "overview" else ())
        facts = json.loads(pane_facts(data, view, "/", ("a", "b")))
        assert facts["classes"] == ["a", "b"]
        assert [p["pane"]["indicator"] for p in facts["picks"]] == [None, *shown_figure_ids(data, view)]
        for pick in facts["picks"]:
            shown = replace(view, indicator=pick["pane"]["indicator"])
            assert pick["pane"] == shown.as_dict() and pick["searches"][0] == shown.query()
            assert ("" in pick["searches"]) == (shown.as_dict() == View().as_dict())
            assert (pick["topic"], pick["selected"]) == mark_of(data, shown)
            answer = sync_outputs(data, Step(shown, True), shown.query(), [], None, None, [], [],
                                  {tab: shown.as_dict()}, lang)
            expected = {f"{c}.{p}": answer[name] for name, (c, p) in SWITCH_OUTPUTS.items()}
            assert pick["outputs"] == json.loads(PlotlyJSONEncoder().encode(expected)), (tab, shown.indicator)
        # The tab bar's marks: what the server's answer sets when the page showed no tab of its own.
        switch = sync_outputs(data, Step(view, True), view.query(), [], None, None, [], [], {}, lang)
        assert facts["tabs"] == switch["tab_marks"] and facts["tabs"][f"{ids.tab_link(tab)}.aria-current"] == "page"
        assert set(facts["topics"]) >= {s["name"].partition(":")[2] for chart, subset in shown_charts(data, view)
                                         for s in cached_chart(data, chart, lang, subset)["layout"].get("shapes", [])
                                         if ":" in (s.get("name") or "")}


def test_a_panes_view_carries_its_facts_and_the_first_paint_does_not(data):
    """The live pane's view holds its facts (data-facts); the first paint, written from the same tree, leaves them
    out (data for the app's scripts, as a store is), and so does the validation layout."""
    from dash import html

    from dashboard.app import create_app, without_content

    view = View(tab="jobs")
    content = view_content(data, view, "zh")
    assert json.loads(getattr(content, "data-facts"))["picks"][0]["searches"] == ["?tab=jobs"]
    assert "data-facts" not in to_html(content, graph=lambda props: "")
    emptied = without_content(html.Div([view_content(data, view, "zh")])).children[0]  # as in the validation layout
    assert getattr(emptied, "data-facts") is None
    page = create_app(DATA_DIR, first_paint_svg=False).server.test_client().get("/?tab=jobs").get_data(as_text=True)
    assert "picks" not in page.split('id="_dash-config"')[0]

