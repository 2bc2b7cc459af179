"""The tab bar and the tab panes: one pane per tab in CONTENT, the current one shown and the others mounted out of
sight when the page is idle (mountNext in assets/route.js asks the sync callback, mount_outputs answers), so a later switch only shows one.
STORE_PANES records the view each mounted pane shows; a pane whose scope differs from the view asked for is
rendered again. A new screen size lays the view's pane out anew and unmounts the others (relayout_outputs)."""

from __future__ import annotations

from dash import html, no_update

from .. import ids
from ..data.citation import print_footer, print_footer_css
from ..data.dataset import Dataset
from ..firstpaint import cards_html
from ..static_html import StaticHtml
from ..view.selection import chart_figure_ids, shown_cards, shown_charts, shown_figure_ids, tab_links
from ..view.state import View, checked, tab_ids, view_data, view_from_dict
from ..view.strings import t
from ..view.wording import chart_summary
from ..views import chart_graph
from .drill import figure_links, marked_figure
from .facts import facts_attribute, tab_mark


def tab_nav(data: Dataset, view: View, lang: str) -> html.Nav:
    """The tab bar's links, the current one marked (facts.tab_mark). assets/nav.js follows them without a page
    load (as dcc.Link does, which cannot carry aria-current); a switch or an answer moves the mark on the links
    themselves (tab_marks), so keyboard focus stays on the link; without scripts they are ordinary links."""
    return html.Nav([html.A(label, href=href, id=ids.tab_link(tab), **{"data-nav": "1"}, **tab_mark(current))
                     for tab, label, href, current in tab_links(data, view)],
                    id=ids.TABS, className="tab-nav", **{"aria-label": t("tabs_label", lang)})


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
        # what a pick or a switch on this pane shows, for assets/route.js to show it without a request
        **facts_attribute(data, view, (pane_class(True), pane_class(False))),
        children=[
            # Each card is a link that picks its figure (assets/nav.js follows it in place).
            StaticHtml(cards_html(data, view), element="section", className="kpis",
                       **{"aria-label": t("headline_figures", lang)}) if cards else None,
            html.Section(graphs, className="charts", **{"aria-label": t("charts_label", lang)}),
        ],
    )


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


def mount_outputs(data: Dataset, tab, stored: dict | None, panes_state, pane_tabs: list[str],
                  narrow: bool = False) -> dict:
    """The pane of tab (asked for by mountNext in assets/route.js), rendered out of sight with the tab's unfiltered view in
    the page's language and period; nothing for a tab already mounted or not a tab. Named as the sync
    callback's outputs: the panes' children, and the panes store's entry for that tab."""
    current = view_from_dict(data, stored)
    if not isinstance(tab, str) or tab not in pane_tabs or tab == current.tab \
            or pane_view(data, panes_state, tab) is not None:
        return {"panes": [no_update] * len(pane_tabs), "panes_state": no_update}
    view = checked(data, tab, (), None, None, current.lang, current.period)
    content = view_content(view_data(data, view), view, view.lang, narrow)
    # Only this tab's entry: route.js merges it into the store as it is then (a pick made meanwhile stays).
    return {"panes": [content if name == tab else no_update for name in pane_tabs], "panes_state": {tab: view.as_dict()}}


def relayout_outputs(data: Dataset, stored: dict | None, pane_tabs: list[str], narrow: bool) -> dict:
    """A new screen size (assets/boot.js asks): the view's pane laid out anew for it, the others unmounted
    (laid out for the old one; mountNext in assets/route.js mounts them again). Named as the sync callback's outputs."""
    view = view_from_dict(data, stored)
    content = view_content(view_data(data, view), view, view.lang, narrow)
    return {"panes": [content if tab == view.tab else None for tab in pane_tabs],
            "panes_state": {view.tab: view.as_dict()}}
