"""A prototype, measured by the benchmark, not served: tabs kept mounted and switched by visibility.

The dashboard's own data, charts and tab layouts (dashboard.views), a different shell: the overview is in
the first page; 1.5 s after the page starts, one callback renders every other tab into hidden panels;
a tab switch is then a clientside class change with no server round trip and no chart drawn.
Run as `gunicorn bench.mounted_app:server`. If the numbers hold, this belongs in dashboard/app.py.
"""

from __future__ import annotations

from pathlib import Path

import dash
from flask import send_from_directory
from dash import ClientsideFunction, Input, Output, dcc, html

from dashboard import DEFAULT_DATA_DIR, ids
from dashboard.i18n import t
from dashboard.loading import load
from dashboard.server import harden
from dashboard.explore import view_content
from dashboard.urlstate import View
from dashboard.urlstate import OVERVIEW, tab_ids, tab_label

data_dir = str(DEFAULT_DATA_DIR.resolve())
data = load(data_dir)
lang = "zh"
TABS = tab_ids(data)
OTHERS = [tab for tab in TABS if tab != OVERVIEW]


def tab_layout(data, tab: str, lang: str, data_dir: str):
    """A tab's cards and charts, as the dashboard renders them."""
    return view_content(data, View(tab=tab, lang=lang), lang)

HERE = Path(__file__).resolve().parent
app = dash.Dash(__name__, title=t("app_title", lang), assets_folder=str(DEFAULT_DATA_DIR.parent / "assets"),
                serve_locally=True, update_title=None,
                external_scripts=["/bench-files/mounted.js"], external_stylesheets=["/bench-files/mounted.css"])
app.layout = html.Div(className="page", children=[
    html.Header(id=ids.HEADER, children=[html.H1(t("app_title", lang)), html.P(t("app_subtitle", lang), className="subtitle")]),
    dcc.Tabs(id=ids.TABS, value=OVERVIEW, className="tabs",
             children=[dcc.Tab(label=tab_label(data, tab, lang), value=tab, id=f"tab-{tab}") for tab in TABS]),
    dcc.Interval(id="prerender", interval=1500, max_intervals=1),
    html.Main(id=ids.CONTENT, style={"position": "relative"}, children=[
        html.Div(tab_layout(data, OVERVIEW, lang), id=f"panel-{OVERVIEW}", className="panel"),
        *[html.Div(id=f"panel-{tab}", className="panel panel-hidden") for tab in OTHERS],
    ]),
])


@app.callback([Output(f"panel-{tab}", "children") for tab in OTHERS], Input("prerender", "n_intervals"),
              prevent_initial_call=True)
def prerender(_):
    return [tab_layout(data, tab, lang) for tab in OTHERS]


app.clientside_callback(
    ClientsideFunction(namespace="bench", function_name="showTab"),
    [Output(f"panel-{tab}", "className") for tab in TABS], Input(ids.TABS, "value"),
)
harden(app)
server = app.server


@server.route("/bench-files/<name>")
def bench_file(name):
    return send_from_directory(HERE, name if name in ("mounted.js", "mounted.css") else "missing")


@server.route("/healthz")
def healthz():
    return {"status": "ok"}
