"""The Dash app: the page shell (server-rendered first paint, then the Dash layout), health check."""

from __future__ import annotations

import re
import threading
from html import escape as html_escape
from pathlib import Path

import dash
import flask
from dash import dcc, html
from dash.development.base_component import Component
from flask import jsonify

from . import DEFAULT_DATA_DIR, briefing, explore, ids, presentation
from .background import cache_dir
from .bundle import asset_bytes, choose_plotly_bundle, own_scripts_as_one, scripts_without_unused, serve_own_scripts
from .charts import share_builds, shared_cache, trace_types
from .explore import notice_text
from .firstpaint import SvgCache, fingerprint, svg_cache
from .page import first_paint, page
from .i18n import DEFAULT_LANGUAGE, HTML_LANG, t
from .loading import Dataset, load
from .server import compress, harden
from .static_html import StaticHtml
from .urlstate import View, parse_view, tab_label, view_data
from .settings import setting

ROOT = Path(__file__).resolve().parent.parent


class Dashboard(dash.Dash):
    """Dash with the page's entry point rendered on the server: the requested view, in its language,
    as HTML (firstpaint.py). Dash's script tags sit in an inert <template>; assets/boot.js loads them,
    in order, when the reader first interacts."""

    def __init__(self, data: Dataset, svgs: SvgCache | None, **kwargs) -> None:
        self.data = data
        self.svgs = svgs
        super().__init__(**kwargs)

    def interpolate_index(self, **kwargs) -> str:
        view = request_view(self.data)
        lang = view.lang
        base = explore.base_url()  # the public address (a setting), never the request's Host: pages are shared
        first = first_paint(self.data, view, self.svgs, notice=notice_text(view, lang), base=base)
        boot = f"{self.get_asset_url(BOOT_SCRIPT)}?m={(ROOT / 'assets' / BOOT_SCRIPT).stat().st_mtime:.0f}"
        title = html_escape(page_title(self.data, view))
        footer = explore.view_footer_css(view_data(self.data, view), view, lang).replace("</", "<\\/")
        return f"""<!DOCTYPE html>
<html lang="{HTML_LANG[lang]}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{html_escape(t("meta_description", lang))}">
<title>{title}</title>
{briefing.preview_tags(briefing.preview_facts(self.data, view, page_title(self.data, view)), base)}
{kwargs["favicon"]}
{inline_styles(kwargs["css"])}
<style id="{ids.PRINT_FOOTER}" media="print">{footer}</style>
</head>
<body>
<div id="{ids.FIRST_PAINT}">{first}</div>
{kwargs["app_entry"]}
{kwargs["config"]}
<template id="{ids.DASH_SCRIPTS}">{own_scripts_as_one(scripts_without_unused(kwargs["scripts"]))}{kwargs["renderer"]}</template>
<script src="{boot}" defer{boot_variant()}></script>
</body>
</html>"""


STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*/assets/([\w.-]+\.css)\?m=[^"]*">')


def inline_styles(links: str) -> str:
    """The assets' stylesheets in the page itself, in their order: the first paint needs no request before it
    draws (a phone on 4G waits a round trip less). Other stylesheets stay links."""
    return STYLESHEET.sub(lambda m: "<style>" + style_text(m.group(1)) + "</style>", links)


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
    """layout with its charts' figures, server-made markup and stores' data emptied; ids and types kept."""
    for node in layout._traverse():
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
    svgs = svg_cache(data, str(cache_dir(data_dir) / "svg"), key) if first_paint_svg else None
    app = Dashboard(
        data,
        svgs,
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
    app.layout = lambda: page(data, explore.requested_view(data), explore.requested_narrow(), base=explore.base_url())
    # What Dash's renderer checks the callbacks' ids against (Dash would take the whole first layout, charts
    # and all, and write it into every page's config: 84 kB). Ids and component types are all it reads.
    app.validation_layout = html.Div([without_content(page(data, View())), presentation.stage_graph()])

    explore.register(app, data)
    briefing.register(app, data, data_dir)
    presentation.register(app, data)

    # Before Dash's setup below scans the assets: an ignored partial bundle must be ignored by that scan.
    choose_plotly_bundle(app, trace_types(data, data.charts.index))  # partial plotly.js if it covers every chart

    # Dash finishes its setup (registering the JS bundles it may serve) on the first request a
    # worker gets, after marking it done; a second thread of a fresh worker could then serve a
    # bundle before registration and answer 500. The layout is a function now, so that first
    # setup takes long enough for a page load's parallel bundle requests to hit the gap. Doing the
    # setup here, before the worker serves anything, closes it.
    if hasattr(app, "_setup_server"):
        app._setup_server()

    serve_own_scripts(app)  # the app's own scripts as one file (bundle.own_scripts_as_one)
    harden(app)  # security headers, request cap, callback payload checks, error shape
    compress(app)  # brotli or gzip for pages, JSON and scripts; long-lived caching of fingerprinted files
    server = app.server

    @server.route("/healthz")
    def healthz():
        return jsonify(status="ok", figures=int(len(data.figures)))

    # Dash learns its script paths while rendering the page; without this, a gunicorn worker that has
    # not served the page yet answers the browser's script requests with a 500. That page is rendered
    # without chart drawings: where none is cached they would start the worker's Chromium before it
    # serves anything (about 4 s of a new worker's start).
    app.svgs = None
    server.test_client().get("/")
    app.svgs = svgs
    # Every tab's charts drawn once, off the request path, shared by the workers. DASHBOARD_WARM=0 leaves each
    # drawing to the first page that shows it (a server that serves few views: no start-up burst of Chromium).
    app.warming = None
    if svgs is not None and setting("DASHBOARD_WARM") != "0":
        app.warming = threading.Thread(target=svgs.warm, name="svg-warm", daemon=True)
        app.warming.start()
    return app


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
