"""Every setting the dashboard reads from the environment, in one place (the README lists them)."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from .errors import Problem, SetupError

# name: (default, what it does). Read at call time, so a test or a command can set one for its own run.
SETTINGS: dict[str, tuple[str | None, str]] = {
    "DASHBOARD_DATA_DIR": (None, "the data folder gunicorn's app serves (default: the package's data/)"),
    "DASHBOARD_PUBLIC_URL": (None, "the dashboard's public address (https://host/path/) for the copy-link field, the "
                             "picks and the deck's links; unset: links are relative and the browser completes them"),
    "DASHBOARD_CACHE_DIR": (None, "the folder for the chart and job caches (default: a per-user cache folder); "
                            "it must belong to the server's user and be writable by no one else"),
    "XDG_CACHE_HOME": (None, "the standard per-user cache folder: the default cache is $XDG_CACHE_HOME/chengdu-dashboard, "
                       "else ~/.cache/chengdu-dashboard"),
    "REDIS_URL": (None, "export jobs go to Celery workers through this Redis instead of running beside the server"),
    "DASHBOARD_WARM": ("1", "0: draw each chart when a page first needs it, not every tab's at start-up"),
    "DASHBOARD_PLOTLY": ("partial", "full: serve plotly.js's full bundle even where the partial one is installed"),
    "DASHBOARD_RENDER_TABS": ("2", "charts kaleido renders at once for an export"),
    "DASHBOARD_EMBED_ANCESTORS": ("*", "the sites that may frame the chart embeds (/embed/<chart>): CSP frame-ancestors "
                                  "sources, space-separated ('https://news.example.cn'); every other page refuses frames"),
    "DASHBOARD_BOOT": (None, "benchmarks only: 'load' runs Dash's scripts at once, 'interaction' fetches them on the first move"),
}


def setting(name: str) -> str | None:
    """The setting's value from the environment (an empty value counts as unset), or its default."""
    default, _ = SETTINGS[name]
    return os.environ.get(name) or default


def public_url() -> str:
    """DASHBOARD_PUBLIC_URL ending in one slash, or '' when unset; SetupError when it is not an http(s) address
    (create_app builds a page with it, so a bad value stops the start, one line, before anything is served).
    Links never take their host from a request: its Host and X-Forwarded-* headers are the client's to forge."""
    value = setting("DASHBOARD_PUBLIC_URL")
    if not value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SetupError([Problem("DASHBOARD_PUBLIC_URL", None, None,
                                  f"{value!r} is not an http(s) address such as https://data.example.cn/")])
    return value.rstrip("/") + "/"


def link_base() -> str:
    """What view links start with: the public address, else '/' (a relative link)."""
    return public_url() or "/"


_SOURCE = re.compile(r"^(\*|'self'|'none'|(https?:)?(//)?[\w.*-]+(:\d+|:\*)?(/[\w./-]*)?|https?:)$")


def embed_ancestors() -> str:
    """DASHBOARD_EMBED_ANCESTORS as CSP frame-ancestors sources; SetupError for anything that is not a list of
    sources (a ';' or a quote would end the directive and write another)."""
    value = setting("DASHBOARD_EMBED_ANCESTORS")
    sources = value.split()
    if not sources or not all(_SOURCE.match(source) for source in sources):
        raise SetupError([Problem("DASHBOARD_EMBED_ANCESTORS", None, None,
                                  f"{value!r} is not a list of CSP sources such as '*' or 'https://news.example.cn'")])
    return " ".join(sources)
