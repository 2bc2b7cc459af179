"""The briefing pack in the app: export endpoints, downloads of finished packs, the 导出简报包 button."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from html import escape

import dash
import flask
from dash import Input, Output, State, html
from flask import request

from . import ids
from .background import PackStore, guard, make_manager, redis_url, render_slot
from .exports import MIMETYPES, RENDERER, briefing_pack, chart_png, export_view, pack_name
from .reading import reading
from .i18n import t
from .loading import Dataset
from .server import attachment, problem_response
from .settings import link_base
from .urlstate import parse_view, query_problems, shown_cards, shown_charts, shown_figure_ids, view_data

PREVIEWS = 64  # link-preview PNGs kept in memory (one per view and language asked for)


def preview_facts(data: Dataset, view, title: str) -> dict:
    """What a shared link's preview says: the view's title, its headline figure, the preview image's path."""
    shown = view_data(data, view)
    figure_ids = [view.indicator] if view.indicator else (shown_cards(shown, view) or shown_figure_ids(shown, view))
    headline = ""
    if figure_ids:
        row = shown.figure(figure_ids[0])
        label, value = row[f"label_{view.lang}"], reading(row, view.lang).value
        headline = f"{label}{value}" if view.lang == "zh" else f"{label}: {value}"
    query = view.query()  # with its language
    return {"title": title, "description": headline, "image": "preview.png" + query, "url": query}


def preview_tags(facts: dict, base: str) -> str:
    """Open Graph and Twitter card tags of a view (absolute addresses: a crawler has no page to resolve them)."""
    base = base.rstrip("/") + "/"
    tags = [("property", "og:type", "website"), ("property", "og:title", facts["title"]),
            ("property", "og:description", facts["description"]), ("property", "og:url", base + facts["url"]),
            ("property", "og:image", base + facts["image"]), ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:title", facts["title"]), ("name", "twitter:description", facts["description"]),
            ("name", "twitter:image", base + facts["image"])]
    return "\n".join(f'<meta {kind}="{name}" content="{escape(value)}">' for kind, name, value in tags)


def toolbar(lang: str) -> html.Div:
    """Present and export buttons, the export's progress bar and, when done, its downloads."""
    return html.Div(
        id=ids.TOOLBAR,
        className="toolbar",
        children=[
            html.Button(t("present", lang), id=ids.PRESENT_BUTTON, className="button", n_clicks=0),
            html.Button(t("export_pack", lang), id=ids.EXPORT_BUTTON, className="button", n_clicks=0),
            html.Progress(id=ids.EXPORT_PROGRESS, value="0", max="1", className="export-progress", hidden=True),
            html.Span(id=ids.EXPORT_STATUS, className="export-status", role="status"),
            html.Span(id=ids.EXPORT_LINKS, className="export-links"),
        ],
    )


def register(app: dash.Dash, data: Dataset, data_dir: str) -> None:
    """Routes for the ZIP, PPTX and finished packs, and the background export callback."""
    server = app.server
    store = PackStore(data_dir)
    guard(app, data)  # forged export requests get 400 before a job process forks

    def export(kind: str):
        search = request.query_string.decode("utf-8", "replace")
        view, export_lang, problems = query_problems(search, data)
        if problems:
            return problem_response(400, t("bad_export_query", "en"), problems=problems)
        try:
            files = export_view(data, view, kind, lang=export_lang, base_url=link_base())
        except Exception:  # noqa: BLE001 (Chromium failed to render: say so, not a traceback)
            server.logger.exception("export failed")
            return problem_response(503, t("export_failed", export_lang))
        (name, content), = files.items()
        return attachment(name, content, MIMETYPES[kind])

    previews: OrderedDict[tuple, bytes] = OrderedDict()
    previews_lock = threading.Lock()

    @server.route("/preview.png")
    def preview():
        """A view's link preview: its first chart as a PNG, drawn once and kept (figures never change while
        the server runs)."""
        search = request.query_string.decode("utf-8", "replace")
        view, lang, problems = query_problems(search, data)
        if problems:
            return problem_response(400, t("bad_export_query", "en"), problems=problems)
        shown = view_data(data, view)
        charts = shown_charts(shown, view)
        if not charts:
            return problem_response(404, t("not_found", "en"))
        key = (view.query(), lang)
        with previews_lock:
            png = previews.get(key)
        if png is None:
            try:
                png = chart_png(shown, charts[0][0], lang, charts[0][1]).png
            except Exception:  # noqa: BLE001 (Chromium failed to render: say so, not a traceback)
                server.logger.exception("preview failed")
                return problem_response(503, t("export_failed", lang))
            with previews_lock:
                previews[key] = png
                while len(previews) > PREVIEWS:
                    previews.popitem(last=False)
        response = flask.make_response(png)
        response.headers["Content-Type"] = "image/png"
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    server.add_url_rule("/export/charts.zip", "export_zip", lambda: export("zip"))
    server.add_url_rule("/export/briefing.pptx", "export_pptx", lambda: export("pptx"))

    @server.route("/export/pack/<token>/<name>")
    def finished_pack(token: str, name: str):
        content = store.get(token, name)
        kind = name.rsplit(".", 1)[-1]
        if content is None or kind not in ("zip", "pptx"):
            return problem_response(404, t("not_found", "en"))
        return attachment(name, content, MIMETYPES[kind])

    @app.callback(
        Output(ids.EXPORT_LINKS, "children"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        # The view store holds the view's canonical query: the address bar may still carry what the
        # dashboard ignored (a tracking parameter, a typo), which the export must not be refused for.
        State(ids.STORE_VIEW, "data"),
        State(ids.URL, "href"),
        background=True,
        manager=make_manager(data_dir),
        progress=[Output(ids.EXPORT_PROGRESS, "value"), Output(ids.EXPORT_PROGRESS, "max"),
                  Output(ids.EXPORT_STATUS, "children")],
        running=[
            (Output(ids.EXPORT_BUTTON, "disabled"), True, False),
            (Output(ids.EXPORT_PROGRESS, "hidden"), False, True),
            (Output(ids.EXPORT_LINKS, "hidden"), True, False),
        ],
        prevent_initial_call=True,
    )
    def export_pack(set_progress, _clicks, stored, href):
        """Render the view's charts once, keep the ZIP and PPTX, offer both for download."""
        search = stored.get("query") if isinstance(stored, dict) else ""
        view, _lang, _problems = query_problems(search or "", data)
        # The dashboard itself ignores what it cannot use; its language is the view's (lang=en or Chinese).
        lang = pack_lang = parse_view(search or "", data).lang
        total = len(shown_charts(data, view))

        def progress(done: int, of: int) -> None:
            nonlocal total  # the pack counts its slide pictures too: the bar ends at the pack's total
            total = of
            set_progress((str(done), str(of), t("export_progress", lang, done=done, total=of)))

        progress(0, total)
        base_url = link_base()  # never the href's host: background.guard has checked it, but it is the client's
        try:
            with render_slot(data_dir):
                if os.getppid() == 1:  # the web server that asked has gone while this job queued
                    return dash.no_update
                files = briefing_pack(data, view, lang=pack_lang, base_url=base_url, progress=progress)
        except Exception:  # noqa: BLE001 (shown to the user; the worker log has the traceback)
            set_progress(("0", "1", t("export_failed", lang)))
            raise
        finally:
            if not redis_url():  # the embedded manager ran this in a one-off process: take its Chromium down too
                RENDERER.stop()
        token = PackStore(data_dir).put(files)
        set_progress((str(total), str(total), t("export_ready", lang)))
        prefix = app.get_relative_path("/export/pack/")
        return [
            html.A(t("download_zip", lang), href=f"{prefix}{token}/{pack_name(data, view, 'zip')}",
                   className="button download", download=pack_name(data, view, "zip"), id=ids.EXPORT_DOWNLOAD_ZIP),
            html.A(t("download_pptx", lang), href=f"{prefix}{token}/{pack_name(data, view, 'pptx')}",
                   className="button download", download=pack_name(data, view, "pptx"), id=ids.EXPORT_DOWNLOAD_PPTX),
        ]
