"""Tab layouts: KPI cards and chart grids for the overview and each area."""

from __future__ import annotations

from dash import dcc, html

from . import PERIOD, ids
from .charts import cached_chart
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


def tab_chart_ids(data: Dataset, tab: str) -> list[str]:
    """The charts a tab shows, in display order."""
    if tab == OVERVIEW:
        return list(data.charts[data.charts["overview"]].sort_values("area", key=_area_order(data)).index)
    return list(data.area_charts(tab).index)


def tab_headline_ids(data: Dataset, tab: str) -> list[str]:
    """The KPI cards of a tab: one headline per area on the overview, an area's headlines in order."""
    if tab == OVERVIEW:
        return list(data.figures[data.figures["headline"] == 1].sort_values("area", key=_area_order(data)).index)
    return list(data.figures[(data.figures["area"] == tab) & (data.figures["headline"] > 0)].sort_values("headline").index)


def tab_figure_ids(data: Dataset, tab: str) -> list[str]:
    """Every figure a tab shows (headline cards, then the charts' figures), each once."""
    charted = [fid for chart in tab_chart_ids(data, tab) for fid in data.charts.loc[chart, "figure_ids"]]
    return list(dict.fromkeys([*tab_headline_ids(data, tab), *charted]))


def view_chart_ids(data: Dataset, view) -> list[str]:
    """The charts of a parsed view (urlstate.View): what exports and presentation mode walk."""
    return tab_chart_ids(data, view.tab)


def view_figure_ids(data: Dataset, view) -> list[str]:
    """The figures of a parsed view: what the briefing's appendix lists."""
    return tab_figure_ids(data, view.tab)


def export_filename(data: Dataset, chart_id: str) -> str:
    """'<area>-<chart>-2023', the name a downloaded chart image carries."""
    area = data.charts.loc[chart_id, "area"]
    name = chart_id.removeprefix(f"{area}_")
    return f"{area}-{name.replace('_', '-')}-{PERIOD}"


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


def chart_graph(data: Dataset, chart_id: str, lang: str, data_dir: str) -> dcc.Graph:
    """A chart with its export settings; the figure is built once per process."""
    return dcc.Graph(
        id=ids.graph(chart_id),
        className="chart",
        figure=cached_chart(data_dir, chart_id, lang),
        config={
            "displaylogo": False,
            "responsive": True,
            "modeBarButtonsToRemove": ["sendChartToCloud"],  # uploads to Plotly Cloud: nothing leaves the room
            "toImageButtonOptions": {
                "format": "png",
                "filename": export_filename(data, chart_id),
                "width": EXPORT_WIDTH,
                "height": cached_chart(data_dir, chart_id, lang)["layout"]["height"],
                "scale": EXPORT_SCALE,
            },
        },
    )


def tab_layout(data: Dataset, tab: str, lang: str, data_dir: str) -> html.Div:
    """The overview (one headline per area, overview charts) or one area's cards and charts."""
    cards = [kpi_card(data, fid, lang, show_area=tab == OVERVIEW) for fid in tab_headline_ids(data, tab)]
    chart_ids = tab_chart_ids(data, tab)
    return html.Div(
        className=f"tab tab-{tab}",
        children=[
            html.Section(cards, className="kpis", **{"aria-label": t("headline_figures", lang)}),
            html.Section([chart_graph(data, c, lang, data_dir) for c in chart_ids], className="charts"),
        ],
    )


def _area_order(data: Dataset):
    return lambda col: col.map(data.areas["order"])
