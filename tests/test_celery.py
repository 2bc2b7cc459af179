"""The 导出简报包 button through Celery and Redis: what runs when REDIS_URL is set (several web servers, remote workers)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT, free_port, require, serving
from test_briefing_browser import export_pack_through_the_button

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """REDIS_URL if set, else a private redis-server on a free port (skipped when there is none)."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = shutil.which("redis-server")
    require(server, "REDIS_URL is not set and redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def celery_worker(redis_url, tmp_path_factory):
    """One Celery worker (prefork, one child) consuming the app's background callbacks; yields its log file."""
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "dashboard.worker:celery", "worker", "--concurrency", "1",
             "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env={**os.environ, "REDIS_URL": redis_url}, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"celery worker did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield log
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def celery_server(redis_url, celery_worker):
    """The Procfile's gunicorn with REDIS_URL set: background callbacks go to the worker."""
    with serving({"REDIS_URL": redis_url}) as base:
        yield base


def test_export_button_through_celery_and_redis(page, celery_server, celery_worker, redis_url, tmp_path):
    import redis

    export_pack_through_the_button(page, celery_server, tmp_path, "tab=jobs")
    assert "succeeded" in celery_worker.read_text()  # the worker ran the export, not the web server
    stored = redis.Redis.from_url(redis_url).keys("dashboard:pack:*")
    assert len(stored) >= 2  # the ZIP and the PPTX are kept in Redis, where every web server finds them
