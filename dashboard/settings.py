"""Every setting the dashboard reads from the environment, in one place (the README lists them)."""

from __future__ import annotations

import os

# name: (default, what it does). Read at call time, so a test or a command can set one for its own run.
SETTINGS: dict[str, tuple[str | None, str]] = {
    "DASHBOARD_DATA_DIR": (None, "the data folder gunicorn's app serves (default: the package's data/)"),
    "DASHBOARD_CACHE_DIR": (None, "the folder for the chart and job caches (default: a per-user cache folder)"),
    "REDIS_URL": (None, "export jobs go to Celery workers through this Redis instead of running beside the server"),
    "DASHBOARD_WARM": ("1", "0: draw each chart when a page first needs it, not every tab's at start-up"),
    "DASHBOARD_PLOTLY": ("partial", "full: serve plotly.js's full bundle even where the partial one is installed"),
    "DASHBOARD_RENDER_TABS": ("2", "charts kaleido renders at once for an export"),
    "DASHBOARD_PUBLIC_URL": (None, "the dashboard's public address (https://host/path/) for the copy-link field and decks; "
                             "unset: links are relative and the browser fills in the address"),
    "DASHBOARD_BOOT": (None, "benchmarks only: 'load' runs Dash's scripts at once, 'interaction' fetches them on the first move"),
}


def setting(name: str) -> str | None:
    """The setting's value from the environment (an empty value counts as unset), or its default."""
    default, _ = SETTINGS[name]
    return os.environ.get(name) or default
