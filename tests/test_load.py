"""The load test (opt-in: DASHBOARD_LOAD=1, needs `pip install -e '.[bench]'`): 50 users for 60 s, 0 failures.

Replays a browser session recorded in the same run (first load, tab switches) against the Procfile's
gunicorn on loopback; when the pack export exists, 5 concurrent exports must all complete. Timings are
reported (bench/README.md), never asserted.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.environ.get("DASHBOARD_LOAD") != "1", reason="opt-in: DASHBOARD_LOAD=1")


def test_fifty_users_for_sixty_seconds_without_failures(live_server, tmp_path):
    if importlib.util.find_spec("locust") is None:  # not imported here: locust monkey-patches on import
        pytest.skip("locust not installed: pip install -e '.[bench]'")
    sys.path.insert(0, str(ROOT))
    from bench.load import record_session, run_locust

    users = int(os.environ.get("LOAD_USERS", 50))
    seconds = int(os.environ.get("LOAD_SECONDS", 60))
    stats = run_locust(live_server, record_session(live_server), users, seconds, tmp_path)
    print(f"\nload: {stats['requests']} requests, p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms, "
          f"{stats['rps']:.1f} req/s, {stats['failures']} failures")
    assert stats["requests"] > users
    assert stats["failures"] == 0, stats["log_tail"]
    assert stats["exit_code"] == 0, stats["log_tail"]


def test_five_concurrent_pack_exports_complete(live_server):
    sys.path.insert(0, str(ROOT))
    from bench.load import concurrent_exports, export_exists

    if not export_exists(live_server):
        pytest.skip("no /export/briefing.pptx on this branch yet")
    assert concurrent_exports(live_server, 5) == []
