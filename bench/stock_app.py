"""(a) of the benchmark: a stock one-chart Dash app, the minimum any Dash dashboard pays.

A dropdown and a bar chart, one callback, Dash defaults (full plotly.js), run under the same gunicorn
command as the dashboard: `gunicorn bench.stock_app:server`.
"""

import dash
from dash import Input, Output, dcc, html
from flask import jsonify

SERIES = {"A": [26.44, 10.11, 1.78], "B": [529, 141, 76], "C": [95, 96, 99.5]}

app = dash.Dash(__name__, serve_locally=True, update_title=None)
app.layout = html.Div([
    dcc.Dropdown(id="pick", options=list(SERIES), value="A", clearable=False),
    dcc.Graph(id="graph-stock"),
])


@app.callback(Output("graph-stock", "figure"), Input("pick", "value"))
def chart(value):
    value = value if value in SERIES else "A"
    return {"data": [{"type": "bar", "x": SERIES[value], "y": ["one", "two", "three"], "orientation": "h"}],
            "layout": {"title": {"text": f"Series {value}"}}}


server = app.server


@server.route("/healthz")
def healthz():
    return jsonify(status="ok")
