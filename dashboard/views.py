"""Tab layouts: KPI cards and chart grids for the overview and each area."""

from __future__ import annotations

from dash import dcc, html

from . import PERIOD, ids
from .figures import NARROW_WIDTH
from .i18n import t
from .loading import Dataset

OVERVIEW = "overview"


def tab_ids(data: Dataset) -> list[str]:
    """Every addressable tab, in display order."""
    return [OVERVIEW, *data.areas.index]


def tab_label(data: Dataset, tab: str, lang: str) -> str:
    return t("overview", lang) if tab == OVERVIEW else data.areas.loc[tab, f"label_{lang}"]


EXPORT_WIDTH = 900  # CSS px; at EXPORT_SCALE the image is 1800 px wide, whatever the screen
EXPORT_SCALE = 2


def view_charts(data: Dataset, view) -> list[tuple[str, tuple[str, ...] | None]]:
    """(chart id, figure subset or None) of a parsed view: what the page, exports and presentation show."""
    from .explore import shown_charts  # explore builds on this module; imported here to avoid a cycle

    return shown_charts(data, view)


def view_chart_ids(data: Dataset, view) -> list[str]:
    """The chart ids of a parsed view (sector and topic filters applied)."""
    return [chart_id for chart_id, _ in view_charts(data, view)]


def view_figure_ids(data: Dataset, view) -> list[str]:
    """The figures of a parsed view: what the table and the briefing's appendix list."""
    from .explore import shown_figure_ids

    return shown_figure_ids(data, view)


def export_filename(data: Dataset, chart_id: str) -> str:
    """'<area>-<chart>-2023', the name a downloaded chart image carries."""
    area = data.charts.loc[chart_id, "area"]
    name = chart_id.removeprefix(f"{area}_")
    return f"{area}-{name.replace('_', '-')}-{data.period or PERIOD}"


def kpi_card(data: Dataset, figure_id: str, lang: str, *, show_area: bool) -> html.Div:
    """A headline figure as published, with its source."""
    row = data.figure(figure_id)
    area = data.areas.loc[row["area"]]
    label = row[f"label_{lang}"]
    return html.Div(
        className="kpi",
        id=ids.kpi(figure_id),
        style={"borderTopColor": area["color"]},
        children=[
            html.Div(area[f"label_{lang}"], className="kpi-area") if show_area else None,
            html.Div(row[f"display_{lang}"], className="kpi-value"),
            html.Div(label + (t("forecast_tag", lang) if row["is_forecast"] else ""), className="kpi-label"),
            html.Div(t("source", lang, orgs=row[f"source_{lang}"], period=row["period"]), className="kpi-source"),
        ],
    )


def figure_text(data: Dataset, figure_id: str, lang: str) -> str:
    """'label: value as published', the words that stand for a figure's mark in a chart."""
    row = data.figure(figure_id)
    return f"{row[f'label_{lang}']}{'：' if lang == 'zh' else ': '}{row[f'display_{lang}']}"


def chart_summary(data: Dataset, chart_id: str, lang: str, figure_ids=None) -> str:
    """The text alternative of a chart: its title and every figure it shows, as published."""
    chart = data.charts.loc[chart_id]
    items = ("；" if lang == "zh" else "; ").join(figure_text(data, f, lang) for f in figure_ids or chart["figure_ids"])
    return t("chart_summary", lang, title=chart[f"title_{lang}"], items=items)


def chart_graph(data: Dataset, chart_id: str, figure: dict) -> dcc.Graph:
    """A chart with its camera button's settings: the image is the figure shown (a topic's subset, a
    phone's layout), EXPORT_WIDTH * EXPORT_SCALE pixels wide, as tall as the figure is laid out."""
    width = NARROW_WIDTH if figure["layout"].get("meta", {}).get("layout") == "narrow" else EXPORT_WIDTH
    return dcc.Graph(
        id=ids.chart(chart_id),
        className="chart",
        figure=figure,
        config={
            "displaylogo": False,
            "responsive": True,
            "modeBarButtonsToRemove": ["sendChartToCloud"],  # uploads to Plotly Cloud: nothing leaves the room
            "toImageButtonOptions": {
                "format": "png",
                "filename": export_filename(data, chart_id),
                "width": width,
                "height": figure["layout"]["height"],
                "scale": EXPORT_WIDTH * EXPORT_SCALE / width,
            },
        },
    )
