"""Dash pieces of a view: chart graphs (KPI cards and figure links are server-made markup: firstpaint.py)."""

from __future__ import annotations

from dash import dcc

from . import ids
from .figures.charts import EXPORT_SCALE, EXPORT_WIDTH, export_filename, toolbar_config
from .figures.layout import NARROW_WIDTH
from .data.dataset import Dataset


def for_browser(figure: dict) -> dict:
    """The figure as a dcc.Graph gets it: without layout.meta (chart id, notes, layout: for the server's
    exports and slides). dcc.Graph hands Plotly.react a deep copy of the layout on every update, and Plotly
    redraws a whole chart for a meta object that is not the one it has: a pick's highlight patch would
    cost every chart it touches a full redraw instead of its shapes' (figures.marks.highlight_updates)."""
    return {**figure, "layout": {k: v for k, v in figure["layout"].items() if k != "meta"}}


def chart_graph(data: Dataset, chart_id: str, figure: dict, lang: str, tab: str) -> dcc.Graph:
    """A chart with its camera button's settings: the image is the figure shown (a topic's subset, a
    phone's layout), EXPORT_WIDTH * EXPORT_SCALE pixels wide, as tall as the figure is laid out."""
    width = NARROW_WIDTH if figure["layout"].get("meta", {}).get("layout") == "narrow" else EXPORT_WIDTH
    return dcc.Graph(
        id=ids.chart(chart_id, tab),
        className="chart",
        figure=for_browser(figure),
        # As tall as its figure, as in the first paint. Dash's default (100%, for a responsive graph) stretched a
        # chart to the taller one beside it in its grid row; Plotly's resize then drew it at that height, and
        # the next update (a pick) shrank it back to its own: two redraws and a jump.
        style={"height": "auto"},
        config={
            **toolbar_config(lang),  # the camera only, in the page's language (a phone keeps just that too)
            "responsive": True,
            "toImageButtonOptions": {
                "format": "png",
                "filename": export_filename(data, chart_id),
                "width": width,
                "height": figure["layout"]["height"],
                "scale": EXPORT_WIDTH * EXPORT_SCALE / width,
            },
        },
    )
