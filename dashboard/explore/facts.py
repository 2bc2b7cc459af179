"""What a tab pane holds so that the browser can show a pick or a switch on it without asking the server: for its
view and each figure it shows, the value of every region a switch or a pick changes (SWITCH_OUTPUTS, named
"component.property"), and the marks its charts take (the pick's topic and figure, the figures' topics and
marks.LOOK). Made by the same functions that make the server's answers; assets/route.js reads it from the
pane's data-facts and sets what differs."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from plotly.io.json import to_json_plotly

from .. import ids
from ..data.dataset import Dataset
from ..figures.marks import LOOK
from ..view.selection import chart_figure_ids, mark_of, shown_charts, shown_figure_ids
from ..view.state import View, tab_ids, view_data
from ..view.strings import t
from ..view.url import parse_view, view_links
from .drill import breadcrumb, detail_panel
from .filters import filters_class, topic_options
from .request import base_url

# What a switch to a mounted pane's view, or a pick on it, changes besides the panes and the charts' marks:
# the sync callback's output names -> (component, property).
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


def stored_view(view: View) -> dict:
    """The view store's data: the view plus its canonical query (the copy-link field shows it)."""
    return {**view.as_dict(), "query": view.query()}


def tab_mark(current: bool) -> dict:
    """A tab link's mark: the current tab's class and aria-current, or the others'."""
    return {"className": "tab tab--selected" if current else "tab", "aria-current": "page" if current else None}


def tab_marks(data: Dataset, view: View) -> dict:
    """The tab bar's marks for view, named "component-id.property" (set on the links themselves: focus stays)."""
    return {f"{ids.tab_link(tab)}.{prop}": value
            for tab in tab_ids(data) for prop, value in tab_mark(tab == view.tab).items()}


def view_values(data: Dataset, view: View, name: str, lang: str, base: str, notice: str = ""):
    """The whole value of one switch output (SWITCH_OUTPUTS' name) for a page showing view."""
    if name == "topic_options":
        return topic_options(data, view.tab, lang)
    if name == "filters":
        return filters_class(view)
    if name == "notice":
        return notice
    if name == "view":
        return stored_view(view)
    if name == "detail":
        return detail_panel(data, view, lang)
    if name == "breadcrumb":
        return breadcrumb(data, view, lang)
    if name == "table_count":
        return t("table", lang, count=len(shown_figure_ids(data, view)))
    return view_links(view, base)[0 if name == "link" else 1]


@lru_cache(maxsize=128)  # per dataset, scope and address: every pane of a scope holds the same, whatever its pick
def pane_facts(data: Dataset, bare: View, base: str, classes: tuple[str, str]) -> str:
    """The facts of a pane showing the scope of bare (a view without a pick), as JSON: its picks (the unfiltered
    pick first, then one per figure the view shows), each with the URLs that name it, its pane state, its marks
    and its outputs; the topics of the figures its charts draw; the marks' look; the pane classes (shown,
    hidden); the tab bar's marks."""
    shown = view_data(data, bare)
    default = parse_view("", data).as_dict()
    picks = []
    for fid in [None, *shown_figure_ids(shown, bare)]:
        pick = replace(bare, indicator=fid)
        topic, selected = mark_of(shown, pick)
        picks.append({
            "searches": [pick.query()] + ([""] if pick.as_dict() == default else []),
            "pane": pick.as_dict(), "topic": topic, "selected": selected,
            "outputs": {f"{component}.{prop}": view_values(shown, pick, name, pick.lang, base)
                        for name, (component, prop) in SWITCH_OUTPUTS.items()},
        })
    figures = {fid for chart, subset in shown_charts(shown, bare) for fid in chart_figure_ids(shown, chart, subset)}
    topics = {fid: shown.figures.at[fid, "topic"] for fid in sorted(figures)}
    return to_json_plotly({"picks": picks, "topics": topics, "look": LOOK, "classes": classes,
                           "tabs": tab_marks(shown, bare)})


def facts_attribute(data: Dataset, view: View, classes: tuple[str, str]) -> dict:
    """The data-facts attribute of a pane's view (markup.to_html leaves it out of the first paint)."""
    bare = replace(view, indicator=None, ignored=(), present=False)  # one cache entry per scope
    return {"data-facts": pane_facts(data, bare, base_url(), classes)}
