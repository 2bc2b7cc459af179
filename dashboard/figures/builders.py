"""Figure builders, one per chart kind: pure functions from a frame of figures to a go.Figure (no Dash here)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..view.reading import reading
from ..view.strings import t, text_width, wrap
from .layout import (INK, LABEL_SIZE, LINE, MUTED, NARROW_PLOT, SLIDE_MIN_FONT, SLIDE_WIDTH, TRACK, chart_notes, figure_label,
                     hover_texts, label_margin, label_width, line_count, narrow_frame, plotly_text, unit_line, wide_frame)
from .marks import CLEAR, TARGETS, add_marks

ROW_BAR = 16  # px: the bar under each label in the narrow list
ROW_GAP = 20  # px from a bar to the next row's label


def narrow_list(frame: pd.DataFrame, spec: Mapping, lang: str, rows: list[dict], x_max: float,
                 subtitle: list[str], track: bool) -> go.Figure:
    """Bars for a phone: each row's label (left) and value as published (right) above a bar that
    spans the chart's width at the largest value (or at 100% on a grey track for rates).
    rows come from bar_rows (or one per rate): parts start where the previous part ended."""
    texts = [plotly_text(r["display"]) for r in rows]
    value_px = max(9 * text_width(s) for s in texts)  # bold 15 px: a Latin letter ~9 px, a CJK character ~17
    # A long value ("over 10,000,000 person-times") would squeeze its label into a narrow column:
    # then every value gets its own line under its label.
    stacked = value_px > NARROW_PLOT * 0.45
    label_width = (NARROW_PLOT - 4 if stacked else NARROW_PLOT - value_px - 14) // 7  # 13 px: ~7 px a unit
    labels = [wrap(r["label"], label_width) for r in rows]
    label_px = [LINE[13] * line_count(label) for label in labels]
    # Each row: the label's lines (and the value's line), a gap, the bar, space to the next row.
    heads = [(px + LINE[15] if stacked else max(px, LINE[15])) + 8 for px in label_px]
    heights = [head + ROW_BAR + ROW_GAP for head in heads]
    total = sum(heights)
    tops = [total - sum(heights[:i]) for i in range(len(rows))]
    bar_ys = [top - head - ROW_BAR / 2 for top, head in zip(tops, heads)]
    ids = [r["id"] for r in rows]
    fig = go.Figure()
    if track:
        fig.add_bar(x=[x_max] * len(rows), y=bar_ys, width=ROW_BAR, orientation="h", marker={"color": TRACK},
                    hoverinfo="skip", customdata=ids)
    records = pd.DataFrame([r.get("record") or frame.loc[r["id"]] for r in rows])
    hover = {"customdata": ids, "hovertext": hover_texts(records, lang), "hovertemplate": "%{hovertext}<extra></extra>"}
    fig.add_bar(x=[r["value"] for r in rows], base=[r.get("base", 0) for r in rows], y=bar_ys, width=ROW_BAR,
                orientation="h", marker={"color": spec["color"]}, **hover)
    _open_ends(fig, rows, bar_ys, spec)  # 14 px tall: within a phone's 16 px bar
    # A tap anywhere on a row (its label, its value, its bar: at least 44 px tall) picks its figure, as a tap
    # on the bar does: an invisible bar over the whole row, so Plotly answers it like any other bar.
    fig.add_bar(x=[x_max] * len(rows), y=[top - height / 2 for top, height in zip(tops, heights)], width=heights,
                orientation="h", marker={"opacity": 0}, name=TARGETS, showlegend=False, **hover)
    for top, px, label, text, row in zip(tops, label_px, labels, texts, rows):
        fid = row["id"]
        fig.add_annotation(x=0, xref="paper", y=top, text=label, xanchor="left", yanchor="top", align="left",
                           showarrow=False, font={"size": 13, "color": INK},
                           name=f"label:{fid}")
        if text:
            fig.add_annotation(x=1, xref="paper", y=top - px if stacked else top, text=f"<b>{text}</b>",
                               xanchor="right", yanchor="top", showarrow=False, font={"size": 15, "color": INK},
                               name=f"value:{fid}")
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(range=[0, x_max])
    fig.update_yaxes(range=[0, total])  # one unit a pixel: rows are laid out in px
    return add_marks(narrow_frame(fig, spec, subtitle, lang, total))


OPEN = {"over", "at_least"}  # 超/余/突破/上/以上: the true figure lies beyond the printed one
# An open end is a chevron just past the bar's end, the same few pixels whatever the figure or the axis:
# it says "more" without drawing a length the source does not give (the bar ends at the printed number).
OPEN_PATH = "M 4,-7 L 12,0 L 4,7"  # px from the bar's end and centre: an unclosed ">", 14 px tall
OPEN_ROOM = 16  # px the chevron takes after a bar: value labels start past it


def bar_rows(frame: pd.DataFrame, lang: str, axis_multiplier: float = 1) -> list[dict]:
    """The bars of a chart, top to bottom: a total comes with its parts under it ("其中：…"), never beside
    them as a peer; each part starts at 0 like every other bar, so its end reads true against the axis.
    Groups and single figures are ordered largest first.

    Each row: id, label, value (axis units), base (where the bar starts: always 0), display, role
    ('single', 'total', 'part'), open (the source gives no end: 超, 余, 以上)."""
    records = frame.to_dict("records")
    present = {r["id"] for r in records}
    parts: dict[str, list[dict]] = {}
    for r in records:
        if r.get("part_of") in present:
            parts.setdefault(r["part_of"], []).append(r)
    groups = []
    for r in records:
        if r.get("part_of") in present:
            continue
        row = {"id": r["id"], "label": figure_label(r, lang), "value": r["base_value"] / axis_multiplier, "base": 0.0,
               "display": reading(r, lang).value, "open": r["qualifier"] in OPEN,
               "role": "total" if r["id"] in parts else "single", "record": r}
        group = [row]
        for part in sorted(parts.get(r["id"], []), key=lambda p: -p["base_value"]):
            group.append({"id": part["id"], "label": t("part_prefix", lang) + figure_label(part, lang),
                          "value": part["base_value"] / axis_multiplier, "base": 0.0,
                          "display": reading(part, lang).value, "open": part["qualifier"] in OPEN,
                          "role": "part", "record": part})
        groups.append(group)
    groups.sort(key=lambda g: -g[0]["value"])
    return [row for group in groups for row in group]


def _open_ends(fig: go.Figure, rows: list[dict], y: list, spec: Mapping) -> go.Figure:
    """A chevron just past the end of each open-ended bar (超, 余, 以上), as a shape named open:<figure>, so a
    pick dims it with its bar (highlight_updates) and redraws only shapes. y: each row's category or
    position (categories are numbered as Plotly numbers them: the first trace's order)."""
    categories: dict = {}
    for r, yy in zip(rows, y):
        centre = yy if isinstance(yy, int | float) else categories.setdefault(yy, len(categories))
        if not r["open"]:
            continue
        fig.add_shape(type="path", path=OPEN_PATH, xref="x", yref="y", xsizemode="pixel", ysizemode="pixel",
                      xanchor=r["base"] + r["value"], yanchor=centre, layer="above", name=f"open:{r['id']}",
                      line={"color": spec["color"], "width": 3}, fillcolor=CLEAR, opacity=1)
    return fig


def _bar_notes(rows: list[dict], frame: pd.DataFrame, spec: Mapping, lang: str,
               qualifier_labels: Mapping[str, str], unit_line: str) -> list[str]:
    subtitle = [unit_line, *chart_notes(frame, lang, qualifier_labels)]
    if any(r["open"] for r in rows):
        subtitle.append(t("open_note", lang))  # what the chevron means, under the title of each chart that has one
    return subtitle


def bar_chart(frame: pd.DataFrame, spec: Mapping, *, lang: str = "zh", axis_multiplier: float = 1,
              qualifier_labels: Mapping[str, str], narrow: bool = False, slide: bool = False) -> go.Figure:
    """Horizontal bars of figures that share one unit, largest first, labelled as published.

    A total and its parts form one group (the parts laid end to end under the total); an open-ended
    figure (超, 余, 以上) ends at its number, with a chevron past the end (_open_ends)."""
    rows = bar_rows(frame, lang, axis_multiplier)
    subtitle = _bar_notes(rows, frame, spec, lang, qualifier_labels, unit_line(spec, lang))
    reach = max(r["base"] + r["value"] for r in rows)
    if narrow:  # a little room past the longest bar for its chevron (no axis is shown on a phone)
        return narrow_list(frame, spec, lang, rows, reach * (1.06 if any(r["open"] for r in rows) else 1),
                            subtitle, track=False)
    width = label_width(lang, slide)
    rows = rows[::-1]  # Plotly draws the first category at the bottom
    y = [wrap(r["label"], width) for r in rows]
    ids = [r["id"] for r in rows]
    fig = go.Figure(
        go.Bar(
            x=[r["value"] for r in rows],
            base=[r["base"] for r in rows],
            y=y,
            orientation="h",
            marker={"color": spec["color"]},
            customdata=ids,
            hovertext=hover_texts(pd.DataFrame([r["record"] for r in rows]), lang),
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    _open_ends(fig, rows, y, spec)
    for r, yy in zip(rows, y):
        if r["display"]:
            fig.add_annotation(x=r["base"] + r["value"], y=yy, text=plotly_text(r["display"]), xanchor="left",
                               xshift=6 + (OPEN_ROOM if r["open"] else 0), showarrow=False,
                               font={"size": 15, "color": INK}, name=f"value:{r['id']}")
    longest_text = max(text_width(r["display"]) for r in rows)
    fig.update_layout(barmode="overlay")
    per_letter = 0.034 if slide else 0.022  # of the axis, for the value label after the bar (larger type on a slide)
    fig.update_xaxes(range=[0, reach * (1.23 + per_letter * longest_text)], showgrid=True, gridcolor=TRACK,
                     zeroline=False, tickfont={"color": MUTED, "size": 12}, nticks=6, automargin=True,
                     tickformat="~s" if lang == "en" else None)  # 250k, 5M: short ticks under long labels
    # Categories in the order of the first trace's bars (Plotly's default), which is the order wanted.
    fig.update_yaxes(type="category", automargin=True, showgrid=False, tickfont={"size": LABEL_SIZE})
    fig = wide_frame(fig, spec, subtitle, lang, height=150 + 58 * len(rows) + 18 * len(subtitle))
    return add_marks(fig.update_layout(margin_l=label_margin(y)))


def rate_chart(frame: pd.DataFrame, spec: Mapping, *, lang: str = "zh",
               qualifier_labels: Mapping[str, str], narrow: bool = False, slide: bool = False) -> go.Figure:
    """Rates as bars against a 100% track, so each reads as part of its whole."""
    if narrow:
        frame = frame.sort_values("base_value", ascending=False)
        subtitle = [t("unit_percent", lang), *chart_notes(frame, lang, qualifier_labels)]
        rows = [{"id": r["id"], "label": figure_label(r, lang), "value": r["base_value"], "base": 0.0, "display": reading(r, lang).value,
                 "open": r["qualifier"] in OPEN, "record": r} for r in frame.to_dict("records")]
        if any(r["open"] for r in rows):
            subtitle.append(t("open_note", lang))
        return narrow_list(frame, spec, lang, rows, 100, subtitle, track=True)
    frame = frame.sort_values("base_value")
    width = label_width(lang, slide)
    labels = [wrap(figure_label(r, lang), width) for r in frame.to_dict("records")]
    ids = list(frame["id"])
    hover = hover_texts(frame, lang)
    fig = go.Figure()
    fig.add_bar(x=[100] * len(frame), y=labels, orientation="h", marker={"color": TRACK}, hoverinfo="skip",
                customdata=ids)
    fig.add_bar(x=list(frame["base_value"]), y=labels, orientation="h", marker={"color": spec["color"]},
                customdata=ids, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    records = frame.to_dict("records")
    rows = [{"id": r["id"], "base": 0.0, "value": r["base_value"], "open": r["qualifier"] in OPEN} for r in records]
    _open_ends(fig, rows, labels, spec)  # 96%以上, 超95%: a chevron as on any open-ended bar
    for label, text, fid in zip(labels, [reading(r, lang).value for r in records], ids):
        fig.add_annotation(x=100, y=label, text=f"<b>{plotly_text(text)}</b>", xanchor="left", xshift=8, showarrow=False,
                           font={"size": 15, "color": INK}, name=f"value:{fid}")
    fig.update_layout(barmode="overlay", bargap=0.35)
    # Ticks 0-100 without "%" (the unit line says it): with the "%" Plotly's automargin widened the right margin
    # and drew every rate chart a second time (~15 ms of the overview's first view).
    fig.update_xaxes(range=[0, 100], tick0=0, dtick=25, showgrid=False, automargin=True,
                     zeroline=False, tickfont={"color": MUTED, "size": 12},
                     domain=[0, (0.74 if lang == "zh" else 0.66) if slide else (0.86 if lang == "zh" else 0.78)])
    # room for "at least 96%" right of the track
    fig.update_yaxes(type="category", automargin=True, showgrid=False, tickfont={"size": LABEL_SIZE})
    subtitle = [t("unit_percent", lang), *chart_notes(frame, lang, qualifier_labels)]
    if any(r["open"] for r in rows):
        subtitle.append(t("open_note", lang))
    fig = wide_frame(fig, spec, subtitle, lang, height=150 + 62 * len(frame) + 18 * len(subtitle))
    return add_marks(fig.update_layout(margin_l=label_margin(labels)))


def tile_value(row: Mapping, lang: str) -> str:
    """A tile's big text: the figure as published, or for the size of a ranked peer group, the rank in
    it (15个中位列第一), so 15 never reads as an achievement of its own."""
    return reading(row, lang).value


def indicator_panel(frame: pd.DataFrame, spec: Mapping, *, lang: str = "zh",
                    qualifier_labels: Mapping[str, str], narrow: bool = False, slide: bool = False) -> go.Figure:
    """Tiles for figures in different units: each shows its value exactly as published.
    slide: for a deck slide (SLIDE_WIDTH px, type at least SLIDE_MIN_FONT), three tiles a row from five."""
    count = len(frame)
    cols = 1 if narrow else min(2, count)  # two tiles a row from a laptop to a projector, one on a phone
    rows = math.ceil(count / cols)
    fig = go.Figure()
    xs, ys = [], []
    records = frame.to_dict("records")
    values = [tile_value(r, lang) for r in records]
    longest = max(text_width(s) for s in values)
    value_size = 28 if longest <= 12 else 23 if longest <= 20 else 19
    label_width = 24 if lang == "zh" else 34
    if narrow:  # a tile is ~280 px wide for its text: the value's size follows its length
        value_size = max(16, min(26, int(280 / (0.6 * longest))))
        label_width = 40
    if slide:  # a tile's text may use ~80% of its share of the slide's width
        room = SLIDE_WIDTH / cols * 0.75
        value_size = max(SLIDE_MIN_FONT + 3, min(40, int(room / (0.62 * longest))))
        # A value too long for a line even at the least size takes two (wrap escapes it).
        values = [wrap(v, max(int(room / (0.62 * value_size)), 8)) for v in values]
        label_width = int(room / (SLIDE_MIN_FONT / 2))
    for i, (row, value) in enumerate(zip(records, values)):
        col, line = i % cols, rows - 1 - i // cols
        x0, y0 = col + 0.04, line + 0.06
        # Names tie each tile's shapes and texts to its figure: highlight_updates dims and outlines the shapes.
        fig.add_shape(type="rect", x0=x0, x1=col + 0.96, y0=y0, y1=line + 0.94,
                      line={"color": INK, "width": 0}, fillcolor="#F3F4F6", layer="below", opacity=1,
                      name=f"tile:{row['id']}")
        fig.add_shape(type="rect", x0=x0, x1=x0 + 0.025, y0=y0, y1=line + 0.94,
                      line={"width": 0}, fillcolor=spec["color"], layer="below", opacity=1, name=f"accent:{row['id']}")
        # Value hangs from the tile's top, the label from below it: a long English value and a
        # three-line label no longer overlap.
        fig.add_annotation(x=col + 0.1, y=line + 0.90, text=f"<b>{value if slide else plotly_text(value)}</b>", xanchor="left",
                           yanchor="top", showarrow=False, font={"size": value_size, "color": INK},
                           name=f"value:{row['id']}")
        fig.add_annotation(x=col + 0.1, y=line + (0.12 if slide else 0.60), text=wrap(figure_label(row, lang), label_width),
                           xanchor="left", yanchor="bottom" if slide else "top", showarrow=False, align="left",
                           font={"size": SLIDE_MIN_FONT if slide else 13, "color": MUTED}, name=f"label:{row['id']}")
        xs.append(col + 0.5)
        ys.append(y0)
    # An invisible bar over each whole tile makes all of it, its big number too, hoverable and clickable.
    fig.add_bar(x=xs, y=[0.88] * len(xs), base=ys, width=0.92, marker={"opacity": 0}, name=TARGETS,
                customdata=list(frame["id"]), hovertext=hover_texts(frame, lang),
                hovertemplate="%{hovertext}<extra></extra>", showlegend=False)
    fig.update_xaxes(range=[0, cols], visible=False, fixedrange=True)
    fig.update_yaxes(range=[0, rows], visible=False, fixedrange=True)
    subtitle = [t("unit_mixed", lang), *chart_notes(frame, lang, qualifier_labels)]
    if narrow:
        return narrow_frame(fig, spec, subtitle, lang, 112 * rows)
    return wide_frame(fig, spec, subtitle, lang, height=120 + 130 * rows + 18 * len(subtitle))

BUILDERS = {"bar": bar_chart, "rate": rate_chart, "indicators": indicator_panel}


