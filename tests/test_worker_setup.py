"""A fresh gunicorn worker serves Dash's JS bundles from its first request on (no 500 race)."""

from __future__ import annotations

import concurrent.futures
import re
import urllib.error
import urllib.request

import pytest

from conftest import free_port, start_gunicorn, stop_servers, wait_for

pytestmark = pytest.mark.server


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_parallel_bundle_requests_to_fresh_workers_all_succeed():
    # Without the eager setup in create_app, about half of these rounds saw a 500: a worker's second
    # thread served a bundle while its first was still building the layout during Dash's setup.
    # Three rounds, each on a server of its own whose workers have served nothing before; the servers start
    # and stop together (Dash's setup waits for a worker's first request, not for its start).
    failures = []
    servers = []
    try:
        for _ in range(3):
            port = free_port()
            servers.append((f"http://127.0.0.1:{port}", start_gunicorn(port)))
        for base, process in servers:
            wait_for(f"{base}/healthz", process)
            with urllib.request.urlopen(f"{base}/", timeout=60) as response:
                index = response.read().decode()
            bundles = re.findall(r'src="(/_dash-component-suites/[^"]+\.js)"', index)
            assert bundles
            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                codes = list(pool.map(status, [base + b for b in bundles] * 4))
            failures += [code for code in codes if code != 200]
    finally:
        stop_servers([process for _, process in servers])
    assert failures == []
