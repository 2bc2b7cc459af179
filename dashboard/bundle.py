"""Which plotly.js the page loads: the partial basic bundle when it is installed and covers every chart.

`bin/fetch-plotly-basic` (an install step) puts plotly.js's basic bundle in assets/vendor/. Dash serves
assets/*.js before its renderer starts, so window.Plotly exists and dcc.Graph never fetches the full
bundle (4.8 MB, against 1.2 MB). When the file is absent, when a chart uses a trace type the basic
bundle lacks, or when DASHBOARD_PLOTLY=full, the file is ignored and dcc.Graph loads the full bundle.

The app's own scripts (assets/*.js) go out as one file (`own_scripts_as_one`, served by `serve_own_scripts`):
five requests fewer on a first view.

It also puts regenerator-runtime there. Dash's page carries @babel/polyfill (core-js 2, 99 kB) for old
browsers; of it, its renderer and dcc use only the global regeneratorRuntime (their lazy loaders), and every
browser the page supports has the rest built in. With the runtime installed the polyfill is left out of
the page (`scripts_without_unused`): about 25 ms less script to run on a first view (bench/README.md).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import dash

from .dash_seam import asset_script_tags, without_asset_scripts, without_suite_scripts
from .settings import setting

ROOT = Path(__file__).resolve().parent.parent
PARTIAL_NAME = "plotly-basic.min.js"
PARTIAL = ROOT / "assets" / "vendor" / PARTIAL_NAME
PARTIAL_TRACES = frozenset({"scatter", "bar", "pie"})  # what plotly.js-basic-dist-min registers
REGENERATOR = ROOT / "assets" / "vendor" / "regenerator-runtime.js"
# dash imports dash_table, so Dash lists its bundle among the page's scripts, but no view renders a DataTable
# (the table view is plain HTML): every reader would download and parse it for nothing.
DASH_TABLE = "dash/dash_table/"  # component-suite files (dash_seam.without_suite_scripts)
POLYFILL = "dash/deps/polyfill@"


def scripts_without_unused(scripts: str) -> str:
    """Dash's script tags without dash_table's bundle, and without the polyfill when regenerator-runtime
    (all of it the page needs) is installed."""
    return without_suite_scripts(scripts, [DASH_TABLE, POLYFILL] if REGENERATOR.is_file() else [DASH_TABLE])


def partial_plotly_usable(trace_types: Iterable[str]) -> bool:
    """True when the installed partial bundle can draw every trace type the charts use."""
    return (setting("DASHBOARD_PLOTLY") != "full" and PARTIAL.is_file()
            and set(trace_types) <= PARTIAL_TRACES)


def choose_plotly_bundle(app: dash.Dash, trace_types: Iterable[str]) -> bool:
    """Serve the partial bundle or hide it from Dash's asset scan; returns whether it is served."""
    if partial_plotly_usable(trace_types):
        return True
    ignore = f"^{re.escape(PARTIAL_NAME)}$"
    app.config.assets_ignore = f"(?:{app.config.assets_ignore})|{ignore}" if app.config.assets_ignore else ignore
    return False


# The app's own scripts: assets/*.js at the top of the folder (vendor/ holds npm's files, which stay apart).
OWN_SCRIPTS_ROUTE = "_scripts/"
ASSETS = ROOT / "assets"


def own_scripts_as_one(scripts: str) -> str:
    """Dash's script tags with the app's own scripts as one tag, at the place of the first, in Dash's order.

    A first view asks for five files fewer (A/B of /, 20 alternating visits: 0.90x the first full view; the
    six joined by hand into one file, 0.97x; on a phone's six HTTP/1.1 connections, a round of requests
    less). Each file stays a file in assets/."""
    found = asset_script_tags(scripts)
    if len(found) < 2:
        return scripts
    names = [m.group(2).removesuffix(".js") for m in found]
    tag = (f'<script src="{found[0].group(1)}{OWN_SCRIPTS_ROUTE}{"+".join(names)}.js'
           f'?m={_version(names)}"></script>')
    first = found[0]
    return scripts[:first.start()] + tag + without_asset_scripts(scripts[first.start():])


def _version(names: list[str]) -> str:
    """Changes whenever one of the files does: the URL's cache buster (the bundle is cached for a year)."""
    stamps = [f"{n}:{(ASSETS / f'{n}.js').stat().st_mtime_ns}" for n in names]
    return hashlib.sha256("|".join(stamps).encode()).hexdigest()[:16]


def joined_scripts(names: list[str]) -> bytes | None:
    """The named top-level assets' scripts one after the other, or None if one is not there. Each ends on its
    own line and a semicolon, so a file's last line (a comment, an expression) cannot swallow the next."""
    if not names or len(set(names)) != len(names) or not all(re.fullmatch(r"[\w-]+", n) for n in names) \
            or not all((ASSETS / f"{name}.js").is_file() for name in names):
        return None
    return b"".join(asset_bytes(f"{name}.js") + b"\n;\n" for name in names)


def asset_bytes(name: str) -> bytes:
    """A top-level asset's bytes as of its latest change (kept per worker until the file changes): the page's
    inline styles and the joined scripts are read from here."""
    path = ASSETS / name
    stamp = path.stat().st_mtime_ns
    kept = _ASSET_BYTES.get(name)
    if kept is None or kept[0] != stamp:
        kept = _ASSET_BYTES[name] = (stamp, path.read_bytes())
    return kept[1]


_ASSET_BYTES: dict[str, tuple[int, bytes]] = {}


def serve_own_scripts(app: dash.Dash) -> None:
    """The route of own_scripts_as_one's tag: /_scripts/<name>+<name>….js (only top-level assets' scripts;
    anything else is a 404 in the app's error shape)."""
    from flask import Response, abort

    @app.server.route(f"/{OWN_SCRIPTS_ROUTE}<path:joined>.js")
    def own_scripts(joined: str):
        body = joined_scripts(joined.split("+"))
        if body is None:
            abort(404)
        response = Response(body, mimetype="application/javascript")
        response.set_etag(hashlib.sha256(body).hexdigest()[:32])
        return response
