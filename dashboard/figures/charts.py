"""A chart row of data/charts.csv plus its figures, through its kind's builder; built figures cached per process and on disk."""

from __future__ import annotations

import logging
import sqlite3
from functools import lru_cache

import diskcache
import pandas as pd
import plotly.graph_objects as go

from .. import PERIOD
from ..data.dataset import Dataset
from ..data.units import parse_unit
from .builders import BUILDERS
from .layout import for_slide


log = logging.getLogger(__name__)

EXPORT_WIDTH = 900  # CSS px; at EXPORT_SCALE the image is 1800 px wide, whatever the screen
EXPORT_SCALE = 2


def export_filename(data: Dataset, chart_id: str) -> str:
    """'<area>-<chart>-2023', the name a downloaded chart image carries."""
    area = data.charts.loc[chart_id, "area"]
    name = chart_id.removeprefix(f"{area}_")
    return f"{area}-{name.replace('_', '-')}-{data.period or PERIOD}"


def chart_frame(data: Dataset, chart_id: str, figure_ids: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The chart's figures, or only those of them in figure_ids (a topic filter narrows a chart)."""
    frame = data.chart_figures(chart_id)
    return frame if figure_ids is None else frame[frame["id"].isin(figure_ids)]


def chart_spec(data: Dataset, chart_id: str, figure_ids: tuple[str, ...] | None = None) -> dict:
    """Everything a builder needs besides the figures: titles, unit labels, colour, sources."""
    row = data.charts.loc[chart_id]
    area = data.areas.loc[row["area"]]
    frame = chart_frame(data, chart_id, figure_ids)
    orgs = list(dict.fromkeys(frame["source_org"]))
    unit_en = row["unit"]
    if row["unit"]:
        unit_en = english_axis(data, row["unit"], frame["base_value"].max(), list(frame["unit_en"]))[1]
    return {
        **row.to_dict(),
        "unit_zh": row["unit"],
        "unit_en": unit_en,
        "color": area["color"],
        "period": data.period,
        "sources_zh": [data.sources.loc[o, "short_zh"] for o in orgs],
        "sources_en": [data.sources.loc[o, "short_en"] for o in orgs],
    }


# Plotly's strings that its zh-CN locale (assets/vendor) predates: the camera's download toasts. Plotly looks
# in a graph's config.locales before its registered locales, so these complete it and the rest still come from it.
PLOTLY_ZH = {
    "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
    "Image download succeeded": "图片已下载",
    "Sorry, there was a problem downloading your image!": "抱歉，图片下载失败！",
}


def toolbar_config(lang: str) -> dict:
    """The quiet toolbar a chart needs (for views.chart_graph's dcc.Graph config, besides its
    toImageButtonOptions): the camera only, since no chart zooms or pans (layout.wide_frame),
    shown on hover, in the page's language (Plotly's zh-CN locale must be served: see README)."""
    config = {"displaylogo": False, "displayModeBar": "hover", "modeBarButtons": [["toImage"]],
              "locale": "zh-CN" if lang == "zh" else "en"}
    if lang == "zh":
        config["locales"] = {"zh-CN": {"dictionary": PLOTLY_ZH}}
    return config


def english_axis(data: Dataset, unit: str, largest: float, named: list[str] = ()) -> tuple[int, str]:
    """(divisor, unit name) of an English axis: the scale and words its value labels use, so a bar ending
    near 264,400 reads "people", not 26.44 on an axis of "10,000 people"; figures that name what they
    count (participants, entries, views) name the axis."""
    base = parse_unit(unit, set(data.units.index)).base
    named = list(dict.fromkeys(n for n in named if n))
    if named:
        return 1, named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    if base == "元":  # the labels say "CNY 6.744 billion", "CNY 48 million"
        return (10**9, "CNY billion") if largest >= 10**9 else (10**6, "CNY million")
    if base == "%":
        return 1, "%"
    return 1, data.units.loc[base, "label_en_many"] or "count"


def build_chart(data: Dataset, chart_id: str, lang: str = "zh", figure_ids: tuple[str, ...] | None = None,
                narrow: bool = False, slide: bool = False, wide_labels: bool = False) -> go.Figure:
    """The finished figure for one chart of the dashboard (optionally of a subset of its figures);
    narrow lays it out for a phone's width, slide as a deck slide's picture (layout.for_slide);
    wide_labels gives bars the long label lines of a screen-filling chart (presentation mode)."""
    spec = chart_spec(data, chart_id, figure_ids)
    frame = chart_frame(data, chart_id, figure_ids)
    labels = data.qualifiers[f"label_{lang}"].to_dict()
    kwargs = {"lang": lang, "qualifier_labels": labels, "narrow": narrow}
    if spec["kind"] == "bar":
        kwargs["axis_multiplier"] = (parse_unit(spec["unit"], set(data.units.index)).multiplier if lang == "zh"
                                     else english_axis(data, spec["unit"], frame["base_value"].max())[0])
    if slide or (wide_labels and spec["kind"] != "indicators"):
        kwargs["slide"] = True  # labels wrapped for a wide picture (and, for a slide's picture, tiles too)
    figure = BUILDERS[spec["kind"]](frame, spec, **kwargs)
    return for_slide(figure) if slide else figure


def cached_chart(data: Dataset, chart_id: str, lang: str, figure_ids: tuple[str, ...] | None = None,
                 narrow: bool = False) -> dict:
    """Figures never change while the server runs: build each (chart, subset, layout) once, serve its dict.

    Callers must not mutate the dict they get (copy it first): it is shared. The arguments are spelled
    out before the cache sees them: lru_cache keys f(a, b, c) and f(a, b, c, None, False) apart, which
    made the start-up warm-up miss every page request."""
    return _built(data, chart_id, lang, None if figure_ids is None else tuple(figure_ids), bool(narrow))


# Dataset id -> (the Dataset, a disk cache the server's workers share, the data's fingerprint): a figure one
# worker has built is read by the others instead of built again (a pick answered by a worker that has not drawn
# the view yet would otherwise build every chart of it first, ~20 ms each).
_SHARED: dict[int, tuple[Dataset, diskcache.Cache, str]] = {}


@lru_cache(maxsize=8)
def shared_cache(folder: str) -> diskcache.Cache:
    return diskcache.Cache(folder, size_limit=64 << 20)


def share_builds(data: Dataset, cache: diskcache.Cache, key: str) -> None:
    """Keep data's built figures in cache too (key: the data's fingerprint, so new data never reads old)."""
    _SHARED[id(data)] = (data, cache, key)


@lru_cache(maxsize=2048)
def _built(data: Dataset, chart_id: str, lang: str, figure_ids: tuple[str, ...] | None, narrow: bool) -> dict:
    # Keyed by the Dataset itself (hashed by identity): a reloaded data folder is a new key.
    shared = _SHARED.get(id(data))
    if shared is None or shared[0] is not data:
        return build_chart(data, chart_id, lang, figure_ids, narrow).to_dict()
    _, cache, key = shared
    name = repr((key, chart_id, lang, figure_ids, narrow))
    try:
        figure = cache.get(name)
    except (OSError, sqlite3.Error, diskcache.Timeout):
        log.warning("shared figure cache unreadable; building %s", chart_id, exc_info=True)
        figure = None
    if figure is None:
        figure = build_chart(data, chart_id, lang, figure_ids, narrow).to_dict()
        try:
            cache.set(name, figure)
        except (OSError, sqlite3.Error, diskcache.Timeout):
            log.warning("shared figure cache unwritable", exc_info=True)
    return figure


def trace_types(data: Dataset, chart_ids, lang: str = "zh") -> set[str]:
    """Every Plotly trace type the charts use (building them once warms the cache before the first request)."""
    return figure_trace_types(cached_chart(data, c, lang) for c in chart_ids)


def figure_trace_types(figures) -> set[str]:
    """Every Plotly trace type of figures, each a go.Figure or its dict."""
    return {trace.type if hasattr(trace, "type") else trace.get("type", "scatter")
            for figure in figures for trace in (figure.data if hasattr(figure, "data") else figure.get("data", []))}
