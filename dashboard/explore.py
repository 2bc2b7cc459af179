"""Filters, drill-down, the detail panel and the view table: the interactive layer over the tab layouts.

State lives in the URL (urlstate). One callback turns every event (URL change, tab, sector,
topic, chart click) into a checked View and answers, in the same round trip, only what changed:
  - a new scope (tab, sectors, topic) -> the scope store, whose callback renders cards, charts, table;
  - a new pick in the same scope     -> detail panel, breadcrumb, and a Patch of each chart's
                                        opacities and outlines (figures are never resent).
KPI cards, tabs, breadcrumb steps and "other figures" are plain links to view URLs (server-made markup,
followed in place by assets/nav.js), so they work without scripts, open in a new browser tab, and Back
steps through them. A link from one tab's unfiltered view to another's is answered in the click itself
(assets/route.js, from the switches store); other URL changes reach sync.
"""

from __future__ import annotations

import copy
import time
from functools import lru_cache
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import dash
import flask
from dash import ALL, ClientsideFunction, Input, Output, Patch, State, callback_context, dcc, html, no_update
from markupsafe import Markup

from . import ids
from .figures.charts import cached_chart
from .data.citation import print_footer, print_footer_css
from .figures.marks import apply_updates, highlight_updates
from .view.strings import DEFAULT_LANGUAGE, t
from .data.dataset import Dataset
from .settings import link_base
from .table import DEFAULT_SORT, next_sort, register_routes, table_file, view_table
from .view.selection import chart_figure_ids, mark_of, shown_cards, shown_charts, shown_figure_ids
from .view.state import OVERVIEW, View, tab_ids, area_topics, checked, view_data, view_from_dict
from .view.url import MAX_QUERY, query_problems, parse_view, pick_href, view_links
from .view.wording import chart_summary, topic_label
from .firstpaint import breadcrumb_html, cards_html, detail_html, figure_links_html, tab_nav_html
from .static_html import StaticHtml
from .views import chart_graph


# --- Filters ------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def topic_options(data: Dataset, tab: str, lang: str) -> list[dict]:
    """The topic filter's choices on a tab (cached per dataset: the data never changes under a worker)."""
    if tab == OVERVIEW:
        return []
    return [{"label": topic_label(data, tab, topic, lang), "value": topic} for topic in area_topics(data, tab)]


# --- Highlighting -----------------------------------------------------------------------------


def marked_figure(data: Dataset, view: View, chart_id: str, subset, lang: str, narrow: bool = False) -> dict:
    """The cached figure, with the view's highlight applied to a copy when there is one."""
    figure = cached_chart(view_data(data, view), chart_id, lang, subset, narrow)
    topic, selected = mark_of(data, view)
    if topic is None:
        return figure
    return apply_updates(copy.deepcopy(figure), highlight_updates(figure, data.figures["topic"], topic, selected))


def mark_patch(data: Dataset, view: View, chart_id: str, lang: str, subsets: dict | None = None,
               narrow: bool = False, shown: View | None = None):
    """A Patch that repaints one chart's highlight in place; no_update for a chart not in the view, or
    one whose marks look the same under the view as under `shown` (the view the page shows now).

    subsets is dict(shown_charts(data, view)), passed in when patching several charts at once; narrow
    names the layout the page shows (the patch addresses that figure's marks). Skipping unchanged
    charts matters: each patched chart is redrawn, and a pick within a topic changes one or two."""
    subsets = dict(shown_charts(data, view)) if subsets is None else subsets
    if chart_id not in subsets:
        return no_update
    figure = cached_chart(view_data(data, view), chart_id, lang, subsets[chart_id], narrow)
    updates = highlight_updates(figure, data.figures["topic"], *mark_of(data, view))
    if shown is not None and highlight_updates(figure, data.figures["topic"], *mark_of(data, shown)) == updates:
        return no_update
    return apply_updates(Patch(), updates)


# --- Layout pieces ----------------------------------------------------------------------------


def controls(data: Dataset, lang: str, view: View | None = None, base: str = "/") -> html.Div:
    """Sector filter (overview), topic filter (area tabs), breadcrumb and the copy-link field, set to view."""
    view = view or View()
    return html.Div(
        id=ids.FILTERS,
        className=filters_class(view),
        children=[
            # A GET form: without scripts (the first paint) the filters apply as a page load. style.css gives the
            # form no box of its own, so its filters sit in the row as before.
            html.Form(className="filter-form", method="get", action="/", children=[
                html.Div(
                    className="filter filter-sector",
                    children=[
                        html.Span(t("sector_filter", lang), className="filter-label", id=f"{ids.SECTOR}-label"),
                        dcc.Checklist(
                            id=ids.SECTOR,
                            options=[{"label": row[f"label_{lang}"], "value": area} for area, row in data.areas.iterrows()],
                            value=list(view.sectors),
                            inline=True,
                            className="sector-options",
                        ),
                        html.Span(t("sector_hint", lang), className="hint"),
                    ],
                ),
                html.Div(
                    className="filter filter-topic",
                    children=[
                        html.Span(t("topic_filter", lang), className="filter-label", id=f"{ids.TOPIC}-label"),
                        dcc.Dropdown(id=ids.TOPIC, options=topic_options(data, view.tab, lang), value=view.topic,
                                     placeholder=t("all_topics", lang),
                                     clearable=True, searchable=False, className="topic-dropdown"),
                    ],
                ),
                # Only a page without scripts submits the form: the rest of the view it keeps, and its button.
                html.Noscript([
                    *[dcc.Input(type="hidden", name=name, value=value) for name, value in form_fields(view)],
                    html.Button(t("apply_filter", lang), type="submit", className="button"),
                ]),
            ]),
            html.Div(
                className="share",
                children=[
                    html.Label(t("view_link", lang), htmlFor=ids.LINK, className="sr-only"),
                    dcc.Input(id=ids.LINK, type="text", readOnly=True, value=view_links(view, base)[0],
                              className="view-link"),
                    dcc.Clipboard(id=ids.COPY_LINK, target_id=ids.LINK, children=t("copy_link", lang),
                                  copied_children=t("copied", lang), className="copy-link", title=t("copy_link", lang)),
                ],
            ),
            StaticHtml(breadcrumb(data, view, lang), id=ids.BREADCRUMB, element="nav", className="breadcrumb",
                       **{"aria-label": t("breadcrumb", lang)}),
        ],
    )


def form_fields(view: View) -> list[tuple[str, str]]:
    """What the filter form keeps of the view besides the filters themselves (tab, language, period)."""
    fields = [("tab", view.tab)]
    if view.lang != DEFAULT_LANGUAGE:
        fields.append(("lang", view.lang))
    if view.period:
        fields.append(("period", view.period))
    return fields


def filters_class(view: View) -> str:
    """The sector filter shows on the overview, the topic filter on area tabs (CSS keys on this)."""
    return f"filters {'on-overview' if view.tab == OVERVIEW else 'on-area'}"


def detail_aside(data: Dataset, view: View, lang: str) -> html.Aside:
    """The drawer that holds the detail panel (empty, hence hidden, without a selected figure)."""
    return html.Aside(detail_panel(data, view, lang), id=ids.DETAIL, className="detail",
                      **{"aria-live": "polite", "aria-label": t("detail", lang)})


def figure_links(data: Dataset, view: View, figure_ids, lang: str) -> StaticHtml:
    """One link per figure of a chart: the keyboard's and screen reader's way to drill into a mark.

    Visually hidden until focused (style.css), so the chart looks as it does to a mouse."""
    return StaticHtml(figure_links_html(data, view, figure_ids), element="ul", className="figure-links",
                      **{"aria-label": t("figure_links", lang)})


def view_content(data: Dataset, view: View, lang: str, narrow: bool = False) -> html.Div:
    """Cards and charts of a view; each graph has a pattern id (clicks, highlight patches) inside a
    wrapper that keeps the graph-<chart> id of the foundation and holds the chart's figure links."""
    graphs = []
    for chart_id, subset in shown_charts(data, view):
        graph = chart_graph(data, chart_id, marked_figure(data, view, chart_id, subset, lang, narrow), lang, view.tab)
        own = data.charts.at[chart_id, "area"] == view.tab
        # The SVG has no accessible name: the cell is a figure named by a summary of the chart.
        # The links come first: Tab reaches a chart's figures before its Plotly toolbar.
        graphs.append(html.Div([figure_links(data, view, chart_figure_ids(data, chart_id, subset), lang), graph],
                               id=ids.graph(chart_id, None if own else view.tab), className="chart-cell",
                               role="figure", **{"aria-label": chart_summary(data, chart_id, lang, subset),
                                                 "data-chart": chart_id, "data-layout": "narrow" if narrow else "wide"}))
    cards = shown_cards(data, view)
    return html.Div(
        className=f"view view-{view.tab}",  # not "tab": dcc.Tabs styles that class (centred, padded)
        # what a printed page of this view says at its foot (presentation.js puts it in the page's @page rule)
        **{"data-print-footer": view_footer_css(data, view, lang)},
        children=[
            # Each card is a link that picks its figure (assets/nav.js follows it in place).
            StaticHtml(cards_html(data, view), element="section", className="kpis",
                       **{"aria-label": t("headline_figures", lang)}) if cards else None,
            html.Section(graphs, className="charts", **{"aria-label": t("charts_label", lang)}),
        ],
    )


# --- Tab panes ----------------------------------------------------------------------------------
# Every tab has a pane in CONTENT. The current one is shown; the others are mounted out of sight
# when the page is idle (assets/panes.js asks, mount_pane answers), laid out at the same width, so a
# later switch to one only shows it: no figures sent, no chart drawn. STORE_PANES records the view
# each mounted pane shows; a pane whose scope differs from the view asked for is rendered again.


def view_footer_css(data: Dataset, view: View, lang: str) -> str:
    """The @page rules of a printed view: its sources' references and the page number at each page's foot."""
    orgs = data.figures.loc[shown_figure_ids(data, view), "source_org"]
    return print_footer_css(print_footer(data.sources, list(orgs) or list(data.sources.index), lang), lang)


def pane_class(shown: bool) -> str:
    return "pane" if shown else "pane pane--hidden"


def panes(data: Dataset, view: View, lang: str, narrow: bool = False) -> list[html.Div]:
    """One pane per tab: the view's own filled, the others empty until mounted."""
    return [html.Div(view_content(data, view, lang, narrow) if tab == view.tab else None,
                     id=ids.pane(tab), className=pane_class(tab == view.tab), **{"data-tab": tab})
            for tab in tab_ids(data)]


def pane_view(data: Dataset, panes_state, tab: str) -> View | None:
    """The view a mounted pane shows, from the browser's store (checked); None if not mounted."""
    state = panes_state.get(tab) if isinstance(panes_state, dict) else None
    if not isinstance(state, dict) or state.get("tab") != tab:
        return None
    return view_from_dict(data, state)


def mounted_view(data: Dataset, panes_state, view: View) -> View | None:
    """The view the pane of view's tab shows, when it shows view's scope (so only marks may differ)."""
    shown = pane_view(data, panes_state, view.tab)
    return shown if shown is not None and shown.scope() == view.scope() else None


def table_section(data: Dataset, view: View, lang: str, filled: bool = False) -> html.Details:
    """The view's figures as a sortable table, with CSV and Excel downloads of exactly those rows. The app
    fills the table when the section is first opened; `filled` fills it now (the first paint)."""
    figure_ids = shown_figure_ids(data, view)
    return html.Details(
        className="table-section",
        children=[
            html.Summary(t("table", lang, count=len(figure_ids)), id=ids.TABLE_COUNT),
            html.Div(
                className="downloads",
                children=[
                    html.Button(t("download_csv", lang), id=ids.DOWNLOAD_CSV, className="button"),
                    html.Button(t("download_xlsx", lang), id=ids.DOWNLOAD_XLSX, className="button"),
                    dcc.Download(id=ids.DOWNLOAD),
                ],
            ),
            # Empty in the app until first opened: the live page does not carry rows nobody reads.
            html.Div(figure_table(data, view.scope()) if filled else None, id=ids.TABLE_WRAP),
            dcc.Store(id=ids.TABLE_SORT, data=DEFAULT_SORT),
        ],
    )


def detail_panel(data: Dataset, view: View, lang: str) -> StaticHtml | None:
    """Everything about the selected figure (the first paint's markup); None (panel hidden) without one.
    a11y.js moves focus to its close link when the figure changes (and back when it closes)."""
    if not view.indicator:
        return None
    return StaticHtml(detail_html(data, replace(view, lang=lang)), className="detail-body")


def breadcrumb(data: Dataset, view: View, lang: str) -> Markup:
    """Overview or area › topic › figure; every step but the last is a link one level up."""
    return breadcrumb_html(data, replace(view, lang=lang))


def requested_view(data: Dataset) -> View:
    """The view of the page that requested the layout (its Referer), or the overview outside a request.

    Only the query is used, through parse_view, so a hostile Referer is as harmless as a hostile URL.
    The notice about ignored values is left to the sync callback, which reads the real address bar."""
    if not flask.has_request_context():
        return View()
    referrer = flask.request.referrer or ""
    return replace(parse_view(urlsplit(referrer).query if len(referrer) <= 2 * MAX_QUERY else "", data), ignored=())


# The screen store's words, as assets/screen.js writes them (in the store and in the cookie).
SCREEN_COOKIE = "screen"
NARROW, WIDE = "narrow", "wide"


def base_url() -> str:
    """What the copy-link field's URL starts with: DASHBOARD_PUBLIC_URL, else '/' (the browser completes it)."""
    return link_base()


def requested_narrow() -> bool:
    """Whether the page asking for its layout is phone-sized: assets/screen.js keeps a cookie saying so
    (it runs before Dash asks for the layout), so a phone's first paint already has phone charts."""
    return flask.has_request_context() and is_narrow(flask.request.cookies.get(SCREEN_COOKIE))


def is_narrow(screen) -> bool:
    """The screen store's value (browser-sent: anything but the one known word means wide)."""
    return screen == NARROW


def stores(data: Dataset, view: View, narrow: bool = False, base: str = "/") -> list[dcc.Store]:
    return [
        dcc.Store(id=ids.STORE_VIEW, data=stored_view(view)),
        dcc.Store(id=ids.STORE_SCOPE, data=view.scope()),
        dcc.Store(id=ids.STORE_SCREEN, data=NARROW if narrow else WIDE),
        dcc.Store(id=ids.STORE_PANES, data={view.tab: view.as_dict()}),
        dcc.Store(id=ids.STORE_MOUNT),
        dcc.Store(id=ids.STORE_SWITCHES, data=tab_switches(data, view, narrow, base)),
        dcc.Store(id=ids.STORE_ROUTE),
        dcc.Store(id=ids.STORE_PUSH),
        dcc.Store(id=ids.STORE_CLICK),
        dcc.Store(id=ids.STORE_PUSHED),
    ]


def stored_view(view: View) -> dict:
    """The view store's data: the view plus its canonical query (the copy-link field shows it)."""
    return {**view.as_dict(), "query": view.query()}


# --- Callback input handling (pure: unit-tested without a browser) ------------------------------


@dataclass
class Step:
    """The view after an event; from_url means the URL was the source (so it is not written back)."""

    view: View
    from_url: bool


def clicked_figure(click) -> str | None:
    """The figure id of a Plotly click event, or None if the event is not one of ours."""
    if not isinstance(click, dict) or not isinstance(click.get("points"), list) or not click["points"]:
        return None
    point = click["points"][0]
    fid = point.get("customdata") if isinstance(point, dict) else None
    return fid if isinstance(fid, str) else None


def table_opened(clicks, ever: bool = False) -> bool:
    """Whether the table section is open (its summary clicked an odd number of times), or with ever,
    has been opened at all. Clicks come from the browser: anything but a count means closed."""
    if not isinstance(clicks, int) or isinstance(clicks, bool) or clicks < 1:
        return False
    return ever or clicks % 2 == 1


def next_view(data: Dataset, trigger, search, value) -> Step | None:
    """Turn one event into the next view; None when the event changes nothing (an empty click)."""
    current = parse_view(search, data)
    if trigger == ids.SECTOR:
        return Step(checked(data, current.tab, value or (), current.topic, current.indicator, current.lang,
                            current.period), False)
    if trigger == ids.TOPIC:
        return Step(checked(data, current.tab, current.sectors, value, current.indicator, current.lang,
                            current.period), False)
    if trigger == ids.STORE_CLICK:  # {"click": a chart's clickData, "at": …} (assets/route.js)
        fid = clicked_figure(value.get("click") if isinstance(value, dict) else None)
        if fid is None:
            return None
        return Step(checked(data, current.tab, current.sectors, current.topic, fid, current.lang, current.period), False)
    return Step(current, True)


def notice_text(view: View, lang: str) -> str:
    """A short notice naming (in the UI's words, never echoing the input) what the URL had wrong."""
    if not view.ignored:
        return ""
    names = ("、" if lang == "zh" else ", ").join(t(f"param_{name}", lang) for name in dict.fromkeys(view.ignored))
    return t("ignored", lang, names=names)


def tab_nav(data: Dataset, view: View, lang: str) -> StaticHtml:
    """The tab bar's links, the current one marked. assets/nav.js follows them without a page load (as
    dcc.Link does, which cannot carry aria-current) and moves the mark as the URL changes, in place, so
    keyboard focus stays on the link; without scripts they are ordinary links."""
    return StaticHtml(tab_nav_html(data, view), id=ids.TABS, element="nav", className="tab-nav",
                      **{"aria-label": t("tabs_label", lang)})


def sync_outputs(data: Dataset, step: Step | None, search, sectors, topic, scope: dict | None,
                 stored: dict | None, charts: list[tuple[str, str]], pane_tabs: list[str], panes_state,
                 lang: str, narrow: bool = False, base: str = "/", shown_notice=None) -> dict:
    """Each output of the sync callback: the new value, or no_update where nothing changed.

    charts are the (chart, tab) of the graphs on the page when the event happened, pane_tabs the tab
    panes. The view's pane is shown; if it is mounted with the view's scope, its charts are patched
    where their marks differ from what the pane shows (a tab switch to a mounted pane sends nothing
    else), otherwise the pane is rendered again, with the highlight built in (a patch sent to its
    old graphs could land on a graph that is gone)."""
    names = ("search", "sector", "topic", "topic_options", "filters", "notice", "scope", "view",
             "detail", "breadcrumb", "table_count", "link", "lang_link")
    if step is None:
        return {**dict.fromkeys(names, no_update), "charts": [no_update] * len(charts),
                "panes": [no_update] * len(pane_tabs), "pane_classes": [no_update] * len(pane_tabs),
                "panes_state": no_update}
    view = step.view
    data = view_data(data, view)
    query = view.query()
    new_scope = view.scope() != scope
    new_view = stored_view(view) != stored
    shown = mounted_view(data, panes_state, view)  # what the view's pane shows now, if it can be reused
    notice = notice_text(view, lang) if step.from_url else ""
    subsets = dict(shown_charts(data, view))
    state = {**(panes_state if isinstance(panes_state, dict) else {}), view.tab: view.as_dict()}
    return {
        "search": no_update if step.from_url or query == search else query,
        # The controls' values come from the browser: compare, never trust their type.
        "sector": list(view.sectors) if not isinstance(sectors, (list, tuple)) or list(view.sectors) != list(sectors)
        else no_update,
        "topic": view.topic if view.topic != topic else no_update,
        # Only what changes is sent: every output set costs the page a round of Dash updates.
        "topic_options": topic_options(data, view.tab, lang)
        if not isinstance(scope, dict) or view.tab != scope.get("tab") else no_update,
        "filters": filters_class(view)
        if not isinstance(scope, dict) or (view.tab == OVERVIEW) != (scope.get("tab") == OVERVIEW) else no_update,
        "notice": notice if notice != shown_notice else no_update,
        "scope": view.scope() if new_scope else no_update,
        "view": stored_view(view) if new_view else no_update,
        "detail": detail_panel(data, view, lang) if new_view else no_update,
        "breadcrumb": breadcrumb(data, view, lang) if new_view else no_update,
        "table_count": t("table", lang, count=len(shown_figure_ids(data, view))) if new_scope else no_update,
        **dict(zip(("link", "lang_link"), view_links(view, base) if new_view else (no_update, no_update))),
        "charts": [mark_patch(data, view, c, lang, subsets, narrow, shown) if shown is not None and tab == view.tab
                   else no_update for c, tab in charts],
        # A pane to render comes in this same response: one round trip before it draws.
        "panes": [view_content(data, view, lang, narrow) if tab == view.tab and shown is None else no_update
                  for tab in pane_tabs],
        # Same tab as the page shows (the scope store names it): every pane keeps its class.
        "pane_classes": [no_update] * len(pane_tabs) if isinstance(scope, dict) and scope.get("tab") == view.tab
        else [pane_class(tab == view.tab) for tab in pane_tabs],
        "panes_state": state if state != panes_state else no_update,
    }


# What a switch to a mounted pane's unfiltered view changes besides the panes' classes (sync_outputs'
# names -> component, property), in the order of assets/route.js's answer.
SWITCH_OUTPUTS = {
    "topic_options": (ids.TOPIC, "options"),
    "filters": (ids.FILTERS, "className"),
    "notice": (ids.NOTICE, "children"),
    "scope": (ids.STORE_SCOPE, "data"),
    "view": (ids.STORE_VIEW, "data"),
    "detail": (ids.DETAIL, "children"),
    "breadcrumb": (ids.BREADCRUMB, "html"),
    "table_count": (ids.TABLE_COUNT, "children"),
    "link": (ids.LINK, "value"),
    "lang_link": (ids.LANG_LINK, "href"),
}


def tab_switches(data: Dataset, view: View, narrow: bool = False, base: str = "/") -> dict:
    """The switches store of a page showing view (see _switches)."""
    return _switches(data, view.lang, view.period, narrow, base)


def _entry(data: Dataset, view: View, narrow: bool, base: str) -> dict:
    """What the page shows for view when its tab's pane is mounted with view's scope: the URLs that name
    exactly view (its canonical query, and the bare address for the default view), the pane state that
    shows it, and the sync callback's answer to it (SWITCH_OUTPUTS' values, from the same function),
    every value whole (as if nothing were shown yet): assets/route.js sets those that differ from the
    entry the page shows now."""
    query = view.query()
    out = sync_outputs(data, Step(view, True), query, [], None, None, None, [], [], {view.tab: view.as_dict()},
                       view.lang, narrow, base)
    searches = [query] + ([""] if parse_view("", data).as_dict() == view.as_dict() else [])
    return {"searches": searches, "pane": view.as_dict(), "outputs": [out[name] for name in SWITCH_OUTPUTS]}


@lru_cache(maxsize=32)  # per dataset, language, period, layout and address: every page load asks for it
def _switches(data: Dataset, lang: str, period: str | None, narrow: bool, base: str) -> dict:
    """For each tab: its unfiltered view's entry (see _entry) and the panes' classes that show it.
    assets/route.js applies an entry without a server round trip when the URL is exactly one of its
    searches and the page is in the state the entry assumes; anything else goes to sync."""
    switches = {}
    for tab in tab_ids(data):
        entry = _entry(data, checked(data, tab, (), None, None, lang, period), narrow, base)
        switches[tab] = {**entry, "classes": {other: pane_class(other == tab) for other in tab_ids(data)}}
    return switches


def tab_picks(data: Dataset, tab: str, lang: str, period: str | None, narrow: bool, base: str) -> list[dict]:
    """The picks of a tab's unfiltered view, answered in the browser (assets/route.js fetches this list
    once the tab is shown and the page is idle): the unfiltered view and the view with each of its figures
    picked, each an entry (see _entry) with, per chart of the view, the whole highlight as a Patch. A
    pick from one entry to another sets what differs between them, with no server round trip."""
    bare = checked(data, tab, (), None, None, lang, period)
    shown = view_data(data, bare)
    subsets = dict(shown_charts(shown, bare))
    picks = []
    for fid in [None, *shown_figure_ids(shown, bare)]:
        view = replace(bare, indicator=fid)
        charts = {chart: mark_patch(data, view, chart, lang, subsets, narrow).to_plotly_json() for chart in subsets}
        picks.append({**_entry(data, view, narrow, base), "charts": charts})
    return picks


def mount_outputs(data: Dataset, ask, stored: dict | None, panes_state, pane_tabs: list[str],
                  narrow: bool = False) -> tuple[list, dict]:
    """The pane asked for by assets/panes.js ({"tab": …, "n": …}), rendered out of sight with the tab's
    unfiltered view in the page's language and period; nothing for a tab already mounted or not a tab."""
    tab = ask.get("tab") if isinstance(ask, dict) else None
    current = view_from_dict(data, stored)
    if not isinstance(tab, str) or tab not in pane_tabs or tab == current.tab \
            or pane_view(data, panes_state, tab) is not None:
        return [no_update] * len(pane_tabs), no_update
    view = checked(data, tab, (), None, None, current.lang, current.period)
    content = view_content(view_data(data, view), view, view.lang, narrow)
    state = {**(panes_state if isinstance(panes_state, dict) else {}), tab: view.as_dict()}
    return [content if name == tab else no_update for name in pane_tabs], state


def download_payload(data: Dataset, trigger, scope: dict | None, lang: str) -> tuple[bytes, str] | None:
    """(file bytes, file name) of the current view's table for a download button; None otherwise."""
    view = replace(view_from_dict(data, scope), indicator=None, lang=lang)  # a pick does not narrow the table
    ext = {ids.DOWNLOAD_CSV: "csv", ids.DOWNLOAD_XLSX: "xlsx"}.get(trigger)
    return table_file(data, view, ext) if ext else None


def figure_table(data: Dataset, scope: dict | None, sort=None):
    """The table of a scope's figures, each row a link to the figure picked in that scope."""
    view = view_from_dict(data, scope)
    shown = view_data(data, view)
    return view_table(shown, shown_figure_ids(shown, view), view.lang, sort, lambda fid: pick_href(view, fid))


def register_picks(server: flask.Flask, data: Dataset) -> None:
    """GET /picks/<narrow|wide>.json?tab=…&lang=…[&period=…]: tab_picks for that tab, language, period and
    layout (assets/route.js fetches it). A query that is not a view, or another layout, gets a 400 naming
    why; other parameters of a view (a pick, filters) are ignored: the picks are of the unfiltered view."""
    from plotly.io.json import to_json_plotly

    from .server import problem_response

    @lru_cache(maxsize=64)  # per tab, language, period, layout and address: the JSON text, built once
    def body(tab: str, lang: str, period: str | None, narrow: bool, base: str) -> str:
        return to_json_plotly(tab_picks(data, tab, lang, period, narrow, base))

    @server.route("/picks/<screen>.json")
    def picks(screen: str):
        view, lang, problems = query_problems(flask.request.query_string.decode("utf-8", "replace"), data)
        if screen not in (NARROW, WIDE):
            problems = [f"layout: {screen[:40]!r} is not a layout; expected {NARROW} or {WIDE}", *problems]
        if problems:
            return problem_response(400, t("bad_picks_query", "en"), problems=problems)
        response = flask.Response(body(view.tab, view.lang, view.period, screen == NARROW, base_url()),
                                  mimetype="application/json")
        response.headers["Cache-Control"] = "no-cache"  # the data's next version must reach an open page
        return response


# --- Wiring -----------------------------------------------------------------------------------


def register(app: dash.Dash, data: Dataset) -> None:
    """The callbacks of filtering, drill-down, highlighting, links and downloads.

    Each callback takes the language from the view it handles (URL or store), never from the app."""

    chart_pattern = {"type": ids.CHART, "chart": ALL, "tab": ALL}
    pane_pattern = {"type": ids.PANE, "tab": ALL}

    @app.callback(
        Output(ids.STORE_PUSH, "data"),
        Output(ids.SECTOR, "value"),
        Output(ids.TOPIC, "value"),
        # The outputs a tab switch can change, in sync_outputs' order (route.js sets the same ones).
        *[Output(component, prop) for component, prop in SWITCH_OUTPUTS.values()],
        Output(chart_pattern, "figure"),
        Output(pane_pattern, "children"),
        Output(pane_pattern, "className"),
        Output(ids.STORE_PANES, "data"),
        Output(ids.TABLE_WRAP, "children"),
        Input(ids.STORE_ROUTE, "data"),
        Input(ids.SECTOR, "value"),
        Input(ids.TOPIC, "value"),
        Input(ids.STORE_CLICK, "data"),
        State(ids.URL, "search"),
        State(ids.STORE_SCOPE, "data"),
        State(ids.STORE_VIEW, "data"),
        State(ids.STORE_SCREEN, "data"),
        State(ids.STORE_PANES, "data"),
        State(ids.TABLE_COUNT, "n_clicks"),
        State(ids.TABLE_SORT, "data"),
        State(ids.NOTICE, "children"),
        # Not on load: the page was built for its URL, and route.js passes on one it was not built for.
        prevent_initial_call=True,
    )
    def sync(route, sectors, topic, click, search, scope, stored, screen, panes_state, table_clicks, sort,
             shown_notice):
        """URL -> controls, panel, highlight; a control or a click -> a new URL (pushed: Back undoes it).

        URL changes come through the route store: assets/route.js answers a switch to a mounted tab's
        unfiltered view itself (from the switches store, which this same code computed) and passes
        every other URL on."""
        trigger = callback_context.triggered_id
        if trigger == ids.STORE_ROUTE and isinstance(route, dict) and isinstance(route.get("search"), str):
            search = route["search"]  # the URL the route store carries (assets/route.js may pass it on before
            # the Location component has heard of it)
        value = {ids.SECTOR: sectors, ids.TOPIC: topic, ids.STORE_CLICK: click}.get(trigger)
        step = next_view(data, trigger, search, value)
        lang = step.view.lang if step else parse_view(search, data).lang
        outputs = callback_context.outputs_list
        charts = [(out["id"]["chart"], out["id"]["tab"]) for out in outputs[13]]
        pane_tabs = [out["id"]["tab"] for out in outputs[14]]
        out = sync_outputs(data, step, search, sectors, topic, scope, stored, charts, pane_tabs, panes_state,
                           lang, is_narrow(screen), base_url(), shown_notice)
        # An open table follows a new scope in the same response (a second callback would be a second trip).
        table = figure_table(data, out["scope"], sort) \
            if out["scope"] is not no_update and table_opened(table_clicks, ever=True) else no_update
        # A new URL goes out through the push store (route.js pushes it), not as the Location's search:
        # sync writing the search that route reads would make a loop of two callbacks, which Dash holds
        # back while any other callback (an export) runs.
        push = {"query": out["search"], "at": time.time()} if out["search"] is not no_update else no_update
        return (push, *list(out.values())[1:], table)

    @app.callback(
        Output(pane_pattern, "children", allow_duplicate=True),
        Output(ids.STORE_PANES, "data", allow_duplicate=True),
        Input(ids.STORE_MOUNT, "data"),
        State(ids.STORE_VIEW, "data"),
        State(ids.STORE_PANES, "data"),
        State(ids.STORE_SCREEN, "data"),
        prevent_initial_call=True,
    )
    def mount_pane(tab, stored, panes_state, screen):
        """An idle page mounts another tab's pane out of sight (assets/panes.js asks, one at a time)."""
        pane_tabs = [out["id"]["tab"] for out in callback_context.outputs_list[0]]
        return mount_outputs(data, tab, stored, panes_state, pane_tabs, is_narrow(screen))

    @app.callback(
        Output(pane_pattern, "children", allow_duplicate=True),
        Output(ids.STORE_PANES, "data", allow_duplicate=True),
        Input(ids.STORE_SCREEN, "data"),
        State(ids.STORE_VIEW, "data"),
        prevent_initial_call=True,
    )
    def relayout(screen, stored):
        """A new screen size: the view's pane in the new layout; the others are unmounted (they were
        laid out for the old one; assets/panes.js mounts them again)."""
        view = view_from_dict(data, stored)
        content = view_content(view_data(data, view), view, view.lang, is_narrow(screen))
        pane_tabs = [out["id"]["tab"] for out in callback_context.outputs_list[0]]
        return [content if tab == view.tab else None for tab in pane_tabs], {view.tab: view.as_dict()}

    @app.callback(
        Output(ids.TABLE_WRAP, "children", allow_duplicate=True),
        Input(ids.TABLE_COUNT, "n_clicks"),
        State(ids.STORE_SCOPE, "data"),
        State(ids.TABLE_SORT, "data"),
        prevent_initial_call=True,
    )
    def open_table(clicks, scope, sort):
        """The table is built when its section opens (the summary's clicks: odd is open)."""
        if not table_opened(clicks):
            return no_update
        return figure_table(data, scope, sort)

    @app.callback(
        Output(ids.TABLE_WRAP, "children", allow_duplicate=True),
        Output(ids.TABLE_SORT, "data"),
        Input({"type": ids.TABLE_SORT_BUTTON, "column": ALL}, "n_clicks"),
        State(ids.TABLE_SORT, "data"),
        State(ids.STORE_SCOPE, "data"),
        prevent_initial_call=True,
    )
    def sort_table(_clicks, sort, scope):
        """A header's sort button: that column ascending, again for descending; the rows are re-sent."""
        trigger = callback_context.triggered_id
        clicked = callback_context.triggered[0].get("value") if callback_context.triggered else None
        if not isinstance(trigger, dict) or not table_opened(clicked, ever=True):
            return no_update, no_update  # a button appearing (0 clicks), or nothing we know
        sort = next_sort(sort, trigger.get("column"))
        return figure_table(data, scope, sort), sort

    register_routes(app.server, data)
    register_picks(app.server, data)

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CSV, "n_clicks"),
        Input(ids.DOWNLOAD_XLSX, "n_clicks"),
        State(ids.STORE_SCOPE, "data"),
        prevent_initial_call=True,
    )
    def download(_csv, _xlsx, scope):
        payload = download_payload(data, callback_context.triggered_id, scope, view_from_dict(data, scope).lang)
        if payload is None:
            return no_update
        return dcc.send_bytes(payload[0], payload[1])

    app.clientside_callback(
        ClientsideFunction(namespace="route", function_name="follow"),
        Output(ids.STORE_ROUTE, "data"),
        Output(ids.PRESENT_REQUEST, "data"),
        *[Output(component, prop, allow_duplicate=True) for component, prop in SWITCH_OUTPUTS.values()],
        Output(pane_pattern, "className", allow_duplicate=True),
        Input(ids.URL, "search"),
        State(ids.STORE_SWITCHES, "data"),
        State(ids.STORE_PANES, "data"),
        State(ids.SECTOR, "value"),
        State(ids.TOPIC, "value"),
        State(ids.TABLE_COUNT, "n_clicks"),
        State(ids.STORE_VIEW, "data"),
        State(ids.PRESENT_LAYER, "hidden"),
        *[State(component, prop) for component, prop in SWITCH_OUTPUTS.values()],
        State(pane_pattern, "className"),
        prevent_initial_call="initial_duplicate",
    )

    # What assets/route.js needs for a switch or a pick made in the click itself (no callback on that path).
    app.clientside_callback(
        ClientsideFunction(namespace="route", function_name="remember"),
        Input(ids.STORE_SWITCHES, "data"),
        Input(ids.STORE_PANES, "data"),
        Input(ids.TABLE_COUNT, "n_clicks"),
        Input(ids.SECTOR, "value"),
        Input(ids.TOPIC, "value"),
        Input(ids.STORE_VIEW, "data"),
        Input(ids.STORE_SCREEN, "data"),
        *[State(component, prop) for component, prop in SWITCH_OUTPUTS.values()],
    )

    # Chart clicks reach sync through the click store: charts appearing in a mounted pane also "change"
    # the pattern's clickData (empty), and each such no-op request would replace a pick in flight.
    app.clientside_callback(
        ClientsideFunction(namespace="route", function_name="click"),
        Output(ids.STORE_CLICK, "data"),
        Input(chart_pattern, "clickData"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction(namespace="route", function_name="push"),
        Output(ids.STORE_PUSHED, "data"),
        Input(ids.STORE_PUSH, "data"),
        prevent_initial_call=True,
    )

    # The screen store follows the window (assets/screen.js); this corrects it once on load where the
    # layout was built without the screen cookie.
    app.clientside_callback(
        ClientsideFunction(namespace="screen", function_name="fit"),
        Output(ids.STORE_SCREEN, "data"),
        Input(ids.URL, "pathname"),
        State(ids.STORE_SCREEN, "data"),
    )
