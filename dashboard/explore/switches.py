"""The sync callback's answers computed in advance, for assets/route.js to apply in the browser without a round
trip: a switch to each tab's unfiltered view (the switches store) and each pick on it (GET /picks/*.json).
Every value is named by the "component.property" it sets, from the same sync_outputs the server runs."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import flask

from ..data.dataset import Dataset
from ..view.selection import shown_charts, shown_figure_ids
from ..view.state import View, checked, tab_ids, view_data
from ..view.strings import t
from ..view.url import parse_view, query_problems
from .drill import mark_patch
from .panes import pane_class
from .request import NARROW, WIDE, base_url
from .sync import SWITCH_OUTPUTS, Step, sync_outputs

# The name each switch output's value carries in an entry, as route.js sets it.
SWITCH_NAMES = {name: f"{component}.{prop}" for name, (component, prop) in SWITCH_OUTPUTS.items()}


def tab_switches(data: Dataset, view: View, narrow: bool = False, base: str = "/") -> dict:
    """The switches store of a page showing view (see _switches)."""
    return _switches(data, view.lang, view.period, narrow, base)


def _entry(data: Dataset, view: View, narrow: bool, base: str) -> dict:
    """What the page shows for view when its tab's pane is mounted with view's scope: the URLs that name
    exactly view (its canonical query, and the bare address for the default view), the pane state that
    shows it, and the sync callback's answer to it (SWITCH_OUTPUTS, from the same function, keyed by
    "component.property"), every value whole (as if nothing were shown yet): assets/route.js sets those
    that differ from the entry the page shows now."""
    query = view.query()
    out = sync_outputs(data, Step(view, True), query, [], None, None, [], [], {view.tab: view.as_dict()},
                       view.lang, narrow, base)
    searches = [query] + ([""] if parse_view("", data).as_dict() == view.as_dict() else [])
    return {"searches": searches, "pane": view.as_dict(),
            "outputs": {key: out[name] for name, key in SWITCH_NAMES.items()}}


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


def register_picks(server: flask.Flask, data: Dataset) -> None:
    """GET /picks/<narrow|wide>.json?tab=…&lang=…[&period=…]: tab_picks for that tab, language, period and
    layout (assets/route.js fetches it). A query that is not a view, or another layout, gets a 400 naming
    why; other parameters of a view (a pick, filters) are ignored: the picks are of the unfiltered view."""
    from plotly.io.json import to_json_plotly

    from ..server import problem_response

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
