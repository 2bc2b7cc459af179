"""HTTP hardening: security headers, a request-size cap, callback payload checks and one error shape.

`harden(app)` is called once from create_app. It works on whatever callbacks exist when the first request
arrives, so callbacks added later are covered without changes here.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import threading
from dataclasses import asdict
from typing import Any

import brotli
import dash
from dash.dependencies import Wildcard
from dash.exceptions import DependencyException
from dash.fingerprint import check_fingerprint
from flask import Response, jsonify, request
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

from .background import BACKGROUND_JUDGE
from .bundle import OWN_SCRIPTS_ROUTE
from .errors import Problem
from .view.strings import t

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 1 << 20  # 1 MiB: a callback body from a real browser is a few kB
MAX_PROP_ID = 1000  # characters in one changedPropIds entry
CALLBACK_PATH = "/_dash-update-component"
ROBOTS_TXT = "User-agent: *\nDisallow: /export/\n"


def content_security_policy(app: dash.Dash) -> str:
    """Scripts only from this origin plus Dash's own inline scripts by hash; no eval, no inline script; no page
    may be framed by another site (embed pages have their own policy: EMBED_POLICY)."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *app.csp_hashes()],
        # Plotly and React set style attributes and inject <style> elements: inline styles stay allowed.
        "style-src": ["'self'", "'unsafe-inline'"],
        # Plotly's "download as PNG" draws the SVG through data: and blob: images.
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


# A chart's embed page (publish/embed.py): no script at all, and framable by the sites the setting names.
EMBED_POLICY = ("default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "font-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
                "frame-ancestors {ancestors}")


def problem_response(status: int, message: str, *, column: str | None = None, problems=()) -> Response:
    """The one error shape: {"status", "title", "problems": [Problem...]}; never a traceback. `problems`
    (one line each) itemise what `message` sums up."""
    title = t("not_found") if status == 404 else t("server_error") if status >= 500 else message
    body = {"status": status, "title": title,
            "problems": [asdict(Problem(file=request.path[:200], line=None, column=column, message=text))
                         for text in (problems or [message])]}
    response = jsonify(body)
    response.status_code = status
    return response


def attachment(name: str, content: bytes, mimetype: str) -> Response:
    """A file download (an export): its name, and never kept by a cache (the view decides the content)."""
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


class PayloadError(ValueError):
    """A callback request that no page of this app could have sent."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def _parse_id(text: str) -> Any:
    """A component id as written in a prop id: plain, or a JSON object for pattern-matching ids."""
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except ValueError:
            raise PayloadError("changedPropIds", "malformed pattern id") from None
        if not isinstance(value, dict):
            raise PayloadError("changedPropIds", "malformed pattern id")
        return value
    return text


def _spec_id(spec_id: Any) -> tuple[Any, bool]:
    """A registered id as plain JSON, and whether it addresses a list (an ALL or ALLSMALLER pattern)."""
    if isinstance(spec_id, str) and spec_id.startswith("{"):
        spec_id = json.loads(spec_id)
    if isinstance(spec_id, dict):
        spec_id = {k: [v.name] if isinstance(v, Wildcard) else v for k, v in spec_id.items()}
        return spec_id, any(v in (["ALL"], ["ALLSMALLER"]) for v in spec_id.values())
    return spec_id, False


def _property(entry: dict, column: str):
    """The property an entry names; an output registered with allow_duplicate arrives as 'prop@hash'."""
    prop = entry.get("property")
    if column == "outputs" and isinstance(prop, str):
        return prop.split("@", 1)[0]
    return prop


def _check_entries(item: Any, spec_id: Any, prop: str, column: str) -> list[dict]:
    """One input, state or output entry against its registration; returns the {id, property} entries it holds."""
    spec_id, many = _spec_id(spec_id)
    if many and not isinstance(item, list):
        raise PayloadError(column, "expected a list for a pattern-matching dependency")
    entries = item if many else [item]
    for entry in entries:
        if not isinstance(entry, dict) or _property(entry, column) != prop:
            raise PayloadError(column, f"expected {prop!r} of a registered component")
        if isinstance(spec_id, dict):
            if not isinstance(entry.get("id"), dict) or set(entry["id"]) != set(spec_id):
                raise PayloadError(column, "pattern id does not match the callback")
        elif entry.get("id") != spec_id:
            raise PayloadError(column, "component id does not match the callback")
    return entries


def check_callback_body(body: Any, callback_map: dict, judge_background=None, starts_job: bool = True) -> None:
    """Raise PayloadError unless body has the shape the Dash renderer sends for a registered callback.

    Values are not judged here (each callback checks its own against what can exist), except those of a
    request that starts a background job: `judge_background(entries)` returns what is wrong with them, or None
    if a page could send them. (The renderer's polls of a running job, which carry Dash's signed cacheKey,
    resend no values and start nothing.)
    """
    if not isinstance(body, dict):
        raise PayloadError("body", "expected a JSON object")
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise PayloadError("output", "no such callback")
    callback = callback_map[output]
    if "callback" not in callback:  # a clientside callback: the browser computes it, the server has nothing to run
        raise PayloadError("output", "computed in the browser, not on the server")
    if not callback.get("no_output"):
        registered = callback["output"]
        multi = isinstance(registered, (list, tuple))
        outputs = body.get("outputs")
        if multi and (not isinstance(outputs, list) or len(outputs) != len(registered)):
            raise PayloadError("outputs", f"expected a list of {len(registered)}")
        for item, spec in zip(outputs if multi else [outputs], registered if multi else [registered]):
            _check_entries(item, spec.component_id, spec.component_property, "outputs")
    present: list[dict] = []
    for column, specs in (("inputs", callback.get("inputs", [])), ("state", callback.get("state", []))):
        items = body.get(column, [])
        if not isinstance(items, list) or len(items) != len(specs):
            raise PayloadError(column, f"expected a list of {len(specs)}")
        for item, spec in zip(items, specs):
            present += _check_entries(item, spec["id"], spec["property"], column)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list):
        raise PayloadError("changedPropIds", "expected a list")
    known = [(entry["id"], entry["property"]) for entry in present]
    for prop_id in changed:
        if not isinstance(prop_id, str) or len(prop_id) > MAX_PROP_ID or "." not in prop_id:
            raise PayloadError("changedPropIds", "malformed prop id")
        component, prop = prop_id.rsplit(".", 1)
        if (_parse_id(component), prop) not in known:
            raise PayloadError("changedPropIds", "not an input of this callback")
    # A background callback starts a job process (and a renderer) before its own code can judge its values.
    if callback.get("background") and starts_job:
        problem = judge_background(present) if judge_background else "no judge for background values"
        if problem:
            raise PayloadError("inputs", problem)


def harden(app: dash.Dash) -> None:
    """Headers, limits, payload checks and error pages for the app's Flask server. Dev tools off."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    server.config["PROPAGATE_EXCEPTIONS"] = False
    server.debug = False
    # Explicit False beats DASH_* environment variables; only `dashboard serve --debug` turns these on.
    app.enable_dev_tools(debug=False, dev_tools_ui=False, dev_tools_props_check=False,
                         dev_tools_serve_dev_bundles=False, dev_tools_hot_reload=False)
    csp: list[str] = []  # built on first use, after every callback (and clientside script) is registered

    @server.before_request
    def check_callback_request():
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        try:
            body = request.get_json(force=True, silent=False)
            # Dash starts a background job for a request without a cacheKey; with one, it only reads progress.
            check_callback_body(body, app.callback_map, app.server.config.get(BACKGROUND_JUDGE),
                                starts_job=not request.args.get("cacheKey"))
        except PayloadError as exc:
            return problem_response(400, str(exc), column=exc.column)
        except HTTPException as exc:  # 413 from the size cap, 400 from unparseable JSON
            return problem_response(exc.code or 400, exc.name)
        except RecursionError:  # JSON nested deeper than the parser goes
            return problem_response(400, "JSON nested too deeply", column="body")
        return None

    @server.after_request
    def security_headers(response: Response) -> Response:
        if not csp:
            csp.append(content_security_policy(app))
        headers = response.headers
        ancestors = getattr(response, "frame_ancestors", None)  # set by the embed route alone
        if ancestors:
            headers["Content-Security-Policy"] = EMBED_POLICY.format(ancestors=ancestors)
        else:
            headers.setdefault("Content-Security-Policy", csp[0])
            headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")  # the layout request reads the page URL from its Referer; nothing leaves the site
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    @server.route("/robots.txt")
    def robots_txt():
        """Crawlers may read every view; the export routes render images and decks on demand, so not those."""
        return Response(ROBOTS_TXT, mimetype="text/plain")

    @server.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return problem_response(exc.code or 500, exc.name)

    @server.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        if isinstance(exc, DependencyException):  # an unknown /_dash-component-suites/ file
            return problem_response(404, "no such file")
        log.exception("unhandled error on %s", request.path)
        return problem_response(500, t("server_error", "en"))


COMPRESSED = ["text/html", "text/css", "application/json", "application/javascript", "text/javascript",
              "image/svg+xml", "text/csv"]
IMMUTABLE = "public, max-age=31536000, immutable"


def compress(app: dash.Dash) -> None:
    """Brotli (or gzip) for pages, callback JSON, styles and scripts; fingerprinted files cached for a year.

    Dash names its component scripts with a version fingerprint and asks for assets with ?m=<mtime>, so
    either changes its URL when the file changes: browsers may keep them without asking again."""
    server = app.server
    server.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    server.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    server.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "deflate"])  # flask-compress streams no gzip
    server.config.setdefault("COMPRESS_BR_LEVEL", 5)
    Compress(server)

    @server.after_request
    def cache_headers(response: Response) -> Response:
        path = request.path
        fingerprinted = (path.startswith("/_dash-component-suites/") and check_fingerprint(path)[1]) or (
            path.startswith(("/assets/", f"/{OWN_SCRIPTS_ROUTE}")) and request.args.get("m"))
        if request.method == "GET" and response.status_code == 200 and fingerprinted:
            response.headers["Cache-Control"] = IMMUTABLE
            compress_once(response, server.config)
        return response


# A fingerprinted file's compressed body, by (encoding, path, ETag): made once per worker, where flask-compress
# would compress it again, streamed, for every reader (plotly.js alone: ~20 ms of brotli per request). The key
# leaves out ?m=, so made-up query strings cannot grow it; only files that exist reach it.
_ONCE: dict[tuple[str, str, str], bytes] = {}
_ONCE_LOCK = threading.Lock()
ONCE_ENTRIES = 256

# V8's explicit compile hint (Chrome 136+; other engines read a comment): compile every function of the file
# while it streams in, off the main thread, instead of each one lazily on the main thread at its first call.
# Given to the large scripts that run at once when the app starts: React DOM, Dash's renderer and plotly.js
# (it draws five charts). Measured on / (bench.ab_bench, 16-24 alternating visits): the first full view
# 0.93x with every script hinted; these three alone, or plotly.js alone, 0.98-0.99x of that (dcc's bundle
# holds every dcc component, and compiling all of them ahead costs more than it saves).
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
HINTED = re.compile(r"/(?:plotly[^/]*\.min\.js|dash_renderer\.[^/]*\.js|react-dom@[^/]*\.js)$")


def compress_once(response: Response, config) -> None:
    """Set a fingerprinted file's body to what is sent: with the compile hint first if it is one of the HINTED
    scripts, compressed (br or gzip, if the reader takes either), made on first request and kept."""
    if response.mimetype not in COMPRESSED:
        return
    hinted = bool(HINTED.search(request.path))
    encoding = request.accept_encodings.best_match(["br", "gzip"])
    if encoding is None and not hinted:
        return
    response.direct_passthrough = False  # the body is read or replaced here, not streamed from the file
    if encoding is None:
        response.set_data(COMPILE_HINT + response.get_data())
        return
    key = (encoding, request.path, response.headers.get("ETag", ""))
    body = _ONCE.get(key)
    if body is None:
        data = (COMPILE_HINT if hinted else b"") + response.get_data()
        body = (brotli.compress(data, quality=config["COMPRESS_BR_LEVEL"]) if encoding == "br"
                else gzip.compress(data, config["COMPRESS_LEVEL"]))
        with _ONCE_LOCK:
            if len(_ONCE) < ONCE_ENTRIES:
                _ONCE[key] = body
    elif hasattr(response.response, "close"):
        response.response.close()  # the file Flask opened to stream, unread: the kept bytes replace it
    response.set_data(body)  # also sets Content-Length: a whole body, not a chunked stream
    response.headers["Content-Encoding"] = encoding  # flask-compress leaves an encoded response alone
    response.vary.add("Accept-Encoding")
