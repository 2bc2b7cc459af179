"""Dash pieces of a view: chart graphs (KPI cards and figure links are server-made markup: firstpaint.py)."""

from __future__ import annotations

from dash import dcc

from . import ids
from .charts import EXPORT_SCALE, EXPORT_WIDTH, export_filename, toolbar_config
from .figures import NARROW_WIDTH
from .loading import Dataset

def chart_graph(data: Dataset, chart_id: str, figure: dict, lang: str, tab: str) -> dcc.Graph:
    """A chart with its camera button's settings: the image is the figure shown (a topic's subset, a
    phone's layout), EXPORT_WIDTH * EXPORT_SCALE pixels wide, as tall as the figure is laid out."""
    width = NARROW_WIDTH if figure["layout"].get("meta", {}).get("layout") == "narrow" else EXPORT_WIDTH
    return dcc.Graph(
        id=ids.chart(chart_id, tab),
        className="chart",
        figure=figure,
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
