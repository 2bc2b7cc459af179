"""The background drawer: every view's charts drawn ahead of time, in a low-priority process of its own.

`python -m dashboard.warm DATA_DIR [PID]`, started by a web worker (app.Drawer) with the worker's PID; one per data
folder and release on a machine (a lease in the shared cache). Views that pages showed with stand-ins go first, then
every tab and every figure's view in both languages and layouts. It exits when all is drawn, or when the process
that started it is gone: at once if it was gone before the drawer began (a short-lived process, a stopped server).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

LEASE = 300  # seconds the drawer's claim lasts without renewal (a killed drawer is replaced after this)
START_EVERY = 60  # seconds between drawer starts on a machine (a server's workers all ask at once)
BATCH = 4  # drawings handed to kaleido at once (it draws on its tabs in parallel)
NICE = 10  # the drawer and its Chromium yield the cores to the web workers


def lease_key(key: str) -> tuple:
    return ("drawer", key)


def done_key(key: str) -> tuple:
    return ("drawn", key)


def holds(disk, key: str) -> bool:
    """Whether this drawer still holds the lease (a lapsed one it takes again, unless another drawer took it)."""
    owner = disk.get(lease_key(key))
    return owner == os.getpid() or (owner is None and disk.add(lease_key(key), os.getpid(), expire=LEASE))


def run(data_dir: str, parent: int | None = None) -> dict | None:
    """Draw every view of the data folder (or what is queued) while process parent (default: this one's parent
    now) is this one's parent; returns what was done, or None if another drawer holds the lease."""
    from .background import cache_dir
    from .figures.charts import share_builds, shared_cache
    from .firstpaint import every_view, fingerprint, svg_cache
    from .data.dataset import load
    from .renderer import RENDERER
    from .view.url import parse_view

    data_dir = str(Path(data_dir).resolve())
    data = load(data_dir)
    key = fingerprint(data_dir)
    share_builds(data, shared_cache(str(cache_dir(data_dir) / "figures")), key)
    svgs = svg_cache(data, key)
    disk = svgs._disk  # noqa: SLF001 (the lease lives beside the drawings it guards)
    if not disk.add(lease_key(key), os.getpid(), expire=LEASE):
        return None
    os.nice(NICE)
    parent, started = parent or os.getppid(), time.monotonic()
    todo = [] if disk.get(done_key(key)) else every_view(data)
    drawn = 0
    try:
        while os.getppid() == parent and holds(disk, key):
            disk.set(lease_key(key), os.getpid(), expire=LEASE)
            keys: list[tuple] = []
            while len(keys) < BATCH:
                wanted = svgs.next_wanted()
                view = parse_view(wanted, data) if wanted else (todo.pop(0) if todo else None)
                if view is None:
                    break
                keys += [k for k in svgs.view_keys(view) if disk.get(repr(k)) is None and k not in keys]
            if not keys:
                break
            drawn += sum(text is not None for text in svgs.draw_many(keys))
        else:
            return {"drawn": drawn, "stopped": "worker gone, or another drawer took over"}
        disk.set(done_key(key), True)
    finally:
        if disk.get(lease_key(key)) == os.getpid():
            disk.delete(lease_key(key))
        RENDERER.stop()
    stats = {"drawn": drawn, "seconds": round(time.monotonic() - started, 1), "stored_bytes": disk.volume()}
    disk.set(("drawer-stats", key), stats)  # for the load bench's report
    return stats


if __name__ == "__main__":
    result = run(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
    if result is not None:
        print(json.dumps({"drawer": result}), flush=True)
