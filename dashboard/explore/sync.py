"""The sync callback's logic, pure (tested without a browser): an event (URL, filter, chart click) becomes the
next checked View, and sync_outputs answers it with only what changed, each value named as the callback's
output it goes to; a pick in the same scope patches the charts' marks, a new scope renders the pane."""

from __future__ import annotations

from dataclasses import dataclass

from dash import no_update

from .. import ids
from ..data.dataset import Dataset
from ..view.selection import shown_charts
from ..view.state import OVERVIEW, View, checked, view_data, view_from_dict
from ..view.url import parse_view
from .drill import clicked_figure, mark_patch
from .facts import SWITCH_OUTPUTS, stored_view, tab_marks, view_values
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


def stored_scope(data: Dataset, stored) -> dict | None:
    """The scope of the view store's data (checked again: the browser could have altered it), None if none."""
    return view_from_dict(data, stored).scope() if isinstance(stored, dict) else None


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
                "panes_state": no_update, "tab_marks": no_update}
    view = step.view
    scope = stored_scope(data, stored)  # what the page shows now
    data = view_data(data, view)
    query = view.query()
    new_scope = view.scope() != scope
    new_view = stored_view(view) != stored
    shown = mounted_view(data, panes_state, view)  # what the view's pane shows now, if it can be reused
    notice = notice_text(view, lang) if step.from_url else ""
    subsets = dict(shown_charts(data, view))
    same_tab = isinstance(scope, dict) and scope.get("tab") == view.tab
    state = {**(panes_state if isinstance(panes_state, dict) else {}), view.tab: view.as_dict()}
    return {
        "search": no_update if step.from_url or query == search else query,
        # The controls' values come from the browser: compare, never trust their type.
        "sector": list(view.sectors) if not isinstance(sectors, (list, tuple)) or list(view.sectors) != list(sectors)
        else no_update,
        "topic": view.topic if view.topic != topic else no_update,
        # Only what changes is sent: every output set costs the page a round of Dash updates.
        **{name: view_values(data, view, name, lang, base, notice) if changed else no_update
           for name, changed in [("topic_options", not isinstance(scope, dict) or view.tab != scope.get("tab")),
                                 ("filters", not isinstance(scope, dict)
                                  or (view.tab == OVERVIEW) != (scope.get("tab") == OVERVIEW)),
                                 ("notice", notice != shown_notice), ("view", new_view), ("detail", new_view),
                                 ("breadcrumb", new_view), ("table_count", new_scope), ("link", new_view),
                                 ("lang_link", new_view)]},
        "charts": [mark_patch(data, view, c, lang, subsets, narrow, shown) if shown is not None and tab == view.tab
                   else no_update for c, tab in charts],
        # A pane to render comes in this same response: one round trip before it draws.
        "panes": [view_content(data, view, lang, narrow) if tab == view.tab and shown is None else no_update
                  for tab in pane_tabs],
        # Same tab as the page shows (the view store names it): every pane keeps its class, every tab link its mark.
        "pane_classes": [no_update] * len(pane_tabs) if same_tab else [pane_class(tab == view.tab) for tab in pane_tabs],
        "tab_marks": no_update if same_tab else tab_marks(data, view),
        "panes_state": state if state != panes_state else no_update,
    }
