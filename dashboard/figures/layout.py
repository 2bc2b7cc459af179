"""What every chart shares: fonts, colours and sizes, escaped data text, the wide, phone and slide frames."""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape, unescape

import pandas as pd
import plotly.graph_objects as go

from ..view.reading import reading
from ..view.strings import t, wrap

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


def plotly_text(value: object) -> str:
    """Data text for a Plotly string: escaped, so markup in the data shows as characters, never as tags."""
    return escape(str(value), quote=False)


def figure_label(row: Mapping, lang: str) -> str:
    text = row[f"label_{lang}"]
    return text + t("forecast_tag", lang) if row["is_forecast"] else text


def hover_texts(frame: pd.DataFrame, lang: str) -> list[str]:
    """Hover text: label, value as published, value in base units, forecast/notes."""
    out = []
    for row in frame.to_dict("records"):
        said = reading(row, lang)
        parts = [f"<b>{wrap(figure_label(row, lang), 40)}</b>", plotly_text(said.value)]
        if said.in_base:
            parts.append(f"{t('base_units', lang)} {plotly_text(said.in_base)}")
        if row[f"note_{lang}"]:
            parts.append(wrap(row[f"note_{lang}"], 40))
        out.append("<br>".join(parts))
    return out


def chart_notes(frame: pd.DataFrame, lang: str, qualifier_labels: Mapping[str, str]) -> list[str]:
    """Qualifier wording and forecast flags that apply to the figures of this chart."""
    notes = []
    words = [w for w in dict.fromkeys(frame["qualifier_word"]) if w]
    if words:
        items = ("；" if lang == "zh" else "; ").join(dict.fromkeys(plotly_text(qualifier_labels[w]) for w in words))
        notes.append(t("qualifier_note", lang, items=items))
    forecasts = frame[frame["is_forecast"]]
    if len(forecasts):
        labels = "、".join(forecasts["display_zh"]) if lang == "zh" else ", ".join(forecasts["display_en"])
        notes.append(t("forecast_note", lang, labels=plotly_text(labels)))
    return notes


def source_line(spec: Mapping, lang: str) -> str:
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


def wide_frame(fig: go.Figure, spec: Mapping, subtitle: list[str], lang: str, height: int) -> go.Figure:
    """Title, subtitle (unit and qualifier wording) and source line inside the figure itself.
    No zoom or pan: a static comparison has nothing to zoom into, and its toolbar needs only the camera."""
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    fig.update_layout(
        dragmode=False,
        title={
            "text": f"<b>{plotly_text(spec[f'title_{lang}'])}</b>",
            "subtitle": {"text": "<br>".join(subtitle), "font": {"size": 13, "color": MUTED}},
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": 19, "color": INK},
        },
        **_page(spec, 14, height, {"l": FRAME_LEFT, "r": 24, "t": 92 + 20 * max(0, len(subtitle) - 1), "b": 56},
                notes=[unescape(line) for line in subtitle]),  # unit and notes as text, for a slide to show
    )
    fig.add_annotation(
        text=plotly_text(source_line(spec, lang)),
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top", yshift=SOURCE_SHIFT,
        showarrow=False, font={"size": 12, "color": MUTED}, align="left", name="source",
    )
    return untemplated(fig)


def untemplated(fig: go.Figure) -> go.Figure:
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


def line_count(text: str) -> int:
    return text.count("<br>") + 1


def narrow_frame(fig: go.Figure, spec: Mapping, subtitle: list[str], lang: str, plot_height: int) -> go.Figure:
    """The phone frame: title, subtitle and source wrapped to the phone's width, axes hidden,
    no zoom or drag (a finger scrolling the page must not pan a chart).

    Title and subtitle are annotations anchored at their bottom: Plotly's own title misplaces a
    title of several lines (its first line leaves the figure)."""
    title = wrap(spec[f"title_{lang}"], 32)
    sub = "<br>".join(wrap(unescape(line), 46) for line in subtitle)  # wrap escapes again
    source = wrap(source_line(spec, lang), 52)
    sub_height = LINE[13] * line_count(sub)
    title_height = LINE[17] * line_count(title)
    top = 12 + title_height + 6 + sub_height + 14
    bottom = 10 + LINE[12] * line_count(source) + 6
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
    return untemplated(fig)



def unit_line(spec: Mapping, lang: str) -> str:
    return t("unit_percent", lang) if spec["unit"] == "%" else t("unit", lang, unit=plotly_text(spec[f"unit_{lang}"]))


def label_width(lang: str, slide: bool = False) -> int:
    """Display width a bar's label wraps at: a slide's picture has room for a line of about 15 CJK characters."""
    return (30 if lang == "zh" else 44) if slide else (20 if lang == "zh" else 30)


def for_slide(fig: go.Figure) -> go.Figure:
    """The chart as a deck slide's picture: no title, unit line or source (the slide carries them as
    text), every text at least SLIDE_MIN_FONT px, sized SLIDE_WIDTH x SLIDE_HEIGHT."""
    out = go.Figure(fig)
    out.layout.template = None  # go.Figure puts plotly.py's default back (untemplated)
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
