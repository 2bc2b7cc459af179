"""Presentation mode (`?present=1`): the view's charts one per screen, large type, high contrast.

Keys (assets/presentation.js) press the layer's own buttons: ←/→ and PageUp/PageDown move, Esc leaves.
"""

from __future__ import annotations

import copy
import dash
from dash import ClientsideFunction, Input, Output, State, callback_context, dcc, html

from . import ids
from .charts import cached_chart
from .figures import INK, MUTED, TRACK
from .i18n import t
from .loading import Dataset
from .explore import is_narrow
from .urlstate import parse_view, presenting, shown_charts, view_data, with_present  # noqa: F401 (presenting: the mode's test)

TYPE_SCALE = 1.6  # text readable from the back of a room
# Dark ink on white becomes white on black; the area colours stay (3:1 on black too: tests/test_palette.py).
CONTRAST = {INK: "#FFFFFF", MUTED: "#F3F4F6", TRACK: "#3F3F46", "#F3F4F6": "#1C1C1F", "WHITE": "#000000"}


def present_figure(figure: dict, narrow: bool = False) -> dict:
    """A chart restyled for a projector: every font larger, white on black; the data untouched.

    A phone's narrow figure only turns white on black: its rows are laid out in pixels, and its type
    is already as large as a phone's width allows."""
    if narrow:
        return _restyle(copy.deepcopy(figure), scale=1)
    out = _restyle(copy.deepcopy(figure))
    layout = out["layout"]
    layout.pop("height", None)
    layout["autosize"] = True
    margin = layout.get("margin", {})
    layout["margin"] = {**margin, "t": int(margin.get("t", 80) * TYPE_SCALE), "b": int(margin.get("b", 56) * TYPE_SCALE),
                        "l": 40, "r": 60}
    for note in layout.get("annotations", []):
        if "yshift" in note:
            note["yshift"] = int(note["yshift"] * TYPE_SCALE)
    return out


def _restyle(node, key: str = "", scale: float = TYPE_SCALE):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "size" and key.endswith("font") and isinstance(v, int | float):
                node[k] = round(v * scale)
            else:
                node[k] = _restyle(v, k, scale)
        return node
    if isinstance(node, list):
        return [_restyle(v, key, scale) for v in node]
    if isinstance(node, str):
        return CONTRAST.get(node.upper(), node)
    return node


def layer(lang: str) -> html.Div:
    """The full-screen layer; hidden unless the URL says present=1."""
    return html.Div(
        id=ids.PRESENT_LAYER,
        className="present-layer",
        hidden=True,
        children=[
            dcc.Store(id=ids.PRESENT_REQUEST),
            dcc.Store(id=ids.PRESENT_SLIDES, data=[]),
            dcc.Store(id=ids.PRESENT_INDEX, data={"at": 0, "next": 0, "prev": 0}),
            # The stage scrolls a phone slide, which keeps its own height (presentation.js sets it).
            html.Div(className="present-stage", children=dcc.Graph(
                id=ids.PRESENT_GRAPH, className="present-graph", figure={}, style={"height": "100%"},
                config={"displayModeBar": False, "responsive": True})),
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
    """Open/leave via the URL; the URL's view decides the slides; slide changes stay in the browser."""

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.PRESENT_BUTTON, "n_clicks"),
        Input(ids.PRESENT_EXIT, "n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def open_or_leave(_open, _leave, search):
        return with_present(search, callback_context.triggered_id == ids.PRESENT_BUTTON)

    app.clientside_callback(
        ClientsideFunction(namespace="presentation", function_name="wanted"),
        Output(ids.PRESENT_REQUEST, "data"),
        Input(ids.URL, "search"),
        State(ids.PRESENT_LAYER, "hidden"),
    )

    @app.callback(
        Output(ids.PRESENT_LAYER, "hidden"),
        Output(ids.PRESENT_SLIDES, "data"),
        Input(ids.PRESENT_REQUEST, "data"),
        State(ids.STORE_SCREEN, "data"),
        prevent_initial_call=True,
    )
    def slides(search, screen):
        if not presenting(search):
            return True, []
        view = parse_view(search, data)
        narrow = is_narrow(screen)
        shown = view_data(data, view)
        return False, [present_figure(cached_chart(shown, c, view.lang, subset, narrow), narrow)
                       for c, subset in shown_charts(shown, view)]

    app.clientside_callback(
        ClientsideFunction(namespace="presentation", function_name="show"),
        Output(ids.PRESENT_INDEX, "data"),
        Output(ids.PRESENT_GRAPH, "figure"),
        Output(ids.PRESENT_COUNTER, "children"),
        Output(ids.PRESENT_GRAPH, "style"),
        Input(ids.PRESENT_PREV, "n_clicks"),
        Input(ids.PRESENT_NEXT, "n_clicks"),
        Input(ids.PRESENT_SLIDES, "data"),
        State(ids.PRESENT_INDEX, "data"),
    )
