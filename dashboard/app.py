"""The Dash app: layout shell, thin callbacks, health check and error pages."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import dcc, html
from flask import jsonify

from . import DEFAULT_DATA_DIR, explore, ids
from .i18n import t
from .loading import load
from .urlstate import View
from .views import OVERVIEW, tab_ids, tab_label

ROOT = Path(__file__).resolve().parent.parent


def create_app(data_dir: str | Path = DEFAULT_DATA_DIR) -> dash.Dash:
    """Build the app; raises DataError before serving anything if the data is bad."""
    data_dir = str(Path(data_dir).resolve())
    data = load(data_dir)
    lang = "zh"
    start = View()  # the first paint is the plain overview; a query string is applied by the sync callback
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
            explore.controls(data, lang),
            html.Div(id=ids.NOTICE, className="notice", role="status"),
            html.Main(id=ids.CONTENT, children=explore.view_content(data, start, lang, data_dir)),
            explore.table_section(data, start, lang),
            html.Aside(id=ids.DETAIL, className="detail", **{"aria-live": "polite", "aria-label": t("detail", lang)}),
            *explore.stores(start),
        ],
    )

    explore.register(app, data, lang, data_dir)

    server = app.server

    @server.route("/healthz")
    def healthz():
        return jsonify(status="ok", figures=int(len(data.figures)))

    return app
