"""Which plotly.js the page loads: the partial basic bundle when it is installed and covers every chart.

`bin/fetch-plotly-basic` (an install step) puts plotly.js's basic bundle in assets/vendor/. Dash serves
assets/*.js before its renderer starts, so window.Plotly exists and dcc.Graph never fetches the full
bundle (4.8 MB, against 1.2 MB). When the file is absent, when a chart uses a trace type the basic
bundle lacks, or when DASHBOARD_PLOTLY=full, the file is ignored and dcc.Graph loads the full bundle.

It also puts regenerator-runtime there. Dash's page carries @babel/polyfill (core-js 2, 99 kB) for old
browsers; of it, its renderer and dcc use only the global regeneratorRuntime (their lazy loaders), and every
browser the page supports has the rest built in. With the runtime installed the polyfill is left out of
the page (`scripts_without_unused`): about 25 ms less script to run on a first view (bench/README.md).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import dash

ROOT = Path(__file__).resolve().parent.parent
PARTIAL_NAME = "plotly-basic.min.js"
PARTIAL = ROOT / "assets" / "vendor" / PARTIAL_NAME
PARTIAL_TRACES = frozenset({"scatter", "bar", "pie"})  # what plotly.js-basic-dist-min registers
REGENERATOR = ROOT / "assets" / "vendor" / "regenerator-runtime.js"
# dash imports dash_table, so Dash lists its bundle among the page's scripts, but no view renders a DataTable
# (the table view is plain HTML): every reader would download and parse it for nothing.
DASH_TABLE = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/dash_table/[^"]*"></script>\s*')
POLYFILL = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/deps/polyfill@[^"]*"></script>\s*')


def scripts_without_unused(scripts: str) -> str:
    """Dash's script tags without dash_table's bundle, and without the polyfill when regenerator-runtime
    (all of it the page needs) is installed."""
    scripts = DASH_TABLE.sub("", scripts)
    return POLYFILL.sub("", scripts) if REGENERATOR.is_file() else scripts


def partial_plotly_usable(trace_types: Iterable[str]) -> bool:
    """True when the installed partial bundle can draw every trace type the charts use."""
    return (os.environ.get("DASHBOARD_PLOTLY", "partial") != "full" and PARTIAL.is_file()
            and set(trace_types) <= PARTIAL_TRACES)


def choose_plotly_bundle(app: dash.Dash, trace_types: Iterable[str]) -> bool:
    """Serve the partial bundle or hide it from Dash's asset scan; returns whether it is served."""
    if partial_plotly_usable(trace_types):
        return True
    ignore = f"^{re.escape(PARTIAL_NAME)}$"
    app.config.assets_ignore = f"(?:{app.config.assets_ignore})|{ignore}" if app.config.assets_ignore else ignore
    return False
