"""The Dash app: layout shell, thin callbacks, health check and error pages."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, callback_context, dcc, html, no_update
from flask import jsonify

from . import DEFAULT_DATA_DIR, ids
from .bundle import choose_plotly_bundle
from .charts import trace_types
from .i18n import t
from .loading import load
from .server import harden
from .urlstate import parse_view
from .views import OVERVIEW, tab_ids, tab_label, tab_layout

ROOT = Path(__file__).resolve().parent.parent


def create_app(data_dir: str | Path = DEFAULT_DATA_DIR) -> dash.Dash:
    """Build the app; raises DataError before serving anything if the data is bad."""
    data_dir = str(Path(data_dir).resolve())
    data = load(data_dir)
    lang = "zh"
    app = dash.Dash(
        __name__,
        title=t("app_title", lang),
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        update_title=None,
    )
    app.layout = html.Div(
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            html.Header(
                id=ids.HEADER,
                children=[html.H1(t("app_title", lang)), html.P(t("app_subtitle", lang), className="subtitle")],
            ),
            dcc.Tabs(
                id=ids.TABS,
                value=OVERVIEW,
                className="tabs",
                children=[dcc.Tab(label=tab_label(data, tab, lang), value=tab, id=f"tab-{tab}") for tab in tab_ids(data)],
            ),
            html.Div(id=ids.NOTICE, className="notice", role="status"),
            html.Main(id=ids.CONTENT),
        ],
    )

    @app.callback(
        Output(ids.TABS, "value"),
        Output(ids.URL, "search"),
        Output(ids.NOTICE, "children"),
        Input(ids.URL, "search"),
        Input(ids.TABS, "value"),
    )
    def sync_url_and_tab(search, tab):
        """The URL opens a tab; switching tabs writes the URL."""
        if callback_context.triggered_id == ids.TABS:
            if tab not in tab_ids(data):
                return OVERVIEW, no_update, no_update
            view = parse_view(search, data)
            view.tab = tab
            return no_update, view.query(), ""
        view = parse_view(search, data)
        notice = "已忽略无效的链接参数：" + "、".join(view.ignored) if view.ignored else ""
        return view.tab, no_update, notice

    @app.callback(Output(ids.CONTENT, "children"), Input(ids.TABS, "value"))
    def render_tab(tab):
        """The cards and charts of the selected tab."""
        return tab_layout(data, tab if tab in tab_ids(data) else OVERVIEW, lang, data_dir)

    harden(app)  # security headers, request cap, callback payload checks, error shape
    choose_plotly_bundle(app, trace_types(data_dir, data.charts.index))  # partial plotly.js if it covers every chart
    server = app.server

    @server.route("/healthz")
    def healthz():
        return jsonify(status="ok", figures=int(len(data.figures)))

    return app
