"""Figure builders: pure functions from a frame of figures to a go.Figure (no Dash here)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape, unescape

import pandas as pd
import plotly.graph_objects as go

from ..view.strings import t, text_width, wrap
from ..view.reading import reading

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
INK = "#1F2937"
MUTED = "#4B5563"
TRACK = "#E5E7EB"
SOURCE_SHIFT = -34  # px below the plot area, clear of the x-axis tick labels

# A phone (390 px less page and card padding) leaves a chart about 360 px; its narrow layout wraps
# every text for that width and puts labels above bars, so nothing is clipped and nothing scrolls.
NARROW_WIDTH = 360
NARROW_MARGIN = 8
NARROW_PLOT = NARROW_WIDTH - 2 * NARROW_MARGIN
LINE = {17: 22, 15: 19, 13: 17, 12: 15}  # px per text line, by font size

# A deck slide's chart image spans 12.3 of the slide's 13.33 inches: at SLIDE_WIDTH px, a 25 px text
# is 18 pt when the slide is shown (25 * 12.3 * 72 / 1200), the least a projected slide should carry.
SLIDE_WIDTH = 1200
SLIDE_HEIGHT = 500  # 12.3 x 5.1 inches: the slide below its title and unit line
SLIDE_BOX = (12.3, 5.1)  # inches
SLIDE_MIN_FONT = 25


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
        said = reading(row, lang)
        parts = [f"<b>{wrap(_label(row, lang), 40)}</b>", _text(said.value)]
        if said.in_base:
            parts.append(f"{t('base_units', lang)} {_text(said.in_base)}")
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


def _source(spec: Mapping, lang: str) -> str:
    sources = "、".join(spec["sources_zh"]) if lang == "zh" else "; ".join(spec["sources_en"])
    return t("source", lang, orgs=sources, period=spec["period"])


def _page(spec: Mapping, font_size: int, height: int, margin: dict, **meta) -> dict:
    """What every chart's layout shares, wide or phone: type, white ground, size, no legend, the chart's ids."""
    return {
        "font": {"family": FONT, "size": font_size, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": margin,
        "showlegend": False,
        "hoverlabel": {"font": {"family": FONT}, "align": "left"},
        "hovermode": "closest",
        "autotypenumbers": "strict",  # a label of digits stays a category
        "separators": ".,",
        "meta": {"chart_id": spec["id"], "area": spec["area"], **meta},
    }


FRAME_LEFT = 12  # px left of a wide chart's bar labels
LABEL_SIZE = 13  # px, a wide chart's bar labels
# Advance widths in em, rounded up from Noto Sans CJK SC (the charts' first font): CJK characters and full-width
# punctuation one em, Latin letters by shape.
EM_CLASSES = ((" ", 0.23), ("ijl|'.,:;!", 0.3), ("ftr()[]{}-/\\", 0.4), ('"?*', 0.5),
              ("ceksvxyz0123456789#$+<=>^_~", 0.56), ("mwMW@%", 0.95))
EM = {ch: em for chars, em in EM_CLASSES for ch in chars}


def text_px(line: str, size: int) -> float:
    """About how wide a line of text draws at size px in the charts' font (never much less)."""
    return size * sum(1.0 if ord(ch) > 0x2E80 or ch in "“”‘’" else EM.get(ch, 0.75 if ch.isupper() else 0.63)
                      for ch in unescape(line))


def label_margin(labels: list[str]) -> int:
    """A wide chart's left margin, wide enough for its longest (wrapped, escaped) bar label.

    Plotly's automargin makes room for labels by drawing a chart a second time with the margin it measured;
    a margin that already holds them spares that pass (the overview's five charts: newPlot 116-134 -> ~96 ms
    when the app starts). It is a floor: a reader whose font draws wider still gets whole labels."""
    widest = max(text_px(line, LABEL_SIZE) for label in labels for line in label.split("<br>"))
    return FRAME_LEFT + math.ceil(widest) + 2


def _frame_layout(fig: go.Figure, spec: Mapping, subtitle: list[str], lang: str, height: int) -> go.Figure:
    """Title, subtitle (unit and qualifier wording) and source line inside the figure itself.
    No zoom or pan: a static comparison has nothing to zoom into, and its toolbar needs only the camera."""
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    fig.update_layout(
        dragmode=False,
        title={
            "text": f"<b>{_text(spec[f'title_{lang}'])}</b>",
            "subtitle": {"text": "<br>".join(subtitle), "font": {"size": 13, "color": MUTED}},
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": 19, "color": INK},
        },
        **_page(spec, 14, height, {"l": FRAME_LEFT, "r": 24, "t": 92 + 20 * max(0, len(subtitle) - 1), "b": 56},
                notes=[unescape(line) for line in subtitle]),  # unit and notes as text, for a slide to show
    )
    fig.add_annotation(
        text=_text(_source(spec, lang)),
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top", yshift=SOURCE_SHIFT,
        showarrow=False, font={"size": 12, "color": MUTED}, align="left", name="source",
    )
    return _untemplated(fig)


def _untemplated(fig: go.Figure) -> go.Figure:
    """The figure without plotly.py's default template: the builders set every style a chart shows.

    The template weighed 7 of a figure's 10 kB, and in the browser it cost a whole redraw on every update:
    dcc.Graph hands Plotly.react a deep copy of the layout, and Plotly redraws everything for a template
    object that is not the one it has (as for a data array in the layout: so no categoryarray or tickvals
    here either). Exports rebuild figures through go.Figure, which puts the template back; it changes
    nothing there, since nothing here is left to it (tests/test_figures.py renders both and compares)."""
    fig.layout.template = None
    for trace in fig.data:
        if trace.type == "bar" and trace.marker.line.width is None:
            trace.marker.line.width = 0  # the template drew a 0.5 px outline round every bar
    return fig


def _lines(text: str) -> int:
    return text.count("<br>") + 1


def _narrow_frame(fig: go.Figure, spec: Mapping, subtitle: list[str], lang: str, plot_height: int) -> go.Figure:
    """The phone frame: title, subtitle and source wrapped to the phone's width, axes hidden,
    no zoom or drag (a finger scrolling the page must not pan a chart).

    Title and subtitle are annotations anchored at their bottom: Plotly's own title misplaces a
    title of several lines (its first line leaves the figure)."""
    title = wrap(spec[f"title_{lang}"], 32)
    sub = "<br>".join(wrap(unescape(line), 46) for line in subtitle)  # wrap escapes again
    source = wrap(_source(spec, lang), 52)
    sub_height = LINE[13] * _lines(sub)
    title_height = LINE[17] * _lines(title)
    top = 12 + title_height + 6 + sub_height + 14
    bottom = 10 + LINE[12] * _lines(source) + 6
    margin = {"l": NARROW_MARGIN, "r": NARROW_MARGIN, "t": top, "b": bottom}
    fig.update_layout(dragmode=False, **_page(spec, 13, top + plot_height + bottom, margin, layout="narrow"))
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, fixedrange=True)
    frame_text = {"xref": "paper", "yref": "paper", "x": 0, "xanchor": "left", "showarrow": False, "align": "left"}
    fig.add_annotation(text=f"<b>{title}</b>", y=1, yanchor="bottom", yshift=14 + sub_height + 6,
                       font={"size": 17, "color": INK}, name="title", **frame_text)
    fig.add_annotation(text=sub, y=1, yanchor="bottom", yshift=14, font={"size": 13, "color": MUTED},
                       name="subtitle", **frame_text)
    fig.add_annotation(text=source, y=0, yanchor="top", yshift=-10, font={"size": 12, "color": MUTED},
                       name="source", **frame_text)
    return _untemplated(fig)


ROW_BAR = 16  # px: the bar under each label in the narrow list
ROW_GAP = 20  # px from a bar to the next row's label


def _narrow_list(frame: pd.DataFrame, spec: Mapping, lang: str, rows: list[dict], x_max: float,
                 subtitle: list[str], track: bool) -> go.Figure:
    """Bars for a phone: each row's label (left) and value as published (right) above a bar that
    spans the chart's width at the largest value (or at 100% on a grey track for rates).
    rows come from bar_rows (or one per rate): parts start where the previous part ended."""
    texts = [_text(r["display"]) for r in rows]
    value_px = max(9 * text_width(s) for s in texts)  # bold 15 px: a Latin letter ~9 px, a CJK character ~17
    # A long value ("over 10,000,000 person-times") would squeeze its label into a narrow column:
    # then every value gets its own line under its label.
    stacked = value_px > NARROW_PLOT * 0.45
    label_width = (NARROW_PLOT - 4 if stacked else NARROW_PLOT - value_px - 14) // 7  # 13 px: ~7 px a unit
    labels = [wrap(r["label"], label_width) for r in rows]
    label_px = [LINE[13] * _lines(label) for label in labels]
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
    fig.add_bar(x=[r["value"] for r in rows], base=[r.get("base", 0) for r in rows], y=bar_ys, width=ROW_BAR,
                orientation="h", customdata=ids, hovertext=_hover(records, lang),
                marker={"color": spec["color"]}, hovertemplate="%{hovertext}<extra></extra>")
    _open_ends(fig, rows, bar_ys, spec)  # 14 px tall: within a phone's 16 px bar
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
    return _marks(_narrow_frame(fig, spec, subtitle, lang, total))


def _unit_line(spec: Mapping, lang: str) -> str:
    return t("unit_percent", lang) if spec["unit"] == "%" else t("unit", lang, unit=_text(spec[f"unit_{lang}"]))


def label_width(lang: str, slide: bool = False) -> int:
    """Display width a bar's label wraps at: a slide's picture has room for a line of about 15 CJK characters."""
    return (30 if lang == "zh" else 44) if slide else (20 if lang == "zh" else 30)


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
        row = {"id": r["id"], "label": _label(r, lang), "value": r["base_value"] / axis_multiplier, "base": 0.0,
               "display": reading(r, lang).value, "open": r["qualifier"] in OPEN,
               "role": "total" if r["id"] in parts else "single", "record": r}
        group = [row]
        for part in sorted(parts.get(r["id"], []), key=lambda p: -p["base_value"]):
            group.append({"id": part["id"], "label": t("part_prefix", lang) + _label(part, lang),
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
                      line={"color": spec["color"], "width": 3}, fillcolor=CLEAR)
    return fig


def _bar_notes(rows: list[dict], frame: pd.DataFrame, spec: Mapping, lang: str,
               qualifier_labels: Mapping[str, str], unit_line: str) -> list[str]:
    subtitle = [unit_line, *_notes(frame, lang, qualifier_labels)]
    if any(r["open"] for r in rows):
        subtitle.append(t("open_note", lang))  # what the chevron means, under the title of each chart that has one
    return subtitle


def bar_chart(frame: pd.DataFrame, spec: Mapping, *, lang: str = "zh", axis_multiplier: float = 1,
              qualifier_labels: Mapping[str, str], narrow: bool = False, slide: bool = False) -> go.Figure:
    """Horizontal bars of figures that share one unit, largest first, labelled as published.

    A total and its parts form one group (the parts laid end to end under the total); an open-ended
    figure (超, 余, 以上) ends at its number, with a chevron past the end (_open_ends)."""
    rows = bar_rows(frame, lang, axis_multiplier)
    subtitle = _bar_notes(rows, frame, spec, lang, qualifier_labels, _unit_line(spec, lang))
    reach = max(r["base"] + r["value"] for r in rows)
    if narrow:  # a little room past the longest bar for its chevron (no axis is shown on a phone)
        return _narrow_list(frame, spec, lang, rows, reach * (1.06 if any(r["open"] for r in rows) else 1),
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
            hovertext=_hover(pd.DataFrame([r["record"] for r in rows]), lang),
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    _open_ends(fig, rows, y, spec)
    for r, yy in zip(rows, y):
        if r["display"]:
            fig.add_annotation(x=r["base"] + r["value"], y=yy, text=_text(r["display"]), xanchor="left",
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
    fig = _frame_layout(fig, spec, subtitle, lang, height=150 + 58 * len(rows) + 18 * len(subtitle))
    return _marks(fig.update_layout(margin_l=label_margin(y)))


def rate_chart(frame: pd.DataFrame, spec: Mapping, *, lang: str = "zh",
               qualifier_labels: Mapping[str, str], narrow: bool = False, slide: bool = False) -> go.Figure:
    """Rates as bars against a 100% track, so each reads as part of its whole."""
    if narrow:
        frame = frame.sort_values("base_value", ascending=False)
        subtitle = [t("unit_percent", lang), *_notes(frame, lang, qualifier_labels)]
        rows = [{"id": r["id"], "label": _label(r, lang), "value": r["base_value"], "base": 0.0, "display": reading(r, lang).value,
                 "open": r["qualifier"] in OPEN, "record": r} for r in frame.to_dict("records")]
        if any(r["open"] for r in rows):
            subtitle.append(t("open_note", lang))
        return _narrow_list(frame, spec, lang, rows, 100, subtitle, track=True)
    frame = frame.sort_values("base_value")
    width = label_width(lang, slide)
    labels = [wrap(_label(r, lang), width) for r in frame.to_dict("records")]
    ids = list(frame["id"])
    hover = _hover(frame, lang)
    fig = go.Figure()
    fig.add_bar(x=[100] * len(frame), y=labels, orientation="h", marker={"color": TRACK}, hoverinfo="skip",
                customdata=ids)
    fig.add_bar(x=list(frame["base_value"]), y=labels, orientation="h", marker={"color": spec["color"]},
                customdata=ids, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    records = frame.to_dict("records")
    rows = [{"id": r["id"], "base": 0.0, "value": r["base_value"], "open": r["qualifier"] in OPEN} for r in records]
    _open_ends(fig, rows, labels, spec)  # 96%以上, 超95%: a chevron as on any open-ended bar
    for label, text, fid in zip(labels, [reading(r, lang).value for r in records], ids):
        fig.add_annotation(x=100, y=label, text=f"<b>{_text(text)}</b>", xanchor="left", xshift=8, showarrow=False,
                           font={"size": 15, "color": INK}, name=f"value:{fid}")
    fig.update_layout(barmode="overlay", bargap=0.35)
    # Ticks 0-100 without "%" (the unit line says it): with the "%" Plotly's automargin widened the right margin
    # and drew every rate chart a second time (~15 ms of the overview's first view).
    fig.update_xaxes(range=[0, 100], tick0=0, dtick=25, showgrid=False, automargin=True,
                     zeroline=False, tickfont={"color": MUTED, "size": 12},
                     domain=[0, (0.74 if lang == "zh" else 0.66) if slide else (0.86 if lang == "zh" else 0.78)])
    # room for "at least 96%" right of the track
    fig.update_yaxes(type="category", automargin=True, showgrid=False, tickfont={"size": LABEL_SIZE})
    subtitle = [t("unit_percent", lang), *_notes(frame, lang, qualifier_labels)]
    if any(r["open"] for r in rows):
        subtitle.append(t("open_note", lang))
    fig = _frame_layout(fig, spec, subtitle, lang, height=150 + 62 * len(frame) + 18 * len(subtitle))
    return _marks(fig.update_layout(margin_l=label_margin(labels)))


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
                      line={"width": 0}, fillcolor="#F3F4F6", layer="below", name=f"tile:{row['id']}")
        fig.add_shape(type="rect", x0=x0, x1=x0 + 0.025, y0=y0, y1=line + 0.94,
                      line={"width": 0}, fillcolor=spec["color"], layer="below", name=f"accent:{row['id']}")
        # Value hangs from the tile's top, the label from below it: a long English value and a
        # three-line label no longer overlap.
        fig.add_annotation(x=col + 0.1, y=line + 0.90, text=f"<b>{value if slide else _text(value)}</b>", xanchor="left",
                           yanchor="top", showarrow=False, font={"size": value_size, "color": INK},
                           name=f"value:{row['id']}")
        fig.add_annotation(x=col + 0.1, y=line + (0.12 if slide else 0.60), text=wrap(_label(row, lang), label_width),
                           xanchor="left", yanchor="bottom" if slide else "top", showarrow=False, align="left",
                           font={"size": SLIDE_MIN_FONT if slide else 13, "color": MUTED}, name=f"label:{row['id']}")
        xs.append(col + 0.5)
        ys.append(y0)
    # An invisible bar over each whole tile makes all of it, its big number too, hoverable and clickable.
    fig.add_bar(x=xs, y=[0.88] * len(xs), base=ys, width=0.92, marker={"opacity": 0}, name=TILE_TARGETS,
                customdata=list(frame["id"]), hovertext=_hover(frame, lang),
                hovertemplate="%{hovertext}<extra></extra>", showlegend=False)
    fig.update_xaxes(range=[0, cols], visible=False, fixedrange=True)
    fig.update_yaxes(range=[0, rows], visible=False, fixedrange=True)
    subtitle = [t("unit_mixed", lang), *_notes(frame, lang, qualifier_labels)]
    if narrow:
        return _narrow_frame(fig, spec, subtitle, lang, 112 * rows)
    return _frame_layout(fig, spec, subtitle, lang, height=120 + 130 * rows + 18 * len(subtitle))


TILE_TARGETS = "tile-targets"  # the name of a tile panel's invisible click targets

BUILDERS = {"bar": bar_chart, "rate": rate_chart, "indicators": indicator_panel}



def for_slide(fig: go.Figure) -> go.Figure:
    """The chart as a deck slide's picture: no title, unit line or source (the slide carries them as
    text), every text at least SLIDE_MIN_FONT px, sized SLIDE_WIDTH x SLIDE_HEIGHT."""
    out = go.Figure(fig)
    out.layout.template = None  # go.Figure puts plotly.py's default back (_untemplated)
    out.layout.title = None
    out.layout.annotations = [a for a in out.layout.annotations if a.name != "source"]

    def grow(size):
        return size if size is None or size >= SLIDE_MIN_FONT else round(SLIDE_MIN_FONT + (size - 12) * 1.5)

    out.layout.font.size = grow(out.layout.font.size)
    for note in out.layout.annotations:
        note.font.size = grow(note.font.size or out.layout.font.size)
    for axis in (out.layout.xaxis, out.layout.yaxis):
        axis.tickfont.size = grow(axis.tickfont.size or out.layout.font.size)
    for trace in out.data:
        if getattr(trace, "textfont", None) is not None and trace.textfont.size:
            trace.textfont.size = grow(trace.textfont.size)
    out.layout.hoverlabel = None
    out.update_layout(width=SLIDE_WIDTH, height=SLIDE_HEIGHT, margin={"l": 12, "r": 30, "t": 12, "b": 50},
                      meta={**(out.layout.meta or {}), "layout": "slide"})
    return out

DIM = 0.3  # opacity of marks outside the highlighted topic: still legible, clearly in the background
OUTLINE = 2.5


def _marks(fig: go.Figure) -> go.Figure:
    """A mark over each figure's bars (by customdata): a rectangle shape a pick turns into a veil or an outline.

    A pick dims and outlines bars through these shapes (highlight_updates), never through the bars' own
    marker arrays: Plotly redraws a changed shape alone, but recomputes and redraws the whole chart for a
    changed per-bar array (and for a shape's changed `visible`, so a mark at rest is one at opacity 0).
    A veil is the plot's background at 1 - DIM opacity over the bar: the colour a bar at opacity DIM shows
    on that background. One box per figure and row: a bar, its open tail, a rate's track. Categories are
    numbered in the order Plotly gives them (first trace first); a bar without a width of its own spans
    1 - bargap of its category."""
    gap = fig.layout.bargap if fig.layout.bargap is not None else 0.2
    categories: dict[str, int] = {}
    boxes: dict[tuple, list[float]] = {}
    for trace in fig.data:
        if trace.type != "bar" or trace.customdata is None or trace.name == TILE_TARGETS:
            continue
        count = len(trace.customdata)
        bases = trace.base if isinstance(trace.base, tuple | list) else [trace.base or 0] * count
        half = (1 - gap if trace.width is None else trace.width) / 2
        for fid, x, y, base in zip(trace.customdata, trace.x, trace.y, bases):
            centre = y if isinstance(y, int | float) else categories.setdefault(y, len(categories))
            box = boxes.setdefault((fid, centre), [base, base + x, half])
            box[:] = [min(box[0], base), max(box[1], base + x), max(box[2], half)]
    for (fid, centre), (x0, x1, half) in boxes.items():
        fig.add_shape(type="rect", xref="x", yref="y", x0=x0, x1=x1, y0=centre - half, y1=centre + half,
                      layer="above", name=f"mark:{fid}", opacity=0, fillcolor=fig.layout.plot_bgcolor,
                      line={"color": INK, "width": 0})
    return fig


CLEAR = "rgba(0,0,0,0)"  # an outline's fill


def highlight_updates(figure: Mapping, topics: Mapping[str, str], topic: str | None,
                      selected: str | None) -> list[tuple[tuple, object]]:
    """(property path, value) pairs that show `topic` at full strength, dim the rest and outline `selected`.

    Works on a built figure's dict, through its named shapes: a bar's mark (_marks: a veil, an outline or
    nothing), a tile and its accent; texts never dim, so they keep their 4.5:1 contrast (at DIM a label
    would fall to about 1.6:1); topic None restores every mark. The same pairs set a copied dict or a
    dash.Patch, so a click can repaint charts without resending them; only shapes change, which Plotly
    redraws alone."""

    def dimmed(fid: str) -> bool:
        return topic is not None and topics.get(fid) != topic

    ground = figure.get("layout", {}).get("plot_bgcolor", "white")
    updates: list[tuple[tuple, object]] = []
    for j, shape in enumerate(figure.get("layout", {}).get("shapes", [])):
        role, _, fid = (shape.get("name") or "").partition(":")
        if not fid:
            continue
        if role == "mark":
            # (opacity, fill, line width): an outline, a veil, or nothing drawn
            look = (1.0, CLEAR, OUTLINE) if fid == selected else (round(1 - DIM, 2), ground, 0) if dimmed(fid) \
                else (0, ground, 0)
            updates += [(("layout", "shapes", j, "opacity"), look[0]), (("layout", "shapes", j, "fillcolor"), look[1]),
                        (("layout", "shapes", j, "line", "width"), look[2])]
        else:
            updates.append((("layout", "shapes", j, "opacity"), DIM if dimmed(fid) else 1.0))
            if role == "tile":
                updates.append((("layout", "shapes", j, "line"),
                                {"color": INK, "width": OUTLINE if fid == selected else 0}))
    return updates


def apply_updates(target, updates: list[tuple[tuple, object]]):
    """Set each path of updates on target (a dict or a dash.Patch); returns target."""
    for path, value in updates:
        node = target
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return target
