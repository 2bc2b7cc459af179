"""The page's callbacks and the stores they pass state through. Every server callback's outputs are named
(Dash's flexible signature: a dict of Outputs, answered with a dict of the same names), never matched by
position; the clientside ones (assets/route.js) find a value by its "component.property"."""

from __future__ import annotations

import dash
from dash import ALL, ClientsideFunction, Input, Output, State, callback_context, dcc, no_update

from .. import ids
from ..data.dataset import Dataset
from ..table import download_payload, figure_table, next_sort, register_routes, table_opened
from ..markup import dom_id
from ..view.selection import shown_charts
from ..view.state import View, tab_ids, view_data, view_from_dict
from ..view.url import parse_view
from .panes import mount_outputs, pane_view, relayout_outputs
from .request import NARROW, WIDE, asked_narrow, base_url
from .facts import SWITCH_OUTPUTS, stored_view
from .sync import next_view, stored_scope, sync_outputs

SCREENS = (NARROW, WIDE)

# Where each value of a sync answer goes, by sync_outputs' name (the table follows a new scope when open); the
# charts, panes and their classes go to pattern ids (named). Set in this order: the view store before the
# filters (whose callback compares them), the panes before their charts.
SYNC_OUTPUTS = {
    "view": (ids.STORE_VIEW, "data"),
    "panes_state": (ids.STORE_PANES, "data"),
    "sector": (ids.SECTOR, "value"),
    "topic": (ids.TOPIC, "value"),
    **{name: target for name, target in SWITCH_OUTPUTS.items() if name != "view"},
    "table": (ids.TABLE_WRAP, "children"),
}


def answer(out: dict, tabs: list[str], charts: list[tuple[str, str]], **fields) -> dict:
    """An answer as the push store carries it to assets/route.js: every value to set, named
    "component-id.property" (a pattern id as the JSON Dash writes in the DOM), those not to change left out; the
    fields say what it answers (n, the request's number, makes every answer a change the store passes on)."""
    values = {f"{component}.{prop}": out[name] for name, (component, prop) in SYNC_OUTPUTS.items() if name in out}
    values.update({f"{dom_id(ids.pane(tab))}.children": pane for tab, pane in zip(tabs, out.get("panes", ()))})
    values.update({f"{dom_id(ids.pane(tab))}.className": c for tab, c in zip(tabs, out.get("pane_classes", ()))})
    values.update({f"{dom_id(ids.chart(chart, tab))}.figure": patch
                   for (chart, tab), patch in zip(charts, out.get("charts", ()))})
    marks = out.get("tab_marks", no_update)  # facts.tab_marks: named already
    values.update({} if marks is no_update else marks)
    return {**fields, "set": {name: value for name, value in values.items() if value is not no_update}}


def number(asked: dict) -> int | None:
    """A request's number (route.js counts them), echoed in its answer; anything else is no number."""
    n = asked.get("n")
    return n if isinstance(n, int) and not isinstance(n, bool) else None


def stores(view: View) -> list[dcc.Store]:
    """The stores the callbacks pass state through, as a page showing view starts them. The screen has none:
    each request to sync says it (assets/route.js), else the cookie does (request.asked_narrow)."""
    return [
        dcc.Store(id=ids.STORE_VIEW, data=stored_view(view)),
        dcc.Store(id=ids.STORE_PANES, data={view.tab: view.as_dict()}),
        dcc.Store(id=ids.STORE_REQUEST),
        dcc.Store(id=ids.STORE_MOUNT),
        dcc.Store(id=ids.STORE_PUSH),
    ]


def register(app: dash.Dash, data: Dataset) -> None:
    """The callbacks of filtering, drill-down, highlighting, links and downloads.

    Each callback takes the language from the view it handles (URL or store), never from the app."""

    tabs = tab_ids(data)

    @app.callback(
        Output(ids.STORE_PUSH, "data"),
        Input(ids.STORE_REQUEST, "data"),
        State(ids.SECTOR, "value"),
        State(ids.TOPIC, "value"),
        State(ids.STORE_VIEW, "data"),
        State(ids.STORE_PANES, "data"),
        State(ids.TABLE_COUNT, "n_clicks"),
        State(ids.TABLE_SORT, "data"),
        State(ids.NOTICE, "children"),
        # Not on load: the page was built for its URL, and route.js passes on one it was not built for.
        prevent_initial_call=True,
    )
    def sync(request, sectors, topic, stored, panes_state, table_clicks, sort, shown_notice):
        """URL -> controls, panel, highlight; a control or a click -> a new URL (pushed: Back undoes it).

        Every event that route.js does not show itself (from the panes' facts: explore/facts.py) comes through the
        request store: a URL ({search}), a filter's new value ({sector} or {topic}), a chart's click ({click}), a
        new screen size ({relayout}: assets/boot.js). Each says its screen ("narrow" or "wide"), the layout its
        charts take. The answer goes to route.js through the push store, which sets each value by its name."""
        asked = request if isinstance(request, dict) else {}
        narrow = asked_narrow(asked)
        if "relayout" in asked:  # the panes alone change
            return answer(relayout_outputs(data, stored, tabs, narrow), tabs, [], n=number(asked), query=None)
        trigger, value = ids.STORE_REQUEST, request  # a chart's click, or nothing we know
        search = stored.get("query") if isinstance(stored, dict) else None  # the view the page shows
        if isinstance(asked.get("search"), str):
            trigger, search = ids.URL, asked["search"]  # a new address (a link, Back, Forward)
        elif "sector" in asked or "topic" in asked:
            trigger = ids.SECTOR if "sector" in asked else ids.TOPIC
            value = asked.get("sector") if trigger == ids.SECTOR else asked.get("topic")
        step = next_view(data, trigger, search, value)
        lang = step.view.lang if step else parse_view(search, data).lang
        # The charts of the view's pane, if mounted (sync_outputs patches their marks when it shows the view's scope)
        shown = pane_view(data, panes_state, step.view.tab) if step else None
        charts = [(chart, shown.tab) for chart, _ in shown_charts(view_data(data, shown), shown)] if shown else []
        out = sync_outputs(data, step, search, sectors, topic, stored, charts, tabs, panes_state, lang, narrow,
                           base_url(), shown_notice)
        # An open table follows a new scope in the same response (a second callback would be a second trip).
        new_scope = step is not None and step.view.scope() != stored_scope(data, stored)
        out["table"] = figure_table(data, step.view.scope(), sort) \
            if new_scope and table_opened(table_clicks, ever=True) else no_update
        # The URL to push goes to route.js with the answer. Not as the Location's search: sync writing the search
        # that route reads would make a loop of two callbacks, which Dash holds back while any other callback runs.
        query = out.pop("search")
        return answer(out, tabs, charts, n=number(asked), query=query if query is not no_update else None)

    # The answer goes back into the mount store (a callback may write its own input): into the push store, it
    # could land in the same moment as a sync answer, and route.js would be called once, for the later one.
    @app.callback(
        Output(ids.STORE_MOUNT, "data"),
        Input(ids.STORE_MOUNT, "data"),
        State(ids.STORE_VIEW, "data"),
        State(ids.STORE_PANES, "data"),
        prevent_initial_call=True,
    )
    def mount(request, stored, panes_state):
        """Another tab's pane, mounted out of sight when the page is idle (mountNext in assets/route.js asks: {mount: tab}).
        Its own store and callback: it never takes the place of a reader's request, nor waits for one."""
        asked = request if isinstance(request, dict) and "set" not in request else {}  # not its own answer
        out = mount_outputs(data, asked.get("mount"), stored, panes_state, tabs, asked_narrow(asked))
        tab, screen = asked.get("mount"), asked.get("screen")  # echoed only when they are a tab and a screen
        return answer(out, tabs, [], n=number(asked), mount=tab if tab in tabs else None,
                      screen=screen if screen in SCREENS else None)

    @app.callback(
        Output(ids.TABLE_WRAP, "children", allow_duplicate=True),
        Input(ids.TABLE_COUNT, "n_clicks"),
        State(ids.STORE_VIEW, "data"),
        State(ids.TABLE_SORT, "data"),
        prevent_initial_call=True,
    )
    def open_table(clicks, stored, sort):
        """The table is built when its section opens (the summary's clicks: odd is open)."""
        if not table_opened(clicks):
            return no_update
        return figure_table(data, stored_scope(data, stored), sort)

    @app.callback(
        output={"table": Output(ids.TABLE_WRAP, "children", allow_duplicate=True),
                "sort": Output(ids.TABLE_SORT, "data")},
        inputs=[Input({"type": ids.TABLE_SORT_BUTTON, "column": ALL}, "n_clicks")],
        state=[State(ids.TABLE_SORT, "data"), State(ids.STORE_VIEW, "data")],
        prevent_initial_call=True,
    )
    def sort_table(_clicks, sort, stored):
        """A header's sort button: that column ascending, again for descending; the rows are re-sent."""
        trigger = callback_context.triggered_id
        clicked = callback_context.triggered[0].get("value") if callback_context.triggered else None
        if not isinstance(trigger, dict) or not table_opened(clicked, ever=True):
            return {"table": no_update, "sort": no_update}  # a button appearing (0 clicks), or nothing we know
        sort = next_sort(sort, trigger.get("column"))
        return {"table": figure_table(data, stored_scope(data, stored), sort), "sort": sort}

    register_routes(app.server, data)

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CSV, "n_clicks"),
        Input(ids.DOWNLOAD_XLSX, "n_clicks"),
        State(ids.STORE_VIEW, "data"),
        prevent_initial_call=True,
    )
    def download(_csv, _xlsx, stored):
        scope = stored_scope(data, stored)
        payload = download_payload(data, callback_context.triggered_id, scope, view_from_dict(data, scope).lang)
        if payload is None:
            return no_update
        return dcc.send_bytes(payload[0], payload[1])

    # What assets/route.js needs to show a URL the panes' facts name (no callback on that path).
    app.clientside_callback(
        ClientsideFunction(namespace="route", function_name="remember"),
        Input(ids.STORE_PANES, "data"),
        Input(ids.TABLE_COUNT, "n_clicks"),
        Input(ids.SECTOR, "value"),
        Input(ids.TOPIC, "value"),
        Input(ids.STORE_VIEW, "data"),
    )

    # A filter the reader changed reaches sync through the request store too (not when an answer set it).
    app.clientside_callback(
        ClientsideFunction(namespace="route", function_name="filter"),
        Output(ids.STORE_REQUEST, "data", allow_duplicate=True),
        Input(ids.SECTOR, "value"),
        Input(ids.TOPIC, "value"),
        State(ids.STORE_VIEW, "data"),
        prevent_initial_call=True,
    )

    # Chart clicks reach sync through the request store: charts appearing in a mounted pane also "change"
    # the pattern's clickData (empty), and each such no-op request would replace a pick in flight.
    app.clientside_callback(
        ClientsideFunction(namespace="route", function_name="click"),
        Output(ids.STORE_REQUEST, "data", allow_duplicate=True),
        Input({"type": ids.CHART, "chart": ALL, "tab": ALL}, "clickData"),
        prevent_initial_call=True,
    )

    # No output: an answer's values are set by name (set_props). A mount's comes back in the mount store.
    for store in (ids.STORE_PUSH, ids.STORE_MOUNT):
        app.clientside_callback(
            ClientsideFunction(namespace="route", function_name="answer"),
            Input(store, "data"),
            prevent_initial_call=True,
        )
