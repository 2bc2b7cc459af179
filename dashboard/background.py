"""Background jobs: Dash's manager and the store that keeps finished briefing packs for download.

Without REDIS_URL both live in a diskcache folder on this machine (jobs run in a child process).
With REDIS_URL jobs go to Celery workers through Redis and packs are kept in Redis, so several web
servers and workers on other machines serve the same downloads.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

PACK_TTL = 3600  # seconds a finished pack stays downloadable
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL") or None


def cache_dir(data_dir: str) -> Path:
    """Where the embedded manager and the pack store keep their files: one folder per data folder, so
    two checkouts (or a test's copy of the data) on one machine never share jobs or packs."""
    base = Path(os.environ.get("DASHBOARD_CACHE_DIR") or Path(tempfile.gettempdir()) / f"chengdu-dashboard-{os.getuid()}")
    return base / hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]


@contextmanager
def render_slot(data_dir: str):
    """One background export renders at a time on this machine: further jobs wait here instead of each
    starting its own Chromium at once (a burst of clicks or forged requests must not pile them up)."""
    folder = cache_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "render.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@lru_cache(maxsize=1)
def celery_app():
    """The Celery app of the web servers and the workers (`celery -A dashboard.worker worker`)."""
    from celery import Celery

    url = redis_url()
    app = Celery("dashboard", broker=url, backend=url)
    app.conf.update(worker_prefetch_multiplier=1, task_acks_late=True, broker_connection_retry_on_startup=True)
    return app


def make_manager(data_dir: str):
    """Celery with Redis when REDIS_URL is set, else the embedded diskcache manager."""
    from dash import CeleryManager, DiskcacheManager

    if redis_url():
        return CeleryManager(celery_app(), expire=PACK_TTL)
    import diskcache

    return DiskcacheManager(diskcache.Cache(str(cache_dir(data_dir) / "jobs")), expire=PACK_TTL)


class PackStore:
    """Finished export files by token and name, for a limited time (open one per process: after a fork,
    diskcache's SQLite connection must not be shared)."""

    def __init__(self, data_dir: str) -> None:
        url = redis_url()
        if url:
            import redis

            self._redis = redis.Redis.from_url(url)
            self._disk = None
        else:
            import diskcache

            self._redis = None
            self._disk = diskcache.Cache(str(cache_dir(data_dir) / "packs"))

    def put(self, files: dict[str, bytes]) -> str:
        token = uuid.uuid4().hex
        for name, content in files.items():
            key = f"dashboard:pack:{token}:{name}"
            if self._redis is not None:
                self._redis.setex(key, PACK_TTL, content)
            else:
                self._disk.set(key, content, expire=PACK_TTL)
        return token

    def get(self, token: str, name: str) -> bytes | None:
        if not TOKEN.match(token):
            return None
        key = f"dashboard:pack:{token}:{name}"
        return self._redis.get(key) if self._redis is not None else self._disk.get(key)
