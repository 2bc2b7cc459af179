"""An exclusive file lock taken within a time limit (merges into one data folder; exports on one machine)."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable


def lock_within(handle, seconds: float, waiting: Callable[[], None] | None = None, poll: float = 0.05) -> bool:
    """Take an exclusive flock on the open file within `seconds`; False if another holder kept it that long.
    `waiting` is called once, when the lock is not free at once (to say so)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            if waiting is not None:
                waiting()
                waiting = None
            time.sleep(poll)
