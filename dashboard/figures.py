"""Figure builders: pure functions from a frame of figures to a go.Figure (no Dash here)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

import pandas as pd
import plotly.graph_objects as go

from .i18n import t, text_width, wrap

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
INK = "#1F2937"
MUTED = "#4B5563"
TRACK = "#E5E7EB"
SOURCE_SHIFT = -34  # px below the plot area, clear of the x-axis tick labels


def _text(value: object) -> str:
    """Data text for a Plotly string: escaped, so markup in the data shows as characters, never as tags."""
    return escape(str(value), quote=False)


def _label(row: Mapping, lang: str) -> str:
    text = row[f"label_{lang}"]
    return text + t("forecast_tag", lang) if row["is_forecast"] else text


def _hover(frame: pd.DataFrame, lang: str) -> list[str]:
    """Hover text: label, value as published, value in base units, forecast/notes."""
    out = []
    for row in frame.to_dict("records"):
        parts = [f"<b>{wrap(_label(row, lang), 40)}</b>", _text(row[f"display_{lang}"])]
        if lang == "zh" and row["multiplier"] != 1:
            parts.append(f"{t('base_units', lang)} {_text(row['base_display_zh'])}")
        if row[f"note_{lang}"]:
            parts.append(wrap(row[f"note_{lang}"], 40))
        out.append("<br>".join(parts))
    return out


def _notes(frame: pd.DataFrame, lang: str, qualifier_labels: Mapping[str, str]) -> list[str]:
    """Qualifier wording and forecast flags that apply to the figures of this chart."""
    notes = []
    words = [w for w in dict.fromkeys(frame["qualifier_word"]) if w]
    if words:
        items = ("；" if lang == "zh" else "; ").join(dict.fromkeys(_text(qualifier_labels[w]) for w in words))
        notes.append(t("qualifier_note", lang, items=items))
    forecasts = frame[frame["is_forecast"]]
    if len(forecasts):
        labels = "、".join(forecasts["display_zh"]) if lang == "zh" else ", ".join(forecasts["display_en"])
        notes.append(t("forecast_note", lang, labels=_text(labels)))
    return notes


def _frame_layout(fig: go.Figure, spec: Mapping, subtitle: list[str], lang: str, height: int) -> go.Figure:
    """Title, subtitle (unit and qualifier wording) and source line inside the figure itself."""
    sources = _text("、".join(spec["sources_zh"]) if lang == "zh" else "; ".join(spec["sources_en"]))
    fig.update_layout(
        title={
            "text": f"<b>{_text(spec[f'title_{lang}'])}</b>",
            "subtitle": {"text": "<br>".join(subtitle), "font": {"size": 13, "color": MUTED}},
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": 19, "color": INK},
        },
        font={"family": FONT, "size": 14, "color": INK},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin={"l": 12, "r": 24, "t": 92 + 20 * max(0, len(subtitle) - 1), "b": 56},
        showlegend=False,
        hoverlabel={"font": {"family": FONT}},
        separators=".,",
        meta={"chart_id": spec["id"], "area": spec["area"]},
    )
    fig.add_annotation(
        text=t("source", lang, orgs=sources, period=spec["period"]),
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top", yshift=SOURCE_SHIFT,
        showarrow=False, font={"size": 12, "color": MUTED}, align="left",
    )
    return fig


def bar_chart(frame: pd.DataFrame, spec: Mapping, *, lang: str = "zh", axis_multiplier: int = 1,
              qualifier_labels: Mapping[str, str]) -> go.Figure:
    """Sorted horizontal bars of figures that share one unit, labelled as published."""
    frame = frame.sort_values("base_value")
    values = [v / axis_multiplier for v in frame["base_value"]]
    width = 20 if lang == "zh" else 30
    fig = go.Figure(
        go.Bar(
            x=values,
            y=[wrap(_label(r, lang), width) for r in frame.to_dict("records")],
            orientation="h",
            marker={"color": spec["color"]},
            text=[_text(s) for s in frame[f"display_{lang}"]],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 15, "color": INK},
            customdata=list(frame["id"]),
            hovertext=_hover(frame, lang),
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    longest_text = max(text_width(s) for s in frame[f"display_{lang}"])
    fig.update_xaxes(range=[0, max(values) * (1.18 + 0.022 * longest_text)], showgrid=True, gridcolor=TRACK,
                     zeroline=False, tickfont={"color": MUTED, "size": 12})
    fig.update_yaxes(automargin=True, tickfont={"size": 13})
    subtitle = [t("unit_percent", lang) if spec["unit"] == "%" else t("unit", lang, unit=_text(spec[f"unit_{lang}"]))]
    subtitle += _notes(frame, lang, qualifier_labels)
    return _frame_layout(fig, spec, subtitle, lang, height=150 + 58 * len(frame) + 18 * len(subtitle))


def rate_chart(frame: pd.DataFrame, spec: Mapping, *, lang: str = "zh",
               qualifier_labels: Mapping[str, str]) -> go.Figure:
    """Rates as bars against a 100% track, so each reads as part of its whole."""
    frame = frame.sort_values("base_value")
    width = 20 if lang == "zh" else 30
    labels = [wrap(_label(r, lang), width) for r in frame.to_dict("records")]
    ids = list(frame["id"])
    hover = _hover(frame, lang)
    fig = go.Figure()
    fig.add_bar(x=[100] * len(frame), y=labels, orientation="h", marker={"color": TRACK}, hoverinfo="skip",
                customdata=ids)
    fig.add_bar(x=list(frame["base_value"]), y=labels, orientation="h", marker={"color": spec["color"]},
                customdata=ids, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    for label, text, fid in zip(labels, frame[f"display_{lang}"], ids):
        fig.add_annotation(x=100, y=label, text=f"<b>{_text(text)}</b>", xanchor="left", xshift=8, showarrow=False,
                           font={"size": 15, "color": INK}, name=f"value:{fid}")
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(range=[0, 100], tickvals=[0, 25, 50, 75, 100], ticksuffix="%", showgrid=False,
                     zeroline=False, tickfont={"color": MUTED, "size": 12},
                     domain=[0, 0.86 if lang == "zh" else 0.78])  # room for "at least 96%"
    fig.update_yaxes(automargin=True, tickfont={"size": 13})
    subtitle = [t("unit_percent", lang), *_notes(frame, lang, qualifier_labels)]
    return _frame_layout(fig, spec, subtitle, lang, height=150 + 62 * len(frame) + 18 * len(subtitle))


def indicator_panel(frame: pd.DataFrame, spec: Mapping, *, lang: str = "zh",
                    qualifier_labels: Mapping[str, str]) -> go.Figure:
    """Tiles for figures in different units: each shows its value exactly as published."""
    count = len(frame)
    cols = min(2, count)  # two tiles a row stay readable from a phone to a projector
    rows = math.ceil(count / cols)
    fig = go.Figure()
    xs, ys = [], []
    longest = max(text_width(s) for s in frame[f"display_{lang}"])
    value_size = 28 if longest <= 12 else 23 if longest <= 20 else 19
    for i, row in enumerate(frame.to_dict("records")):
        col, line = i % cols, rows - 1 - i // cols
        x0, y0 = col + 0.04, line + 0.06
        # Names tie each tile's shapes and texts to its figure: highlight_updates dims and outlines the shapes.
        fig.add_shape(type="rect", x0=x0, x1=col + 0.96, y0=y0, y1=line + 0.94,
                      line={"width": 0}, fillcolor="#F3F4F6", layer="below", name=f"tile:{row['id']}")
        fig.add_shape(type="rect", x0=x0, x1=x0 + 0.025, y0=y0, y1=line + 0.94,
                      line={"width": 0}, fillcolor=spec["color"], layer="below", name=f"accent:{row['id']}")
        # Value hangs from the tile's top, the label from below it: a long English value and a
        # three-line label no longer overlap.
        fig.add_annotation(x=col + 0.1, y=line + 0.90, text=f"<b>{_text(row[f'display_{lang}'])}</b>", xanchor="left",
                           yanchor="top", showarrow=False, font={"size": value_size, "color": INK},
                           name=f"value:{row['id']}")
        fig.add_annotation(x=col + 0.1, y=line + 0.60, text=wrap(_label(row, lang), 24 if lang == "zh" else 34),
                           xanchor="left", yanchor="top", showarrow=False, align="left",
                           font={"size": 13, "color": MUTED}, name=f"label:{row['id']}")
        xs.append(col + 0.5)
        ys.append(line + 0.5)
    # An invisible marker over each tile makes it hoverable and clickable like a bar.
    fig.add_scatter(x=xs, y=ys, mode="markers", marker={"size": 80, "opacity": 0, "symbol": "square"},
                    customdata=list(frame["id"]), hovertext=_hover(frame, lang),
                    hovertemplate="%{hovertext}<extra></extra>")
    fig.update_xaxes(range=[0, cols], visible=False, fixedrange=True)
    fig.update_yaxes(range=[0, rows], visible=False, fixedrange=True)
    subtitle = [t("unit_mixed", lang), *_notes(frame, lang, qualifier_labels)]
    return _frame_layout(fig, spec, subtitle, lang, height=120 + 130 * rows + 18 * len(subtitle))


BUILDERS = {"bar": bar_chart, "rate": rate_chart, "indicators": indicator_panel}

DIM = 0.3  # opacity of marks outside the highlighted topic: still legible, clearly in the background
OUTLINE = 2.5


def highlight_updates(figure: Mapping, topics: Mapping[str, str], topic: str | None,
                      selected: str | None) -> list[tuple[tuple, object]]:
    """(property path, value) pairs that show `topic` at full strength, dim the rest and outline `selected`.

    Works on a built figure's dict (bars via their customdata, tiles via their names); texts never dim,
    so they keep their 4.5:1 contrast (at DIM a label would fall to about 1.6:1);
    topic None restores every mark. The same pairs set a copied dict or a dash.Patch, so a click
    can repaint charts without resending them."""

    def strength(fid: str) -> float:
        return 1.0 if topic is None or topics.get(fid) == topic else DIM

    updates: list[tuple[tuple, object]] = []
    for i, trace in enumerate(figure.get("data", [])):
        marks = trace.get("customdata")
        if trace.get("type") != "bar" or marks is None:
            continue  # the invisible click targets over tiles stay invisible
        marks = list(marks)
        updates.append((("data", i, "marker", "opacity"), [strength(f) for f in marks]))
        updates.append((("data", i, "marker", "line"),
                        {"color": INK, "width": [OUTLINE if f == selected else 0 for f in marks]}))
    for j, shape in enumerate(figure.get("layout", {}).get("shapes", [])):
        role, _, fid = (shape.get("name") or "").partition(":")
        if not fid:
            continue
        updates.append((("layout", "shapes", j, "opacity"), strength(fid)))
        if role == "tile":
            updates.append((("layout", "shapes", j, "line"), {"color": INK, "width": OUTLINE if fid == selected else 0}))
    return updates


def apply_updates(target, updates: list[tuple[tuple, object]]):
    """Set each path of updates on target (a dict or a dash.Patch); returns target."""
    for path, value in updates:
        node = target
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return target
