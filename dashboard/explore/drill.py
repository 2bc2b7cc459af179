"""Drill-down: the detail panel of the picked figure, the breadcrumb, each chart's figure links, and the pick's
highlight on the charts (drawn as mark shapes, so a new pick sends a Patch of shapes, never a figure)."""

from __future__ import annotations

import copy
from dataclasses import replace

from dash import Patch, html, no_update
from markupsafe import Markup

from .. import ids
from ..data.dataset import Dataset
from ..figures.charts import cached_chart
from ..figures.marks import apply_updates, highlight_updates
from ..firstpaint import breadcrumb_html, detail_html, figure_links_html
from ..static_html import StaticHtml
from ..view.selection import mark_of, shown_charts
from ..view.state import View, view_data
from ..view.strings import t


def detail_aside(data: Dataset, view: View, lang: str) -> html.Aside:
    """The drawer that holds the detail panel (empty, hence hidden, without a selected figure)."""
    return html.Aside(detail_panel(data, view, lang), id=ids.DETAIL, className="detail",
                      **{"aria-live": "polite", "aria-label": t("detail", lang)})


def detail_panel(data: Dataset, view: View, lang: str) -> StaticHtml | None:
    """Everything about the selected figure (the first paint's markup); None (panel hidden) without one.
    a11y.js moves focus to its close link when the figure changes (and back when it closes)."""
    if not view.indicator:
        return None
    return StaticHtml(detail_html(data, replace(view, lang=lang)), className="detail-body")


def breadcrumb(data: Dataset, view: View, lang: str) -> Markup:
    """Overview or area › topic › figure; every step but the last is a link one level up."""
    return breadcrumb_html(data, replace(view, lang=lang))


def figure_links(data: Dataset, view: View, figure_ids, lang: str) -> StaticHtml:
    """One link per figure of a chart: the keyboard's and screen reader's way to drill into a mark.

    Visually hidden until focused (style.css), so the chart looks as it does to a mouse."""
    return StaticHtml(figure_links_html(data, view, figure_ids), element="ul", className="figure-links",
                      **{"aria-label": t("figure_links", lang)})


def clicked_figure(click) -> str | None:
    """The figure id of a Plotly click event, or None if the event is not one of ours."""
    if not isinstance(click, dict) or not isinstance(click.get("points"), list) or not click["points"]:
        return None
    point = click["points"][0]
    fid = point.get("customdata") if isinstance(point, dict) else None
    return fid if isinstance(fid, str) else None


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
