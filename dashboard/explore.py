"""Filters, drill-down, the detail panel and the view table: the interactive layer over the tab layouts.

State lives in the URL (urlstate). One callback turns every event (URL change, tab, sector,
topic, chart click) into a checked View and answers, in the same round trip, only what changed:
  - a new scope (tab, sectors, topic) -> the scope store, whose callback renders cards, charts, table;
  - a new pick in the same scope     -> detail panel, breadcrumb, and a Patch of each chart's
                                        opacities and outlines (figures are never resent).
KPI cards, breadcrumb steps and "other figures" are plain dcc.Links to view URLs, so they work
without a callback, open in a new browser tab, and Back steps through them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import dash
import flask
from dash import ALL, ClientsideFunction, Input, Output, Patch, State, callback_context, dcc, html, no_update

from . import ids
from .charts import cached_chart
from .figures import apply_updates, highlight_updates
from .i18n import t
from .loading import Dataset
from .periods import history_steps
from .table import DEFAULT_SORT, next_sort, register_routes, table_file, view_table
from .urlstate import (MAX_QUERY, OVERVIEW, View, area_topics, breadcrumb_steps, chart_figure_ids, chart_summary,
                       checked, figure_facts, figure_text, mark_of, parse_view, pick_href, same_topic, shown_cards, shown_charts,
                       shown_figure_ids, tab_links, topic_label, view_data,
                       view_from_dict)
from .views import chart_graph, kpi_card


# --- Filters ------------------------------------------------------------------------------------


def topic_options(data: Dataset, tab: str, lang: str) -> list[dict]:
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


def controls(data: Dataset, lang: str, view: View | None = None) -> html.Div:
    """Sector filter (overview), topic filter (area tabs), breadcrumb and the copy-link field, set to view."""
    view = view or View()
    return html.Div(
        id=ids.FILTERS,
        className=filters_class(view),
        children=[
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
            html.Div(
                className="share",
                children=[
                    html.Label(t("view_link", lang), htmlFor=ids.LINK, className="sr-only"),
                    dcc.Input(id=ids.LINK, type="text", readOnly=True, value="", className="view-link"),
                    dcc.Clipboard(id=ids.COPY_LINK, target_id=ids.LINK, children=t("copy_link", lang),
                                  copied_children=t("copied", lang), className="copy-link", title=t("copy_link", lang)),
                ],
            ),
            html.Nav(id=ids.BREADCRUMB, className="breadcrumb", children=breadcrumb(data, view, lang),
                     **{"aria-label": t("breadcrumb", lang)}),
        ],
    )


def filters_class(view: View) -> str:
    """The sector filter shows on the overview, the topic filter on area tabs (CSS keys on this)."""
    return f"filters {'on-overview' if view.tab == OVERVIEW else 'on-area'}"


def detail_aside(data: Dataset, view: View, lang: str) -> html.Aside:
    """The drawer that holds the detail panel (empty, hence hidden, without a selected figure)."""
    return html.Aside(detail_panel(data, view, lang), id=ids.DETAIL, className="detail",
                      **{"aria-live": "polite", "aria-label": t("detail", lang)})


def card_link(data: Dataset, view: View, figure_id: str, lang: str) -> dcc.Link:
    """A KPI card that drills into its figure: a real link to the view with that indicator."""
    return dcc.Link(
        kpi_card(data, figure_id, lang, show_area=view.tab == OVERVIEW),
        href=pick_href(view, figure_id),
        className="kpi-link",
    )


def figure_links(data: Dataset, view: View, figure_ids, lang: str) -> html.Ul:
    """One link per figure of a chart: the keyboard's and screen reader's way to drill into a mark.

    Visually hidden until focused (style.css), so the chart looks as it does to a mouse."""
    return html.Ul(
        [html.Li(dcc.Link(figure_text(data, fid, lang), href=pick_href(view, fid))) for fid in figure_ids],
        className="figure-links",
        **{"aria-label": t("figure_links", lang)},
    )


def view_content(data: Dataset, view: View, lang: str, narrow: bool = False) -> html.Div:
    """Cards and charts of a view; each graph has a pattern id (clicks, highlight patches) inside a
    wrapper that keeps the graph-<chart> id of the foundation and holds the chart's figure links."""
    graphs = []
    for chart_id, subset in shown_charts(data, view):
        graph = chart_graph(data, chart_id, marked_figure(data, view, chart_id, subset, lang, narrow), lang)
        # The SVG has no accessible name: the cell is a figure named by a summary of the chart.
        # The links come first: Tab reaches a chart's figures before its Plotly toolbar.
        graphs.append(html.Div([figure_links(data, view, chart_figure_ids(data, chart_id, subset), lang), graph],
                               id=ids.graph(chart_id), className="chart-cell", role="figure",
                               **{"aria-label": chart_summary(data, chart_id, lang, subset)}))
    cards = [card_link(data, view, fid, lang) for fid in shown_cards(data, view)]
    return html.Div(
        className=f"view view-{view.tab}",  # not "tab": dcc.Tabs styles that class (centred, padded)
        children=[
            html.Section(cards, className="kpis", **{"aria-label": t("headline_figures", lang)}) if cards else None,
            html.Section(graphs, className="charts", **{"aria-label": t("charts_label", lang)}),
        ],
    )


def table_section(data: Dataset, view: View, lang: str) -> html.Details:
    """The view's figures as a sortable table, with CSV and Excel downloads of exactly those rows."""
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
            # Empty until first opened: the page does not carry rows nobody reads.
            html.Div(id=ids.TABLE_WRAP),
            dcc.Store(id=ids.TABLE_SORT, data=DEFAULT_SORT),
        ],
    )


def detail_panel(data: Dataset, view: View, lang: str) -> list | None:
    """Everything about the selected figure; None (panel hidden) without one."""
    if not view.indicator:
        return None
    row = data.figure(view.indicator)
    others = [
        html.Li(dcc.Link([html.Span(o[f"label_{lang}"]), " ", html.B(o[f"display_{lang}"])], href=pick_href(view, fid)))
        for fid in same_topic(data, view.indicator) for o in [data.figure(fid)]
    ]
    facts = figure_facts(data, view.indicator, lang)
    return [
        html.Div(
            className="detail-head",
            # a11y.js moves focus to the close link when this figure changes (and back when it closes).
            **{"data-figure": view.indicator},
            children=[
                html.H2(t("detail", lang), className="detail-kicker"),
                # dcc.Link takes no aria-label: the × is hidden from screen readers, which read the word.
                dcc.Link([html.Span("×", **{"aria-hidden": "true"}), html.Span(t("close", lang), className="sr-only")],
                         href=pick_href(view, None), className="detail-close", title=t("close", lang)),
            ],
        ),
        # The way back up stays in sight beside the panel, wherever the pick was made on the page.
        html.Ol([html.Li(dcc.Link(text, href=href) if href else html.Span(text))
                 for text, href in breadcrumb_steps(data, view, lang)], className="detail-trail"),
        html.H3(row[f"label_{lang}"], className="detail-label"),
        html.Div(row[f"display_{lang}"], className="detail-value", title=t("published_as", lang)),
        html.Dl([part for term, value in facts for part in (html.Dt(term), html.Dd(value))], className="detail-facts"),
        html.Figure(
            className="detail-quote",
            children=[html.Blockquote(row["source_quote"], lang="zh"),
                      html.Figcaption(f"{t('quote', lang)} · {data.sources.at[row['source_org'], f'short_{lang}']}"),
                      # English readers get the quote in English too, marked as a translation, never as the source.
                      html.P([html.Span(t("translation", lang) + ": "), row.get("quote_en", "")],
                             className="detail-translation") if lang == "en" and row.get("quote_en") else None],
        ),
        *history_section(data, row, lang),
        html.H4(t("same_topic", lang)),
        html.Ul(others, className="detail-others") if others else html.P(t("no_other", lang)),
    ]


def history_section(data: Dataset, row, lang: str) -> list:
    """Every period of the figure, each with its own quote, and the change computed between them."""
    steps = history_steps(data, row["indicator"], lang)
    if len(steps) < 2:
        return []
    items = [html.Li([html.B(f"{s['period']} "), html.Span(s["display"]),
                      html.Span(f" · {s['change']}", className="detail-change") if s["change"] else None,
                      html.Blockquote(s["quote"], lang="zh", className="detail-history-quote")])
             for s in steps]
    return [html.H4(t("history", lang)), html.Ol(items, className="detail-history"),
            html.P(t("history_note", lang), className="detail-history-note")]


def breadcrumb(data: Dataset, view: View, lang: str) -> html.Ol:
    """Overview or area › topic › figure; every step but the last is a link one level up."""
    steps = breadcrumb_steps(data, view, lang)
    items = [html.Li(dcc.Link(text, href=href)) for text, href in steps[:-1]]
    items.append(html.Li(html.Span(steps[-1][0], **{"aria-current": "page"})))
    return html.Ol(items)


def requested_view(data: Dataset) -> View:
    """The view of the page that requested the layout (its Referer), or the overview outside a request.

    Only the query is used, through parse_view, so a hostile Referer is as harmless as a hostile URL.
    The notice about ignored values is left to the sync callback, which reads the real address bar."""
    if not flask.has_request_context():
        return View()
    referrer = flask.request.referrer or ""
    view = parse_view(urlsplit(referrer).query if len(referrer) <= 2 * MAX_QUERY else "", data)
    view.ignored = []
    return view


# The screen store's words, as assets/screen.js writes them (in the store and in the cookie).
SCREEN_COOKIE = "screen"
NARROW, WIDE = "narrow", "wide"


def requested_narrow() -> bool:
    """Whether the page asking for its layout is phone-sized: assets/screen.js keeps a cookie saying so
    (it runs before Dash asks for the layout), so a phone's first paint already has phone charts."""
    return flask.has_request_context() and is_narrow(flask.request.cookies.get(SCREEN_COOKIE))


def is_narrow(screen) -> bool:
    """The screen store's value (browser-sent: anything but the one known word means wide)."""
    return screen == NARROW


def stores(view: View, narrow: bool = False) -> list[dcc.Store]:
    return [
        dcc.Store(id=ids.STORE_VIEW, data=stored_view(view)),
        dcc.Store(id=ids.STORE_SCOPE, data=view.scope()),
        dcc.Store(id=ids.STORE_SCREEN, data=NARROW if narrow else WIDE),
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


def is_chart(trigger) -> bool:
    return isinstance(trigger, dict) and trigger.get("type") == ids.CHART


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
    if is_chart(trigger):
        fid = clicked_figure(value)
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


def tab_nav(data: Dataset, view: View) -> list[html.A]:
    """The tab bar's links, the current one marked. assets/nav.js follows them without a page load (as
    dcc.Link does, which cannot carry aria-current) and moves the mark as the URL changes, in place, so
    keyboard focus stays on the link; without scripts they are ordinary links."""
    return [html.A(label, href=href, id=f"tab-{tab}", className="tab tab--selected" if current else "tab",
                   **{"data-nav": "1", **({"aria-current": "page"} if current else {})})
            for tab, label, href, current in tab_links(data, view)]


def sync_outputs(data: Dataset, step: Step | None, search, sectors, topic, scope: dict | None,
                 stored: dict | None, chart_ids: list[str], lang: str, narrow: bool = False) -> dict:
    """Each output of the sync callback: the new value, or no_update where nothing changed.

    chart_ids are the graphs on the page when the event happened. They are patched only when the
    scope is unchanged; after a scope change they are about to be replaced (a patch sent to them
    could land on a graph that is gone), and the new ones come with the highlight built in."""
    names = ("search", "sector", "topic", "topic_options", "filters", "notice", "scope", "view",
             "detail", "breadcrumb", "content")
    if step is None:
        return {**dict.fromkeys(names, no_update), "charts": [no_update] * len(chart_ids)}
    view = step.view
    data = view_data(data, view)
    query = view.query()
    new_scope = view.scope() != scope
    new_view = stored_view(view) != stored
    subsets = dict(shown_charts(data, view))
    on_screen = view_from_dict(data, stored)  # what the charts show now: a patch only where that differs
    return {
        "search": no_update if step.from_url or query == search else query,
        # The controls' values come from the browser: compare, never trust their type.
        "sector": list(view.sectors) if not isinstance(sectors, (list, tuple)) or list(view.sectors) != list(sectors)
        else no_update,
        "topic": view.topic if view.topic != topic else no_update,
        "topic_options": topic_options(data, view.tab, lang)
        if step.from_url or not isinstance(scope, dict) or view.tab != scope.get("tab") else no_update,
        "filters": filters_class(view),
        "notice": notice_text(view, lang) if step.from_url else "",
        "scope": view.scope() if new_scope else no_update,
        "view": stored_view(view) if new_view else no_update,
        "detail": detail_panel(data, view, lang) if new_view else no_update,
        "breadcrumb": breadcrumb(data, view, lang) if new_view else no_update,
        # A new scope's cards and charts come in this same response: one round trip before they draw.
        "content": view_content(data, view, lang, narrow) if new_scope else no_update,
        "charts": [mark_patch(data, view, c, lang, subsets, narrow, on_screen) for c in chart_ids]
        if new_view and not new_scope else [no_update] * len(chart_ids),
    }


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


# --- Wiring -----------------------------------------------------------------------------------


def register(app: dash.Dash, data: Dataset) -> None:
    """The callbacks of filtering, drill-down, highlighting, links and downloads.

    Each callback takes the language from the view it handles (URL or store), never from the app."""

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.SECTOR, "value"),
        Output(ids.TOPIC, "value"),
        Output(ids.TOPIC, "options"),
        Output(ids.FILTERS, "className"),
        Output(ids.NOTICE, "children"),
        Output(ids.STORE_SCOPE, "data"),
        Output(ids.STORE_VIEW, "data"),
        Output(ids.DETAIL, "children"),
        Output(ids.BREADCRUMB, "children"),
        Output(ids.CONTENT, "children"),
        Output({"type": ids.CHART, "chart": ALL}, "figure"),
        Input(ids.URL, "search"),
        Input(ids.SECTOR, "value"),
        Input(ids.TOPIC, "value"),
        Input({"type": ids.CHART, "chart": ALL}, "clickData"),
        State(ids.STORE_SCOPE, "data"),
        State(ids.STORE_VIEW, "data"),
        State(ids.STORE_SCREEN, "data"),
    )
    def sync(search, sectors, topic, clicks, scope, stored, screen):
        """URL -> controls, panel, highlight; a control or a click -> a new URL (pushed: Back undoes it)."""
        trigger = callback_context.triggered_id
        if is_chart(trigger):
            value = callback_context.triggered[0]["value"]
        else:
            value = {ids.SECTOR: sectors, ids.TOPIC: topic}.get(trigger)
        step = next_view(data, trigger, search, value)
        lang = step.view.lang if step else parse_view(search, data).lang
        chart_ids = [out["id"]["chart"] for out in callback_context.outputs_list[-1]]
        return tuple(sync_outputs(data, step, search, sectors, topic, scope, stored, chart_ids, lang,
                                  is_narrow(screen)).values())

    @app.callback(
        Output(ids.CONTENT, "children", allow_duplicate=True),
        Output(ids.TABLE_WRAP, "children"),
        Output(ids.TABLE_COUNT, "children"),
        Input(ids.STORE_SCOPE, "data"),
        Input(ids.STORE_SCREEN, "data"),
        State(ids.STORE_VIEW, "data"),
        State(ids.TABLE_COUNT, "n_clicks"),
        State(ids.TABLE_SORT, "data"),
        prevent_initial_call=True,
    )
    def render_scope(scope, screen, stored, table_clicks, sort):
        """New scope or screen size: cards and charts (cached figures, highlight baked in: the sync
        callback already sent them for a new scope it made), the table count and, once opened, the table."""
        view = view_from_dict(data, stored)
        if view.scope() != scope:  # not expected (both stores are written together); trust the scope
            view = view_from_dict(data, scope)
        shown = view_data(data, view)
        figure_ids = shown_figure_ids(shown, view)
        lang = view.lang
        table = figure_table(data, view.scope(), sort) if table_opened(table_clicks, ever=True) else no_update
        sent = callback_context.triggered_id == ids.STORE_SCOPE  # the sync callback sent them with the scope
        return (no_update if sent else view_content(shown, view, lang, is_narrow(screen)),
                table, t("table", lang, count=len(figure_ids)))

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

    # The screen store follows the window (assets/screen.js); this corrects it once on load where the
    # layout was built without the screen cookie.
    app.clientside_callback(
        ClientsideFunction(namespace="screen", function_name="fit"),
        Output(ids.STORE_SCREEN, "data"),
        Input(ids.URL, "pathname"),
        State(ids.STORE_SCREEN, "data"),
    )

    # The link field shows the canonical URL of the view (not whatever was typed), built in the browser.
    app.clientside_callback(
        "function(stored){return window.location.origin + window.location.pathname + ((stored && stored.query) || '');}",
        Output(ids.LINK, "value"),
        Input(ids.STORE_VIEW, "data"),
    )
