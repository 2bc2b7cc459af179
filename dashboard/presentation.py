"""Presentation mode (`?present=1&slide=N`): the view's deck one slide per screen, large type, high contrast.

Keys (assets/presentation.js): ←/→ and PageUp/PageDown move, Home/End, a number and Enter jump, Esc leaves.
Every screen shows the same slides in the same order; a phone's are laid out for its width.
"""

from __future__ import annotations

import copy
from html import unescape

import dash
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from . import ids
from .figures.charts import build_chart, cached_chart
from . import PERIOD
from .exports.deck_plan import deck_plan
from .figures.layout import FONT, INK, MUTED, TRACK
from .view.strings import t, text_width, wrap
from .data.dataset import Dataset
from .explore.request import asked_narrow
from .view.reading import reading
from .view.selection import shown_figure_ids
from .view.state import view_data
from .view.url import parse_view, presenting

TYPE_SCALE = 1.6  # the margins' growth with the type
# Text readable from the back of a room: at 1920 x 1080 a title of 48 px or more, every other text 28 px or more.
TITLE_PX = 52
TEXT_PX = 28
TEXT_SCALE = 2.2  # a chart's 13 px label becomes 29 px, its 28 px tile value 62 px
SIDE = 60  # px each side inside the stage, whose padding (briefing.css) keeps 5 % of the screen clear
STANDOFF = 14  # px between a bar and its label
# Dark ink on white becomes white on black; the area colours stay (3:1 on black too: tests/test_palette.py).
CONTRAST = {INK: "#FFFFFF", MUTED: "#F3F4F6", TRACK: "#3F3F46", "#F3F4F6": "#1C1C1F", "WHITE": "#000000"}


def present_figure(figure: dict, narrow: bool = False) -> dict:
    """A chart restyled for a projector: title at least TITLE_PX, every other text at least TEXT_PX,
    white on black, centred; the data untouched.

    A phone's narrow figure only turns white on black: its rows are laid out in pixels, and its type
    is already as large as a phone's width allows."""
    if narrow:
        return _restyle(copy.deepcopy(figure), scale=1)
    out = _restyle(copy.deepcopy(figure))
    layout = out["layout"]
    layout.pop("height", None)
    layout["autosize"] = True
    title = layout.get("title") or {}
    if title:
        title["font"] = {**title.get("font", {}), "size": TITLE_PX}
        title.update(x=0.5, xanchor="center")
    notes = len((layout.get("meta") or {}).get("notes", [])) or 1
    margin = layout.get("margin", {})
    # room for title and notes, and for a wrapped label centred on the top bar to rise above it
    lines = str(title.get("text", "")).count("<br>") + 1
    layout["margin"] = {**margin, "t": TITLE_PX + int(TITLE_PX * 1.9) * (lines - 1) + 70 + int(TEXT_PX * 1.5) * notes + 90,
                        "b": int(margin.get("b", 56) * TYPE_SCALE) + 30, "l": SIDE, "r": SIDE}
    for axis in ("xaxis", "yaxis"):  # category labels and ticks clear of the bars they name
        if isinstance(layout.get(axis), dict) and layout[axis].get("visible", True):
            layout[axis]["ticklabelstandoff"] = STANDOFF
    for note in layout.get("annotations", []):
        if "yshift" in note:
            note["yshift"] = int(note["yshift"] * TYPE_SCALE) - 20
        if note.get("name") == "source":
            note.update(x=0.5, xanchor="center")
    return out


def _grow(size: float, scale: float) -> float:
    return size if scale == 1 else max(TEXT_PX, round(size * scale))


def _restyle(node, key: str = "", scale: float = TEXT_SCALE):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "size" and key.endswith("font") and isinstance(v, int | float):
                node[k] = _grow(v, scale)
            else:
                node[k] = _restyle(v, k, scale)
        return node
    if isinstance(node, list):
        return [_restyle(v, key, scale) for v in node]
    if isinstance(node, str):
        return CONTRAST.get(node.upper(), node)
    return node


PHONE = 0.42  # a phone's text slide: type this much of the projector's (a 390 px screen, not 1920)


def _text_slide(title: str, notes: list[dict], title_y: float = 0.9, narrow: bool = False, kind: str = "") -> dict:
    """A slide of text only (cover, headline figures, one big number), white on black like the charts;
    on a phone, smaller type and shorter lines."""
    if narrow:
        for note in notes:
            note["font"] = {**note["font"], "size": max(14, round(note["font"]["size"] * PHONE))}
            if "<" not in note["text"]:  # one line at projector width: rewrapped for a phone's
                note["text"] = wrap(unescape(note["text"]), 22)
    figure = {
        "data": [],
        "layout": {
            "title": {"text": f"<b>{wrap(title, 22 if narrow else 56)}</b>", "x": 0.5, "xanchor": "center",
                      "y": title_y, "font": {"size": round(TITLE_PX * PHONE) if narrow else TITLE_PX, "color": INK}},
            "font": {"family": FONT, "color": INK, "size": TEXT_PX},
            "paper_bgcolor": "white", "plot_bgcolor": "white", "autosize": True,
            "margin": {"l": 8 if narrow else SIDE, "r": 8 if narrow else SIDE, "t": 40, "b": 40},
            "xaxis": {"visible": False, "range": [0, 1], "fixedrange": True},
            "yaxis": {"visible": False, "range": [0, 1], "fixedrange": True},
            "annotations": [{"xref": "paper", "yref": "paper", "showarrow": False, "xanchor": "center", **n}
                            for n in notes],
            "meta": {"layout": "slide", "slide": kind},
        },
    }
    return _restyle(figure, scale=1)


def _escape(text: str) -> str:
    from html import escape

    return escape(str(text), quote=False)


def cover_slide(data: Dataset, view, lang: str, title: str, narrow: bool = False) -> dict:
    orgs = list(dict.fromkeys(data.figures.loc[shown_figure_ids(data, view), "source_org"]))
    lines = [("、" if lang == "zh" else "; ").join(data.sources.loc[o, f"name_{lang}"] for o in orgs),
             t("deck_period", lang, period=data.period or PERIOD)]
    return _text_slide(title, [
        {"text": "<br>".join(wrap(o, 80) for o in lines[0].split("; ")), "x": 0.5, "y": 0.5, "yanchor": "top",
         "font": {"size": 36, "color": INK}},
        {"text": _escape(lines[1]), "x": 0.5, "y": 0.3, "font": {"size": 30, "color": MUTED}},
    ], title_y=0.7, narrow=narrow, kind="cover")


def headline_slide(data: Dataset, figure_ids, lang: str, narrow: bool = False) -> dict:
    """The view's KPI figures, three to a row (one on a phone): value, label, source."""
    longest = max(text_width(reading(data.figure(f), lang).value) for f in figure_ids)
    cols = 3 if len(figure_ids) > 4 and longest <= 16 else 2 if len(figure_ids) > 1 else 1  # values side by side
    cols = 1 if narrow else cols
    rows = -(-len(figure_ids) // cols)
    notes = []
    for i, fid in enumerate(figure_ids):
        row = data.figure(fid)
        x = (i % cols + 0.5) / cols
        y = 0.72 - (i // cols) * (0.62 / max(rows, 1))
        label = wrap(row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else ""),
                     22 if narrow else 36 if cols < 3 else 26)
        notes += [
            {"text": f"<b>{_escape(reading(row, lang).value)}</b>", "x": x, "y": y, "yanchor": "bottom",
             "font": {"size": 60 if cols < 3 else 48, "color": INK}, "name": f"value:{fid}"},
            {"text": label, "x": x, "y": y - 0.01, "yanchor": "top", "font": {"size": TEXT_PX + 2, "color": INK},
             "name": f"label:{fid}"},
        ]
    return _text_slide(t("headline_figures", lang), notes, narrow=narrow, kind="headline")


def number_slide(data: Dataset, title: str, figure_id: str, lang: str, narrow: bool = False) -> dict:
    """One figure as a big number: value as published, label, source."""
    row = data.figure(figure_id)
    label = row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else "")
    return _text_slide(title, [
        {"text": f"<b>{_escape(reading(row, lang).value)}</b>", "x": 0.5, "y": 0.55, "yanchor": "bottom",
         "font": {"size": 160, "color": INK}, "name": f"value:{figure_id}"},
        {"text": wrap(label, 50), "x": 0.5, "y": 0.5, "yanchor": "top", "font": {"size": 40, "color": INK},
         "name": f"label:{figure_id}"},
        {"text": _escape(t("source", lang, orgs=row[f"source_{lang}"], period=row["period"])), "x": 0.5, "y": 0.08,
         "font": {"size": TEXT_PX, "color": MUTED}, "name": "source"},
    ], narrow=narrow, kind="number")


def present_slides(data: Dataset, view, narrow: bool) -> list[dict]:
    """The slides of a view, the deck's on every screen and in its order: a cover, the headline figures,
    the chart slides (a lone figure as a big number); a phone's charts in their phone layout."""
    slides = []
    for item in deck_plan(data, view, view.lang):
        if item.kind == "cover":
            slides.append(cover_slide(data, view, view.lang, item.title, narrow))
        elif item.kind == "headline":
            slides.append(headline_slide(data, item.figure_ids, view.lang, narrow))
        elif item.kind == "number":
            slides.append(number_slide(data, item.title, item.figure_ids[0], view.lang, narrow))
        elif item.kind in ("chart", "tiles"):
            if narrow:
                figure = copy.deepcopy(cached_chart(data, item.chart_id, view.lang, item.subset, True))
            else:
                # Bars get one-line labels: at presentation size a two-line label would run into the next bar's.
                figure = build_chart(data, item.chart_id, view.lang, item.subset, wide_labels=True).to_dict()
            # the slide's message, as the deck's title says it
            if narrow:
                _phone_title(figure["layout"], item.title)
            else:
                figure["layout"]["title"]["text"] = f"<b>{wrap(item.title, 60)}</b>"  # a long message in two lines
            figure = present_figure(figure, narrow)
            figure["layout"]["meta"] = {**(figure["layout"].get("meta") or {}), "slide": item.kind}
            slides.append(figure)
    return slides


def _phone_title(layout: dict, title: str) -> None:
    """A phone chart (laid out in pixels, its title in the card above it) gets the slide's title on top."""
    text = wrap(title, 22)
    lines = text.count("<br>") + 1
    room = 26 * lines + 16
    # Plotly anchors a title's first line, not its block: the pad keeps the lines above it on the slide
    layout["title"] = {"text": f"<b>{text}</b>", "x": 0.5, "xanchor": "center", "xref": "paper",
                       "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8 + 26 * (lines - 1)},
                       "font": {"size": 20, "color": INK}}
    layout["margin"] = {**layout.get("margin", {}), "t": layout.get("margin", {}).get("t", 0) + room}
    if layout.get("height"):
        layout["height"] += room


def stage_graph() -> dcc.Graph:
    """The slide's graph. Made when presenting begins, not with the page: an empty chart drawn out of sight
    was drawn first and held up the page's own charts (~30-40 ms of main thread; 0.98-0.99x in an A/B)."""
    return dcc.Graph(id=ids.PRESENT_GRAPH, className="present-graph", figure={}, style={"height": "100%"},
                     config={"displayModeBar": False, "responsive": True})


def layer(lang: str) -> html.Div:
    """The full-screen layer; hidden unless the URL says present=1."""
    return html.Div(
        id=ids.PRESENT_LAYER,
        className="present-layer",
        hidden=True,
        children=[
            dcc.Store(id=ids.PRESENT_REQUEST),
            dcc.Store(id=ids.PRESENT_SLIDES, data=[]),
            # The stage scrolls a phone slide, which keeps its own height (presentation.js sets it). Its graph
            # comes when presenting begins (stage_graph).
            html.Div(id=ids.PRESENT_STAGE, className="present-stage"),
            html.Div(
                className="present-bar",
                children=[
                    html.Button("←", id=ids.PRESENT_PREV, title=t("present_prev", lang), n_clicks=0),
                    html.Span(id=ids.PRESENT_COUNTER, className="present-counter", **{"aria-live": "polite"}),
                    html.Button("→", id=ids.PRESENT_NEXT, title=t("present_next", lang), n_clicks=0),
                    html.Span(t("present_help", lang), className="present-help"),
                    html.Button(t("present_exit", lang), id=ids.PRESENT_EXIT, n_clicks=0),
                ],
            ),
        ],
    )


def register(app: dash.Dash, data: Dataset) -> None:
    """The URL's view decides the slides; opening and leaving (present=1 in the URL) and slide changes are the
    browser's (assets/presentation.js)."""

    @app.callback(
        Output(ids.PRESENT_LAYER, "hidden"),
        Output(ids.PRESENT_SLIDES, "data"),
        Output(ids.PRESENT_STAGE, "children"),
        Input(ids.PRESENT_REQUEST, "data"),
        State(ids.PRESENT_LAYER, "hidden"),
        prevent_initial_call=True,
    )
    def slides(request, hidden):
        """The request ({search, screen}: assets/presentation.js) -> the layer shown or hidden, and the slides
        of the URL's view, a phone's laid out for it."""
        search = request.get("search") if isinstance(request, dict) else None
        if not presenting(search):
            return True, [], no_update
        view = parse_view(search, data)
        # The graph is (re)made as presenting begins; while presenting, a new view only changes the slides.
        return False, present_slides(view_data(data, view), view, asked_narrow(request)), (
            stage_graph() if hidden is not False else no_update)

    # The view's slides arrive: the first one shown. Moving between them (assets/presentation.js) sets the
    # graph and the counter from the browser, with no callback.
    app.clientside_callback(
        ClientsideFunction(namespace="presentation", function_name="start"),
        Output(ids.PRESENT_GRAPH, "figure"),
        Output(ids.PRESENT_COUNTER, "children"),
        Output(ids.PRESENT_GRAPH, "style"),
        Input(ids.PRESENT_SLIDES, "data"),
        prevent_initial_call=True,  # no slides, and no graph (stage_graph), before presenting begins
    )
