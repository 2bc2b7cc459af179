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
import stat
import threading
import uuid
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .errors import Problem, UnsafeFolder
from .locks import lock_within
from .settings import setting

PACK_TTL = 3600  # seconds a finished pack stays downloadable
TOKEN = re.compile(r"^[0-9a-f]{32}$")
BACKGROUND_JUDGE = "DASHBOARD_BACKGROUND_JUDGE"  # Flask config key: server.py asks it before any job starts
MAX_URL = 4096  # characters of a view's query; longer is not a view of this dashboard
MAX_CLICKS = 2**31  # a person's clicks on one page load; beyond this nobody clicked
QUEUE_LIMIT = 4  # export jobs queued or running on this machine at once
CLIENT_LIMIT = 2  # of them asked by one client address
SLOT_WAIT = 120.0  # seconds a job waits for the render slot before it gives up (503)
JOB_TTL = 900  # seconds after which the ticket of a job that died unreported lapses
RETRY_AFTER = 30  # seconds a refused client is told to wait
EXPORT_CACHE_BYTES = 256 << 20
RENDER_TIMEOUT = 600.0  # seconds an export's process may take
RENDER_NICE = 10  # exports yield the cores to the pages
EXPORT_THREADS = 2  # a web worker's threads that may wait on an export; the others serve pages


def page_values_problem(entries: list[dict], data) -> str | None:
    """What makes a background callback's values impossible from a page of this dashboard, or None.

    A page sends a click count of at least 1 and its view store (whose query, written by the server, parses as
    a view with nothing dropped). Anything else is refused before a job forks.
    """
    from .view.url import parse_view

    values = {entry.get("property"): entry.get("value") for entry in entries}
    clicks = values.get("n_clicks")
    if not isinstance(clicks, int) or isinstance(clicks, bool) or not 1 <= clicks <= MAX_CLICKS:
        return "n_clicks must be a click count of at least 1"
    if "data" in values:
        stored = values["data"]
        query = stored.get("query") if isinstance(stored, dict) else None
        if not isinstance(query, str) or len(query) > MAX_URL or parse_view(query, data).ignored:
            return "the view store must hold a view of this dashboard"
    return None


def guard(app, data) -> None:
    """Refuse background callback requests that no page could send (server.py asks before any job forks)."""
    app.server.config[BACKGROUND_JUDGE] = lambda entries: page_values_problem(entries, data)


def redis_url() -> str | None:
    return setting("REDIS_URL")


def cache_dir(data_dir: str) -> Path:
    """Where the embedded manager, the pack store and the figure builds keep their files: one folder per data
    folder, so two checkouts (or a test's copy of the data) on one machine never share jobs or packs.

    The caches hold pickles and Dash's signing secret: the folder is checked on every call (UnsafeFolder when
    another user owns it or can write to it), and the per-data folder is made private (0700)."""
    return _private(hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:12])


def drawings_dir() -> Path:
    """The chart drawings (firstpaint.SvgCache) of this machine, one folder for every data folder: each drawing's
    key holds its release (firstpaint.fingerprint: the data files, the code, plotly and kaleido), so that a
    second checkout or data folder of a release finds what another drew (a fresh clone in CI, a redeploy)."""
    return _private("drawings")


def _private(name: str) -> Path:
    """The folder name under the cache folder (DASHBOARD_CACHE_DIR, else the user's), checked as cache_dir says."""
    chosen = setting("DASHBOARD_CACHE_DIR")
    base = Path(chosen) if chosen else Path(setting("XDG_CACHE_HOME") or Path.home() / ".cache") / "chengdu-dashboard"
    folder = base / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise UnsafeFolder([Problem(str(folder), None, None, f"the cache folder cannot be made: {exc.strerror or exc} "
                                                            "(set DASHBOARD_CACHE_DIR to a folder of this user)")]) from None
    _check_private(base, tighten=not chosen)
    _check_private(folder, tighten=True)
    return folder


def _check_private(folder: Path, tighten: bool) -> None:
    """UnsafeFolder unless this user owns folder and no one else may write to it; with tighten, a folder of
    this user that others may read or enter is made 0700."""
    info = folder.stat()
    me = os.geteuid()
    if info.st_uid != me:
        raise UnsafeFolder([Problem(str(folder), None, None, f"the cache folder belongs to uid {info.st_uid}, not to this "
                                    f"user (uid {me}): its files would be trusted; use a folder of your own "
                                    "(DASHBOARD_CACHE_DIR) or remove it")])
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        raise UnsafeFolder([Problem(str(folder), None, None, f"the cache folder is writable by other users (mode "
                                    f"{mode:04o}): anyone could plant files the app would load; `chmod 700` it "
                                    "or choose another DASHBOARD_CACHE_DIR")])
    if tighten and mode & 0o077:
        os.chmod(folder, 0o700)


class SlotBusy(Exception):
    """The render slot stayed taken for the whole wait."""


@contextmanager
def render_slot(data_dir: str, timeout: float = SLOT_WAIT):
    """One export renders at a time on this machine: further jobs wait here (at most `timeout` seconds, then
    SlotBusy) instead of each starting its own Chromium at once."""
    folder = cache_dir(data_dir)
    with open(folder / "render.lock", "w") as handle:
        if not lock_within(handle, timeout, poll=0.2):
            raise SlotBusy
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class RenderFailed(Exception):
    """The export's process failed, or outlasted its time."""


def in_low_priority_child(render, timeout: float = RENDER_TIMEOUT):
    """render() in a forked process at low priority (its Chromium too), so the worker's threads and the cores
    stay with the pages; returns what it returned. The child is always waited for (no zombie)."""
    import multiprocessing

    from .renderer import RENDERER

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        os.nice(RENDER_NICE)
        try:
            send.send(("ok", render()))
        except Exception as exc:  # noqa: BLE001 (reported to the parent, which logs and answers 503)
            send.send(("error", repr(exc)))
        finally:
            RENDERER.stop()

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise RenderFailed("timed out")
        status, value = receive.recv()
    except EOFError:
        raise RenderFailed("the export process died") from None
    finally:
        receive.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if status != "ok":
        raise RenderFailed(value)
    return value


class JobQueue:
    """Tickets for the export jobs queued or running on this machine: at most QUEUE_LIMIT in all and
    CLIENT_LIMIT per client address; beyond that a request is answered 429. A ticket a dead job never gave back
    lapses after JOB_TTL."""

    def __init__(self, data_dir: str, limit: int = QUEUE_LIMIT, per_client: int = CLIENT_LIMIT) -> None:
        self.folder = cache_dir(data_dir) / "queue"
        self.limit, self.per_client = limit, per_client
        self._opened: tuple[int, object] | None = None

    def _cache(self):
        import diskcache

        if self._opened is None or self._opened[0] != os.getpid():  # a forked job opens its own connection
            self._opened = (os.getpid(), diskcache.Cache(str(self.folder)))
        return self._opened[1]

    def take(self, client: str) -> str | None:
        """A ticket for a job of this client, or None when the queue or the client's share is full."""
        cache = self._cache()
        with cache.transact():
            held = [c for c in (cache.get(k) for k in list(cache.iterkeys())) if c is not None]
            if len(held) >= self.limit or held.count(client) >= self.per_client:
                return None
            ticket = uuid.uuid4().hex
            cache.set(ticket, client, expire=JOB_TTL)
        return ticket

    def give_back(self, ticket: str | None) -> None:
        if ticket:
            self._cache().delete(ticket)

    def held(self) -> int:
        cache = self._cache()
        return sum(cache.get(k) is not None for k in list(cache.iterkeys()))


class Flights:
    """Identical requests in one process share one run: the first renders, the others wait for its result."""

    def __init__(self) -> None:
        self._running: dict[object, threading.Event] = {}
        self._lock = threading.Lock()

    @contextmanager
    def join(self, key):
        """Yields True to the request that must do the work, False to one that waited for it to finish."""
        with self._lock:
            event = self._running.get(key)
            leader = event is None
            if leader:
                event = self._running[key] = threading.Event()
        if not leader:
            event.wait(SLOT_WAIT)
            yield False
            return
        try:
            yield True
        finally:
            with self._lock:
                self._running.pop(key, None)
            event.set()


class ExportCache:
    """Finished export files by (release fingerprint, kind, view, language): rendered once, shared by workers."""

    def __init__(self, data_dir: str) -> None:
        self.folder = cache_dir(data_dir) / "exports"
        self._opened: tuple[int, object] | None = None

    def _cache(self):
        import diskcache

        if self._opened is None or self._opened[0] != os.getpid():
            self._opened = (os.getpid(), diskcache.Cache(str(self.folder), size_limit=EXPORT_CACHE_BYTES))
        return self._opened[1]

    def get(self, key) -> dict[str, bytes] | None:
        return self._cache().get(repr(key))

    def put(self, key, files: dict[str, bytes]) -> None:
        self._cache().set(repr(key), files)


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
