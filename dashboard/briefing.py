"""The briefing pack in the app: export endpoints, downloads of finished packs, the 导出简报包 button."""

from __future__ import annotations

import os

import dash
from dash import Input, Output, State, html
from flask import request

from . import ids
from .background import PackStore, guard, make_manager, redis_url, render_slot
from .exports import MIMETYPES, RENDERER, briefing_pack, export_view, pack_name, query_problems
from .i18n import t
from .loading import Dataset
from .server import attachment, problem_response
from .settings import link_base
from .urlstate import parse_view, shown_charts


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
