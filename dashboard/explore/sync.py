"""The sync callback's logic, pure (tested without a browser): an event (URL, filter, chart click) becomes the
next checked View, and sync_outputs answers it with only what changed, each value named as the callback's
output it goes to; a pick in the same scope patches the charts' marks, a new scope renders the pane."""

from __future__ import annotations

from dataclasses import dataclass

from dash import no_update

from .. import ids
from ..data.dataset import Dataset
from ..view.selection import shown_charts, shown_figure_ids
from ..view.state import OVERVIEW, View, checked, view_data, view_from_dict
from ..view.strings import t
from ..view.url import parse_view, view_links
from .drill import breadcrumb, clicked_figure, detail_panel, mark_patch
from .filters import filters_class, topic_options
from .panes import mounted_view, pane_class, view_content
from .request import notice_text


@dataclass
class Step:
    """The view after an event; from_url means the URL was the source (so it is not written back)."""

    view: View
    from_url: bool


def next_view(data: Dataset, trigger, search, value) -> Step | None:
    """Turn one event into the next view; None when the event changes nothing (an empty click)."""
    current = parse_view(search, data)
    if trigger == ids.SECTOR:
        return Step(checked(data, current.tab, value or (), current.topic, current.indicator, current.lang,
                            current.period), False)
    if trigger == ids.TOPIC:
        return Step(checked(data, current.tab, current.sectors, value, current.indicator, current.lang,
                            current.period), False)
    if trigger == ids.STORE_REQUEST:  # a request that is not a URL: {"click": a chart's clickData, "at": …}
        fid = clicked_figure(value.get("click") if isinstance(value, dict) else None)
        if fid is None:
            return None
        return Step(checked(data, current.tab, current.sectors, current.topic, fid, current.lang, current.period), False)
    return Step(current, True)


def stored_view(view: View) -> dict:
    """The view store's data: the view plus its canonical query (the copy-link field shows it)."""
    return {**view.as_dict(), "query": view.query()}


def stored_scope(data: Dataset, stored) -> dict | None:
    """The scope of the view store's data (checked again: the browser could have altered it), None if none."""
    return view_from_dict(data, stored).scope() if isinstance(stored, dict) else None


# What a switch to a mounted pane's unfiltered view changes besides the panes' classes: sync_outputs' names
# -> (component, property). The switch and pick entries carry these values named "component.property".
SWITCH_OUTPUTS = {
    "topic_options": (ids.TOPIC, "options"),
    "filters": (ids.FILTERS, "className"),
    "notice": (ids.NOTICE, "children"),
    "view": (ids.STORE_VIEW, "data"),
    "detail": (ids.DETAIL, "children"),
    "breadcrumb": (ids.BREADCRUMB, "html"),
    "table_count": (ids.TABLE_COUNT, "children"),
    "link": (ids.LINK, "value"),
    "lang_link": (ids.LANG_LINK, "href"),
}


def sync_outputs(data: Dataset, step: Step | None, search, sectors, topic, stored: dict | None, charts: list[tuple[str, str]], pane_tabs: list[str], panes_state,
                 lang: str, narrow: bool = False, base: str = "/", shown_notice=None) -> dict:
    """Each output of the sync callback, by name: the new value, or no_update where nothing changed.

    charts are the (chart, tab) of the graphs on the page when the event happened, pane_tabs the tab
    panes. The view's pane is shown; if it is mounted with the view's scope, its charts are patched
    where their marks differ from what the pane shows (a tab switch to a mounted pane sends nothing
    else), otherwise the pane is rendered again, with the highlight built in (a patch sent to its
    old graphs could land on a graph that is gone)."""
    names = ("search", "sector", "topic", *SWITCH_OUTPUTS)
    if step is None:
        return {**dict.fromkeys(names, no_update), "charts": [no_update] * len(charts),
                "panes": [no_update] * len(pane_tabs), "pane_classes": [no_update] * len(pane_tabs),
                "panes_state": no_update}
    view = step.view
    scope = stored_scope(data, stored)  # what the page shows now
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
        # Same tab as the page shows (the view store names it): every pane keeps its class.
        "pane_classes": [no_update] * len(pane_tabs) if isinstance(scope, dict) and scope.get("tab") == view.tab
        else [pane_class(tab == view.tab) for tab in pane_tabs],
        "panes_state": state if state != panes_state else no_update,
    }
