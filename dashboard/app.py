"""The Dash app: layout shell, thin callbacks, health check and error pages."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path

import dash
import flask
from dash import ClientsideFunction, Input, Output, dcc, html
from flask import jsonify

from . import DEFAULT_DATA_DIR, briefing, explore, ids, presentation
from .bundle import choose_plotly_bundle
from .charts import trace_types
from .i18n import DEFAULT_LANGUAGE, HTML_LANG, LANGUAGE_NAMES, LANGUAGES, t
from .loading import load
from .server import harden
from .urlstate import View, parse_view
from .views import tab_ids, tab_label

ROOT = Path(__file__).resolve().parent.parent


def create_app(data_dir: str | Path = DEFAULT_DATA_DIR) -> dash.Dash:
    """Build the app; raises DataError before serving anything if the data is bad."""
    data_dir = str(Path(data_dir).resolve())
    data = load(data_dir)
    app = dash.Dash(
        __name__,
        title=t("app_title", DEFAULT_LANGUAGE),
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        update_title=None,
    )

    def page(start: View, narrow: bool = False) -> html.Div:
        """The whole page, opened on the view the browser asked for, in the view's language, with
        charts laid out for the browser's width (phone or wider)."""
        lang = start.lang
        return html.Div(
            className="page",
            lang=HTML_LANG[lang],
            children=[
                html.A(t("skip_to_content", lang), href=f"#{ids.CONTENT}", className="skip-link"),
                dcc.Location(id=ids.URL, refresh=False),
                html.Header(
                    id=ids.HEADER,
                    children=[
                        language_switch(start),
                        html.H1(t("app_title", lang)),
                        html.P(t("app_subtitle", lang), className="subtitle"),
                    ],
                ),
                # a11y.js makes the tabs a tablist named by this (dcc.Tabs renders plain divs).
                html.Span(t("tabs_label", lang), id=f"{ids.TABS}-label", className="sr-only"),
                dcc.Tabs(
                    id=ids.TABS,
                    value=start.tab,
                    className="tabs",
                    mobile_breakpoint=0,  # a phone keeps the tabs in wrapping rows (style.css), not a tall stack
                    children=[dcc.Tab(label=tab_label(data, tab, lang), value=tab, id=f"tab-{tab}") for tab in tab_ids(data)],
                ),
                explore.controls(data, lang, start),
                html.Div(id=ids.NOTICE, className="notice", role="status"),
                briefing.toolbar(lang),
                html.Main(id=ids.CONTENT, tabIndex="-1", children=explore.view_content(data, start, lang, data_dir, narrow)),
                explore.table_section(data, start, lang),
                explore.detail_aside(data, start, lang),
                *explore.stores(start, narrow),
                presentation.layer(lang),
            ],
        )

    # A function, so each page load starts on the view its URL names (read from the Referer of
    # Dash's layout request): a deep link paints its view at once instead of the overview first.
    # Without a Referer it starts on the overview and the sync callback applies the URL.
    app.layout = lambda: page(explore.requested_view(data), explore.requested_narrow())

    explore.register(app, data, data_dir)
    briefing.register(app, data, data_dir)
    presentation.register(app, data, data_dir)

    # The switch is a plain link to the same view in the other language (a full page load: every
    # string on the page changes); it follows the view as tabs, filters and picks change it.
    app.clientside_callback(
        ClientsideFunction(namespace="language", function_name="switchHref"),
        Output(ids.LANG_LINK, "href"),
        Input(ids.STORE_VIEW, "data"),
    )

    # <html lang>, the window title and the meta description of the requested view, in its language,
    # written by the server (no inline script).
    dash_index = app.interpolate_index

    def interpolate_index(**kwargs):
        view = parse_view(flask.request.query_string.decode("utf-8", "replace"), data) if flask.has_request_context() else View()
        head = page_head(data, view)
        kwargs["title"] = escape(head["title"])
        kwargs["metas"] = f'<meta name="description" content="{escape(head["description"])}">' + kwargs.get("metas", "")
        return dash_index(**kwargs).replace("<html>", f'<html lang="{HTML_LANG[view.lang]}">', 1)

    app.interpolate_index = interpolate_index

    # Before Dash's setup below scans the assets: an ignored partial bundle must be ignored by that scan.
    choose_plotly_bundle(app, trace_types(data_dir, data.charts.index))  # partial plotly.js if it covers every chart

    # Dash finishes its setup (registering the JS bundles it may serve) on the first request a
    # worker gets, after marking it done; a second thread of a fresh worker could then serve a
    # bundle before registration and answer 500. The layout is a function now, so that first
    # setup takes long enough for a page load's parallel bundle requests to hit the gap. Doing the
    # setup here, before the worker serves anything, closes it.
    if hasattr(app, "_setup_server"):
        app._setup_server()

    harden(app)  # security headers, request cap, callback payload checks, error shape
    server = app.server

    @server.route("/healthz")
    def healthz():
        return jsonify(status="ok", figures=int(len(data.figures)))

    # Dash learns its script paths while rendering the page; without this, a gunicorn worker that has
    # not served the page yet answers the browser's script requests with a 500.
    server.test_client().get("/")
    return app


def page_head(data, view: View) -> dict[str, str]:
    """The <title> (figure, topic, tab, then the site, most specific first) and meta description of a view."""
    lang = view.lang
    parts = []
    if view.indicator:
        parts.append(data.figure(view.indicator)[f"label_{lang}"])
    if view.topic:
        topics = data.topics[data.topics["id"] == view.topic]
        parts += list(topics[f"label_{lang}"][:1])
    parts.append(tab_label(data, view.tab, lang))
    return {"title": t("page_title", lang, view=" · ".join(parts)), "description": t("meta_description", lang)}


def language_switch(view: View) -> html.Nav:
    """中文 | EN: the current language marked, the other a link to this same view in that language."""
    items = []
    for lang in LANGUAGES:
        name = LANGUAGE_NAMES[lang]
        if lang == view.lang:
            items.append(html.Span(name, className="lang-current", lang=HTML_LANG[lang], **{"aria-current": "true"}))
        else:
            items.append(html.A(name, id=ids.LANG_LINK, href=replace(view, lang=lang, ignored=[]).query(),
                                lang=HTML_LANG[lang], hrefLang=HTML_LANG[lang], className="lang-link"))
    return html.Nav(items, id=ids.LANG_SWITCH, className="lang-switch", **{"aria-label": t("lang_switch", view.lang)})
