"""Rendered pages kept per view, language and encoding: made once, compressed once, sent whole, with an ETag.

The ETag comes from the release (data, code, templates, assets) and the view, so any worker answers a
repeat visit 304 without rendering. A page still showing stand-ins for charts not drawn yet is tagged apart
and made again once one of them is drawn, so a reader who got one is sent the drawn page later.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import brotli
from flask import Response, request

PACKAGE = Path(__file__).resolve().parent
PAGE_ENTRIES = 512  # pages (and layouts) kept per worker: every tab and figure view in both languages is ~200
PAGE_BYTES = 48 << 20  # and at most this much of them (a page is ~125 kB, ~15 kB compressed)
PARTIAL_CHECK = 1.0  # seconds between checks whether a page's stand-ins have been drawn since
PARTIAL_REMAKE = 15.0  # a page is made again when all it lacked is drawn, or when some is and this long has passed
BR_QUALITY = 9  # made once per page: worth more effort than flask-compress's per-request level


def release_tag(data_key: str) -> str:
    """The data-and-code fingerprint plus what else shapes a page: templates, assets, Dash's version."""
    import dash

    digest = hashlib.sha256(f"{data_key} {dash.__version__}".encode())
    for path in sorted((PACKAGE / "templates").glob("*.html")) + sorted((PACKAGE.parent / "assets").glob("*.*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Entry:
    body: bytes
    etag: str
    mimetype: str
    missing: list  # the drawings this page shows stand-ins for
    checked: float = field(default_factory=time.monotonic)
    made: float = field(default_factory=time.monotonic)
    encoded: dict = field(default_factory=dict)  # encoding -> bytes, compressed on first request


class PageCache:
    """A bounded LRU of rendered pages, by (kind, canonical view, ...) key."""

    def __init__(self, tag: str, entries: int = PAGE_ENTRIES, drawn=lambda key: False, size: int = PAGE_BYTES) -> None:
        self.tag = tag
        self.entries, self.size = entries, size
        self.drawn = drawn  # whether a drawing a page lacked has been made since
        self._pages: OrderedDict[tuple, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[tuple, threading.Lock] = {}  # one thread makes a page; the others wait for it

    def etag(self, key: tuple, complete: bool = True, extra: str = "") -> str:
        digest = hashlib.sha256(repr((self.tag, key, extra)).encode()).hexdigest()[:20]
        return f'"{digest}{"" if complete else "-p"}"'

    def get(self, key: tuple) -> Entry | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            now = time.monotonic()
            if entry.missing and now - entry.checked > PARTIAL_CHECK:
                entry.checked = now
                drawn = [self.drawn(k) for k in entry.missing]
                # While the drawer draws, drawings land every second: made again at each, a page would be made
                # again and again by every worker; once all are drawn, or some and a while later, is enough.
                if all(drawn) or (any(drawn) and now - entry.made > PARTIAL_REMAKE):
                    del self._pages[key]
                    return None
            self._pages.move_to_end(key)
            return entry

    def put(self, key: tuple, body: bytes, mimetype: str, missing: list = ()) -> Entry:
        entry = Entry(body, self.etag(key, not missing), mimetype, list(missing))
        with self._lock:
            self._pages[key] = entry
            while len(self._pages) > self.entries or self.bytes() > self.size:
                self._pages.popitem(last=False)
        return entry

    def bytes(self) -> int:
        """What the kept pages hold: bodies and their compressed copies."""
        return sum(len(e.body) + sum(map(len, e.encoded.values())) for e in self._pages.values())

    def __len__(self) -> int:
        return len(self._pages)

    def respond(self, key: tuple, make, mimetype: str, notice: str = "") -> Response:
        """The page for key: 304 if the reader holds it, else the kept body in the reader's best encoding.
        `make()` gives (body, drawings it lacks) when nothing is kept; `notice` fills the page's empty notice (a URL
        with values the view ignored: the same entry as the view without them, with words saying so)."""
        from .page import notice_html

        extra = notice and escape(notice)
        if request.if_none_match and request.if_none_match.contains(self.etag(key, True, extra).strip('"')):
            return self._not_modified(self.etag(key, True, extra))
        entry = self.get(key)
        if entry is None:
            with self._lock:
                making = self._making.setdefault(key, threading.Lock())
            with making:
                entry = self.get(key)  # made by the thread this one waited for
                if entry is None:
                    body, missing = make()
                    entry = self.put(key, body, mimetype, missing)
            with self._lock:
                self._making.pop(key, None)
        encoding = request.accept_encodings.best_match(["br", "gzip"])
        if extra:
            body = entry.body.replace(notice_html().encode(), notice_html(notice).encode(), 1)
            etag = self.etag(key, not entry.missing, extra)
            body = _encode(body, encoding, quality=5) if encoding else body
        else:
            etag = entry.etag
            body = entry.encoded.get(encoding) if encoding else entry.body
            if body is None:  # a page with stand-ins is made again soon: not worth the slower, smaller brotli
                body = entry.encoded[encoding] = _encode(entry.body, encoding, 5 if entry.missing else BR_QUALITY)
        response = Response(body, mimetype=entry.mimetype)
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = "no-cache"  # kept by the browser, asked again each visit: 304
        response.vary.add("Accept-Encoding")
        return response

    @staticmethod
    def _not_modified(etag: str) -> Response:
        response = Response(status=304)
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = "no-cache"
        response.vary.add("Accept-Encoding")
        return response


def _encode(body: bytes, encoding: str, quality: int) -> bytes:
    return brotli.compress(body, quality=quality) if encoding == "br" else gzip.compress(body, 6)
