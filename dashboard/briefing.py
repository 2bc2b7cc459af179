"""The briefing pack in the app: export endpoints, downloads of finished packs, the 导出简报包 button."""

from __future__ import annotations

import os
import threading
from html import escape

import dash
import flask
from dash import Input, Output, State, html
from flask import request
from werkzeug.exceptions import HTTPException

from . import ids
from .background import (EXPORT_THREADS, RENDER_NICE, RETRY_AFTER, ExportCache, Flights, JobQueue, PackStore,
                         SlotBusy, guard, in_low_priority_child, make_manager, redis_url, render_slot)
from .exports.files import MIMETYPES, pack_name
from .exports.images import chart_png
from .exports.pack import briefing_pack, export_view
from .firstpaint import fingerprint
from .renderer import RENDERER
from .view.strings import t
from .data.dataset import Dataset
from .view.reading import reading
from .server import CALLBACK_PATH, attachment, problem_response
from .settings import link_base
from .view.selection import shown_cards, shown_charts, shown_figure_ids
from .view.state import view_data
from .view.url import parse_view, query_problems



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
            html.Button(t("export_handout", lang), id=ids.HANDOUT_BUTTON, className="button", n_clicks=0),
            html.Progress(id=ids.EXPORT_PROGRESS, value="0", max="1", className="export-progress", hidden=True),
            html.Span(id=ids.EXPORT_STATUS, className="export-status", role="status"),
            html.Span(id=ids.EXPORT_LINKS, className="export-links"),
        ],
    )


def too_many(status: int = 429, message: str = "too many exports at once; try again shortly"):
    """429 (or 503) with Retry-After: the export queue, or the client's share of it, is full."""
    response = problem_response(status, message)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def register(app: dash.Dash, data: Dataset, data_dir: str) -> None:
    """Routes for the ZIP, PPTX and finished packs, and the background export callback.

    An export is rendered once per release, view and language (ExportCache, shared by the workers); identical
    requests join the one rendering; renderings take turns on the machine's render slot, with a wait that
    times out; jobs are capped in all and per client (JobQueue: 429 with Retry-After)."""
    server = app.server
    store = PackStore(data_dir)
    guard(app, data)  # forged export requests get 400 before a job process forks
    release = fingerprint(data_dir)
    kept, queue, flights = ExportCache(data_dir), JobQueue(data_dir), Flights()
    threads = threading.BoundedSemaphore(EXPORT_THREADS)

    def export(kind: str):
        search = request.query_string.decode("utf-8", "replace")
        view, export_lang, problems = query_problems(search, data)
        if problems:
            return problem_response(400, t("bad_export_query", "en"), problems=problems)
        base = link_base()  # part of the key: a kept file carries the links of the address it was made for
        files = rendered((release, kind, view.query(), export_lang, base), export_lang,
                         lambda: export_view(data, view, kind, lang=export_lang, base_url=base, data_dir=data_dir))
        if isinstance(files, flask.Response):
            return files
        (name, content), = files.items()
        return attachment(name, content, MIMETYPES[kind])

    def rendered(key, lang: str, render) -> dict[str, bytes] | flask.Response:
        """The files for key, kept or rendered now in a low-priority child; a 429/503 answer when the renderer is
        busy or fails (never a traceback)."""
        files = kept.get(key)
        if files is not None:
            return files
        if not threads.acquire(blocking=False):  # pages keep the worker's other threads
            return too_many()
        try:
            return render_once(key, lambda: in_low_priority_child(render))
        except SlotBusy:
            return too_many(503, "the export renderer is busy; try again shortly")
        except QueueFull:
            return too_many()
        except Exception:  # noqa: BLE001 (Chromium failed to render: say so, not a traceback)
            server.logger.exception("export failed")
            return problem_response(503, t("export_failed", lang))
        finally:
            threads.release()

    def render_once(key, render) -> dict[str, bytes]:
        """The files for key: kept ones, or those of an identical request running now, or rendered here."""
        with flights.join(key) as leader:
            files = kept.get(key)
            if files is not None:
                return files
            if not leader:
                raise SlotBusy  # the run it joined failed or outlasted the wait
            ticket = queue.take(request.remote_addr or "")
            if ticket is None:
                raise QueueFull
            try:
                with render_slot(data_dir):
                    files = kept.get(key)  # another worker may have rendered it while this one waited
                    if files is None:
                        files = render()
                        kept.put(key, files)
            finally:
                queue.give_back(ticket)
            return files

    @server.route("/preview.png")
    def preview():
        """A view's link preview: its first chart as a PNG, rendered as the exports are (once per release, view and
        language, in a low-priority child, kept for every worker)."""
        search = request.query_string.decode("utf-8", "replace")
        view, lang, problems = query_problems(search, data)
        if problems:
            return problem_response(400, t("bad_export_query", "en"), problems=problems)
        shown = view_data(data, view)
        charts = shown_charts(shown, view)
        if not charts:
            return problem_response(404, t("not_found", "en"))
        files = rendered((release, "preview", view.query(), lang, ""), lang,
                         lambda: {"preview.png": chart_png(shown, charts[0][0], lang, charts[0][1]).png})
        if isinstance(files, flask.Response):
            return files
        png = files["preview.png"]
        response = flask.make_response(png)
        response.headers["Content-Type"] = "image/png"
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    manager = make_manager(data_dir)
    jobs: dict[int, str] = {}  # a running job's pid -> its queue ticket

    if not redis_url():  # the embedded manager forks a job per click: count it in the queue, reap it when done
        start_job = manager.call_job_fn

        def call_job_fn(key, job_fn, args, context):
            pid = start_job(key, job_fn, args, context)
            if flask.g.get("export_ticket"):
                jobs[pid] = flask.g.pop("export_ticket")
            return pid

        manager.call_job_fn = call_job_fn

    def reap() -> None:
        """Wait for finished job processes (no zombies) and give their tickets back."""
        import multiprocess

        multiprocess.active_children()  # joins every child that has exited
        for pid, ticket in list(jobs.items()):
            if not _running(pid):
                jobs.pop(pid, None)
                queue.give_back(ticket)

    @server.before_request
    def cap_export_jobs():
        """A request that would start an export job needs a ticket first: 429 beyond the caps, before any fork."""
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        reap()
        try:
            body = request.get_json(silent=True)
        except (RecursionError, HTTPException):  # server.py's payload check answers these with a 400
            return None
        if request.args.get("cacheKey") or not isinstance(body, dict) or body.get("output") != EXPORT_OUTPUT:
            return None
        ticket = queue.take(request.remote_addr or "")
        if ticket is None:
            return too_many()
        flask.g.export_ticket = ticket
        return None

    @server.teardown_request
    def unused_ticket(_exc=None):
        queue.give_back(flask.g.pop("export_ticket", None))  # refused before a job started

    server.add_url_rule("/export/charts.zip", "export_zip", lambda: export("zip"))
    server.add_url_rule("/export/briefing.pptx", "export_pptx", lambda: export("pptx"))
    server.add_url_rule("/export/handout.pdf", "export_pdf", lambda: export("pdf"))

    @server.route("/export/pack/<token>/<name>")
    def finished_pack(token: str, name: str):
        content = store.get(token, name)
        kind = name.rsplit(".", 1)[-1]
        if content is None or kind not in ("zip", "pptx"):
            return problem_response(404, t("not_found", "en"))
        return attachment(name, content, MIMETYPES[kind])

    # The handout is a plain download of the view's PDF (rendered like the other exports, off the page's thread).
    app.clientside_callback(
        "function (clicks) { if (clicks) { window.location.assign('"
        + app.get_relative_path("/export/handout.pdf") + "' + window.location.search); } }",
        Input(ids.HANDOUT_BUTTON, "n_clicks"), prevent_initial_call=True)

    @app.callback(
        Output(ids.EXPORT_LINKS, "children"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        # The view store holds the view's canonical query: the address bar may still carry what the
        # dashboard ignored (a tracking parameter, a typo), which the export must not be refused for.
        State(ids.STORE_VIEW, "data"),
        background=True,
        manager=manager,
        progress=[Output(ids.EXPORT_PROGRESS, "value"), Output(ids.EXPORT_PROGRESS, "max"),
                  Output(ids.EXPORT_STATUS, "children")],
        running=[
            (Output(ids.EXPORT_BUTTON, "disabled"), True, False),
            (Output(ids.EXPORT_PROGRESS, "hidden"), False, True),
            (Output(ids.EXPORT_LINKS, "hidden"), True, False),
        ],
        prevent_initial_call=True,
    )
    def export_pack(set_progress, _clicks, stored):
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
        if not redis_url():
            os.nice(RENDER_NICE)  # a forked job process: its renders yield the cores to the pages
        base = link_base()  # never the request's host: it is the client's word
        key = (release, "pack", view.query(), pack_lang, base)  # the base is part of the key: never another's link
        try:
            files = kept.get(key)
            if files is None:
                with render_slot(data_dir):
                    if os.getppid() == 1:  # the web server that asked has gone while this job queued
                        return dash.no_update
                    files = kept.get(key) or briefing_pack(data, view, lang=pack_lang, base_url=base, progress=progress,
                                                           data_dir=data_dir)
                    kept.put(key, files)
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


EXPORT_OUTPUT = f"{ids.EXPORT_LINKS}.children"  # the background export callback's output, as Dash names it


class QueueFull(Exception):
    """No ticket: the export queue, or this client's share of it, is full."""


def _running(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
