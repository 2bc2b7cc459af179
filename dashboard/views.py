"""Dash pieces of a view: KPI cards and chart graphs (their words come from the view layer, urlstate)."""

from __future__ import annotations

from dash import dcc, html

from . import ids
from .charts import EXPORT_SCALE, EXPORT_WIDTH, export_filename, toolbar_config
from .figures import NARROW_WIDTH
from .loading import Dataset
from .urlstate import card_texts

def kpi_card(data: Dataset, figure_id: str, lang: str, *, show_area: bool) -> html.Div:
    """A headline figure as published, with its source (the same words as the first paint's card)."""
    card = card_texts(data, figure_id, lang, show_area=show_area)
    return html.Div(
        className="kpi",
        id=ids.kpi(figure_id),
        style={"borderTopColor": card["color"]},
        children=[
            html.Div(card["area"], className="kpi-area") if show_area else None,
            html.Div(card["value"], className="kpi-value"),
            html.Div([part for atom in card["atoms"] for part in (atom, html.Wbr())][:-1], className="kpi-label"),
            html.Div(card["source"], className="kpi-source"),
        ],
    )


def chart_graph(data: Dataset, chart_id: str, figure: dict, lang: str = "zh") -> dcc.Graph:
    """A chart with its camera button's settings: the image is the figure shown (a topic's subset, a
    phone's layout), EXPORT_WIDTH * EXPORT_SCALE pixels wide, as tall as the figure is laid out."""
    width = NARROW_WIDTH if figure["layout"].get("meta", {}).get("layout") == "narrow" else EXPORT_WIDTH
    return dcc.Graph(
        id=ids.chart(chart_id),
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
