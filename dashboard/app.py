"""The Dash app: the page shell (server-rendered first paint, then the Dash layout), health check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import dash
import flask
from dash import dcc, html
from dash.development.base_component import Component
from markupsafe import Markup
from flask import jsonify

from . import DEFAULT_DATA_DIR, briefing, ids, presentation
from .background import cache_dir
from .bundle import asset_bytes, choose_plotly_bundle, own_scripts_as_one, scripts_without_unused, serve_own_scripts
from .dash_seam import descendants, finish_setup, with_asset_stylesheets
from .figures.charts import share_builds, shared_cache, trace_types
from .explore.callbacks import register as register_explore
from .explore.panes import view_footer_css
from .explore.request import base_url, notice_text, requested_narrow, requested_view
from .firstpaint import SvgCache, fingerprint, svg_cache
from .markup import document
from .page import first_paint, page
from .pagecache import PageCache, release_tag
from .publish import embed
from .warm import START_EVERY, lease_key
from .view.strings import DEFAULT_LANGUAGE, LANGUAGES, t
from .data.dataset import Dataset, load
from .server import compress, harden
from .static_html import StaticHtml
from .view.state import View, tab_ids, view_data
from .view.url import parse_view
from .view.wording import tab_label
from .settings import setting

ROOT = Path(__file__).resolve().parent.parent


class Dashboard(dash.Dash):
    """Dash with the page's entry point rendered on the server: the requested view, in its language,
    as HTML (firstpaint.py). Dash's script tags sit in an inert <template>; assets/boot.js loads them,
    in order, when the reader first interacts."""

    def __init__(self, data: Dataset, svgs: SvgCache | None, pages: PageCache | None = None, **kwargs) -> None:
        self.data = data
        self.svgs = svgs
        self.pages = pages
        super().__init__(**kwargs)

    def index(self, *args, **kwargs):
        """The page of the requested view from the page cache (made on a miss); 304 when the reader has it.
        The cache key is the canonical view: values the view ignored are only named in the notice."""
        if self.pages is None or not flask.has_request_context():
            return super().index(*args, **kwargs)
        view = request_view(self.data)

        def make() -> tuple[bytes, list]:
            flask.g.missing_drawings = []
            body = super(Dashboard, self).index(*args, **kwargs).encode("utf-8")
            return body, flask.g.missing_drawings

        return self.pages.respond(("page", view.query(), view.present), make, "text/html",
                                  notice_text(view, view.lang))

    def serve_layout(self):
        """Dash's layout request, cached like the page: it depends only on the view (from the Referer) and
        the phone-or-wider cookie, each read through a parser that keeps only what exists."""
        if self.pages is None or not flask.has_request_context():
            return super().serve_layout()
        view, narrow = requested_view(self.data), requested_narrow()

        def make() -> tuple[bytes, list]:
            return super(Dashboard, self).serve_layout().get_data(), []

        return self.pages.respond(("layout", view.query(), narrow), make, "application/json")

    def interpolate_index(self, **kwargs) -> str:
        view = request_view(self.data)
        lang = view.lang
        base = base_url()  # the public address (a setting), never a request header: pages are kept and shared
        # No notice (index() adds it): the page is kept and sent to every reader of the view.
        first = first_paint(self.data, view, self.svgs, base=base,
                            missing=flask.g.setdefault("missing_drawings", []) if flask.has_request_context() else None)
        boot = f"{self.get_asset_url(BOOT_SCRIPT)}?m={(ROOT / 'assets' / BOOT_SCRIPT).stat().st_mtime:.0f}"
        footer = view_footer_css(view_data(self.data, view), view, lang).replace("</", "<\\/")
        head = briefing.preview_tags(briefing.preview_facts(self.data, view, page_title(self.data, view)), base)
        styles = Markup(f'{inline_styles(kwargs["css"])}\n<style id="{ids.PRINT_FOOTER}" media="print">{footer}</style>')
        body = Markup(f"""<div id="{ids.FIRST_PAINT}">{first}</div>
{kwargs["app_entry"]}
{kwargs["config"]}
<template id="{ids.DASH_SCRIPTS}">{own_scripts_as_one(scripts_without_unused(kwargs["scripts"]))}{kwargs["renderer"]}</template>
<script src="{boot}" defer{boot_variant()}></script>""")
        return document(lang, page_title(self.data, view), body, styles, head=f'{head}\n{kwargs["favicon"]}')


def inline_styles(links: str) -> str:
    """The assets' stylesheets in the page itself, in their order: the first paint needs no request before it
    draws (a phone on 4G waits a round trip less). Other stylesheets stay links."""
    return with_asset_stylesheets(links, lambda name: "<style>" + style_text(name) + "</style>")


def style_text(name: str) -> str:
    """A stylesheet's text, safe inside <style> (a "</" could end the element early)."""
    return asset_bytes(name).decode("utf-8").replace("</", "<\\/")


# DASHBOARD_BOOT, for the benchmarks' comparisons (bench/): "load" runs Dash's scripts at once; "interaction"
# fetches them only on the reader's first move (the way before assets/boot.js fetched them ahead when idle).
BOOT_VARIANTS = ("load", "interaction")


def boot_variant() -> str:
    """The boot script's data-boot attribute for DASHBOARD_BOOT, or nothing (the default way)."""
    variant = setting("DASHBOARD_BOOT")
    return f' data-boot="{variant}"' if variant in BOOT_VARIANTS else ""
BOOT_SCRIPT = "boot.js"  # not among the page's Dash scripts (assets_ignore): the index loads it itself


def without_content(layout: Component):
    """layout with its charts' figures, server-made markup, panes' facts and stores' data emptied; ids and types
    kept."""
    for node in descendants(layout):
        if getattr(node, "data-facts", None):
            setattr(node, "data-facts", None)
        if isinstance(node, dcc.Graph):
            node.figure = {}
        elif isinstance(node, StaticHtml):
            node.html = None
        elif isinstance(node, dcc.Store):
            node.data = None
    return layout


def create_app(data_dir: str | Path = DEFAULT_DATA_DIR, *, first_paint_svg: bool = True) -> dash.Dash:
    """Build the app; raises DataError before serving anything if the data is bad."""
    data_dir = str(Path(data_dir).resolve())
    data = load(data_dir)
    key = fingerprint(data_dir)
    share_builds(data, shared_cache(str(cache_dir(data_dir) / "figures")), key)
    svgs = svg_cache(data, key) if first_paint_svg else None
    app = Dashboard(
        data,
        svgs,
        PageCache(release_tag(key), drawn=svgs.has if svgs else lambda _: False),
        name=__name__,
        title=t("app_title", DEFAULT_LANGUAGE),
        assets_folder=str(ROOT / "assets"),
        assets_ignore=re.escape(BOOT_SCRIPT),
        serve_locally=True,
        update_title=None,
    )

    # A function, so each page load starts on the view its URL names (read from the Referer of
    # Dash's layout request): a deep link paints its view at once instead of the overview first.
    # Without a Referer it starts on the overview and the sync callback applies the URL.
    app.layout = lambda: page(data, requested_view(data), requested_narrow(), base=base_url())
    # What Dash's renderer checks the callbacks' ids against (Dash would take the whole first layout, charts
    # and all, and write it into every page's config: 84 kB). Ids and component types are all it reads.
    app.validation_layout = html.Div([without_content(page(data, View())), presentation.stage_graph()])

    register_explore(app, data)
    briefing.register(app, data, data_dir)
    presentation.register(app, data)
    embed.register(app, data)  # /embed/<chart>: one chart, framable by other sites

    # Before Dash's setup below scans the assets: an ignored partial bundle must be ignored by that scan.
    choose_plotly_bundle(app, trace_types(data, data.charts.index))  # partial plotly.js if it covers every chart

    finish_setup(app)  # before the worker serves anything: no request meets Dash half set up (dash_seam)

    serve_own_scripts(app)  # the app's own scripts as one file (bundle.own_scripts_as_one)
    harden(app)  # security headers, request cap, callback payload checks, error shape
    compress(app)  # brotli or gzip for pages, JSON and scripts; long-lived caching of fingerprinted files
    server = app.server

    @server.route("/healthz")
    def healthz():
        return jsonify(status="ok", figures=int(len(data.figures)))

    # Dash learns its script paths while rendering the page; without this, a gunicorn worker that has
    # not served the page yet answers the browser's script requests with a 500. That page is rendered
    # without chart drawings (where none is cached they would start the worker's Chromium before it serves
    # anything, about 4 s of a new worker's start) and is not kept.
    pages, app.svgs, app.pages = app.pages, None, None
    server.test_client().get("/")
    app.svgs, app.pages = svgs, pages
    # With the background drawer, a page never waits for kaleido: a chart not drawn yet is shown as a stand-in
    # and its view queued for the drawer (dashboard/warm.py), which draws every tab and figure view ahead of
    # time, shared by the workers. DASHBOARD_WARM=0 starts no drawer: each page draws what it lacks itself.
    app.warming = None
    if svgs is not None and setting("DASHBOARD_WARM") != "0":
        drawer = Drawer(data_dir, svgs)
        svgs.may_draw = lambda: False
        svgs.on_want = drawer.start
        app.warming = drawer.start(force=True)
        # Every tab's page made before the worker serves (what most of a crowd opens first), compressed too:
        # a new worker's first second is not spent making the same pages on many threads.
        client = server.test_client()
        for view in (View(tab=tab, lang=lang) for lang in LANGUAGES for tab in tab_ids(data)):
            client.get("/" + view.query(), headers={"Accept-Encoding": "br"})
    return app


class Drawer:
    """Starts the background drawer process (at most one a minute from this worker, and only if no drawer holds
    the machine's lease), and reaps it when it ends."""

    def __init__(self, data_dir: str, svgs: SvgCache) -> None:
        self.data_dir, self.svgs = data_dir, svgs
        self._last = -1e9
        self._lock = threading.Lock()

    def start(self, force: bool = False) -> threading.Thread | None:
        """A thread that starts the drawer unless one runs (force: even if this worker started one lately)."""
        with self._lock:
            if not force and time.monotonic() - self._last < START_EVERY:
                return None
            self._last = time.monotonic()
        thread = threading.Thread(target=self._run, name="svg-warm", daemon=True)
        thread.start()
        return thread

    def command(self) -> list[str]:
        """The drawer's command: it draws while this process lives (dashboard/warm.py)."""
        return [sys.executable, "-m", "dashboard.warm", self.data_dir, str(os.getpid())]

    def _run(self) -> None:
        disk = self.svgs._disk  # noqa: SLF001 (the lease lives beside the drawings)
        # One start a minute on the machine (a server's workers all start at once), and none while one draws.
        if disk.get(lease_key(self.svgs.key)) is not None or not disk.add(("drawer-start", self.svgs.key), True,
                                                                           expire=START_EVERY):
            return
        process = subprocess.Popen(self.command(), cwd=ROOT, stdout=subprocess.DEVNULL)
        process.wait()  # reaped: no zombie


def request_view(data: Dataset) -> View:
    """The view the page request's own URL asks for (the overview outside a request)."""
    if not flask.has_request_context():
        return View()
    return parse_view(flask.request.query_string.decode("utf-8", "replace"), data)


def page_title(data: Dataset, view: View) -> str:
    """The window title: what the view shows, then the dashboard's name."""
    parts = [tab_label(data, view.tab, view.lang)]
    if view.indicator:
        parts.insert(0, data.figure(view.indicator)[f"label_{view.lang}"])
    return " · ".join([*parts, t("app_title", view.lang)])
