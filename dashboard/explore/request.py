"""What the request that asks for the page says: its view (from the Referer), its screen (the request's word, else
a cookie), the public address its links start with, and the notice naming what its URL had wrong."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

import flask

from ..data.dataset import Dataset
from ..settings import link_base
from ..view.strings import t
from ..view.state import View
from ..view.url import MAX_QUERY, parse_view


def requested_view(data: Dataset) -> View:
    """The view of the page that requested the layout (its Referer), or the overview outside a request.

    Only the query is used, through parse_view, so a hostile Referer is as harmless as a hostile URL.
    The notice about ignored values is left to the sync callback, which reads the real address bar."""
    if not flask.has_request_context():
        return View()
    referrer = flask.request.referrer or ""
    return replace(parse_view(urlsplit(referrer).query if len(referrer) <= 2 * MAX_QUERY else "", data), ignored=())


# The screen's words, as assets/boot.js writes them (in the cookie, and in each request to sync: route.js).
SCREEN_COOKIE = "screen"
NARROW, WIDE = "narrow", "wide"


def base_url() -> str:
    """What the copy-link field's URL starts with: DASHBOARD_PUBLIC_URL, else '/' (the browser completes it)."""
    return link_base()


def requested_narrow() -> bool:
    """Whether the page asking for its layout is phone-sized, as the cookie says: assets/boot.js writes it before
    the app asks for its layout, a phone's first visit too (a request to sync says its own screen: asked_narrow)."""
    return flask.has_request_context() and is_narrow(flask.request.cookies.get(SCREEN_COOKIE))


def is_narrow(screen) -> bool:
    """A screen word (browser-sent: anything but the one known word means wide)."""
    return screen == NARROW


def asked_narrow(asked) -> bool:
    """Whether a request to sync (or for slides) comes from a phone-sized window: its screen word, which
    assets/route.js adds to every request, else the cookie (a word that is neither is no word)."""
    screen = asked.get("screen") if isinstance(asked, dict) else None
    return is_narrow(screen) if screen in (NARROW, WIDE) else requested_narrow()


def notice_text(view: View, lang: str) -> str:
    """A short notice naming (in the UI's words, never echoing the input) what the URL had wrong."""
    if not view.ignored:
        return ""
    names = ("、" if lang == "zh" else ", ").join(t(f"param_{name}", lang) for name in dict.fromkeys(view.ignored))
    return t("ignored", lang, names=names)
