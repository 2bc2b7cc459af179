"""Chart PNGs through kaleido's public API: one `kaleido.Kaleido` (one Chromium) per process, kept warm.

Kaleido's tabs load the partial plotly.js bundle the page uses (bundle.PARTIAL) when it covers the figures:
a quarter of the full bundle's script to run in each tab, so Chromium is ready in half the time.

Kaleido is asyncio code; it runs on an event loop in a thread of its own, so the synchronous exports can call
it from any thread. `Kaleido(n=2)` opens two tabs, so a pack renders two charts at once (bench/EXPORTS.md);
exports take turns on a lock, so a burst of requests never starts more than one Chromium per process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable, Sequence

from .settings import setting

TABS = int(setting("DASHBOARD_RENDER_TABS"))  # charts rendered at once (Kaleido's n)
START_TIMEOUT = 60  # seconds for Chromium to start: 2-4 s here, 24 s seen niced beside four busy processes;
# a start that took longer had hung (seen in CI) and is tried again (images)


class Renderer:
    """A warm kaleido.Kaleido on its own event-loop thread; `pngs` renders a batch on `tabs` tabs at once."""

    def __init__(self, tabs: int = TABS) -> None:
        self.tabs = tabs
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._plotlyjs: str | None = None  # the bundle the running kaleido loaded (None: the full one)

    @property
    def plotlyjs(self) -> str | None:
        """The plotly.js file the running kaleido loaded: bundle.PARTIAL, or None for plotly's full bundle."""
        return self._plotlyjs

    def png(self, figure, width: int, height: int, scale: int) -> bytes:
        """One chart as PNG bytes."""
        return self.pngs([(figure, width, height, scale)])[0]

    def svg(self, figure, width: int, height: int) -> str:
        """The figure as SVG markup (the server-rendered first paint inlines it)."""
        return self.images([(figure, "svg", width, height, 1)])[0].decode("utf-8")

    def pngs(self, jobs: Sequence[tuple], done: Callable[[int], None] | None = None) -> list[bytes]:
        """PNG bytes of each (figure, width, height, scale), in order; done(count) after each one finishes."""
        return self.images([(figure, "png", width, height, scale) for figure, width, height, scale in jobs], done)

    def images(self, jobs: Sequence[tuple], done: Callable[[int], None] | None = None) -> list[bytes]:
        """The bytes of each (figure, format, width, height, scale), in order, rendered `tabs` at a time;
        done(count) after each one finishes.

        If Chromium died (or was killed), or did not start in START_TIMEOUT, the batch is retried once on a fresh
        one; a second failure is real."""
        plotlyjs = _bundle_for(figure for figure, *_ in jobs)
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._start(plotlyjs)
                    future = asyncio.run_coroutine_threadsafe(self._render(jobs, done), self._loop)
                    return future.result()
                except Exception:
                    self._shutdown()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    async def _render(self, jobs, done) -> list[bytes]:
        finished = 0

        async def one(figure, fmt, width, height, scale) -> bytes:
            nonlocal finished
            opts = {"format": fmt, "width": width, "height": height, "scale": scale}
            image = await self._kaleido.calc_fig(figure, opts=opts)
            finished += 1
            if done:
                done(finished)
            return image

        return list(await asyncio.gather(*(one(*job) for job in jobs)))

    def _start(self, plotlyjs: str | None) -> None:
        """A running kaleido is kept if its bundle draws these figures: the full one draws any."""
        if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
            if self._plotlyjs in (None, plotlyjs):
                return
            self._shutdown()
        import kaleido

        async def open_kaleido():
            # MathJax would come from a CDN; the charts use none.
            instance = kaleido.Kaleido(n=self.tabs, mathjax=False, plotlyjs=plotlyjs)
            self._kaleido = instance  # kept before it opens: a start that hangs is closed by _shutdown
            await instance.open()

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        self._loop, self._thread, self._pid, self._plotlyjs = loop, thread, os.getpid(), plotlyjs
        opening = asyncio.run_coroutine_threadsafe(open_kaleido(), loop)
        try:
            opening.result(START_TIMEOUT)
        except BaseException:
            opening.cancel()
            raise

    def _shutdown(self) -> None:
        """Close Chromium and stop the loop thread (errors while closing a dead browser do not matter)."""
        loop, instance = self._loop, self._kaleido
        if loop is not None and self._pid == os.getpid():
            if instance is not None:
                with contextlib.suppress(Exception):  # already dead: nothing to close
                    asyncio.run_coroutine_threadsafe(instance.close(), loop).result(30)
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(10)
            if not loop.is_running():
                loop.close()
        self._loop = self._thread = self._kaleido = None
        self._pid = None

    def stop(self) -> None:
        """Stop this process's Chromium (a one-off job process must not leave it running when it exits)."""
        with self._lock:
            self._shutdown()

    def after_fork_in_child(self) -> None:
        """A forked child inherits neither the loop's thread nor a held lock, and the Chromium is the
        parent's: forget them all; the child starts its own on first use."""
        self._lock = threading.Lock()
        self._loop = self._thread = self._kaleido = None
        self._pid = None


def _bundle_for(figures) -> str | None:
    """The partial bundle's path when it is installed and draws every trace of figures, else None (the full
    plotly.js that comes with plotly)."""
    from .bundle import PARTIAL, partial_plotly_usable
    from .figures.charts import figure_trace_types

    return str(PARTIAL) if partial_plotly_usable(figure_trace_types(figures)) else None


RENDERER = Renderer()
os.register_at_fork(after_in_child=RENDERER.after_fork_in_child)
