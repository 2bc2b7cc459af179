"""Shared fixtures: the project's paths, a copy of the data to break, a real gunicorn server, a real Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCE = ROOT.parent / "shared" / "seeds" / "000_198da177f3a96020.txt"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def figure_rows(data_dir: Path = DATA) -> int:
    """How many figures data/figures.csv holds, read with the csv module alone (not through the loader), so
    tests compare the app's counts with the file instead of a number written into the test."""
    import csv

    with open(data_dir / "figures.csv", encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/, for tests that break one file."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll url until it answers 200; fail with the server's output if it dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"server exited with {process.returncode}:\n{out}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def stop_server(process: subprocess.Popen) -> None:
    """Stop a test server: gunicorn's graceful shutdown waits up to 30 s for busy workers, then kill."""
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start_gunicorn(port: int, env: dict | None = None) -> subprocess.Popen:
    """The Procfile's command on a loopback port."""
    procfile = (ROOT / "Procfile").read_text().split(":", 1)[1].strip()
    command = procfile.replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1").split()
    command[0] = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@contextmanager
def serving(env: dict | None = None):
    """gunicorn as the Procfile runs it, with extra environment; yields its base URL once healthy."""
    port = free_port()
    process = start_gunicorn(port, env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process)
        yield base
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def live_server():
    """The dashboard under gunicorn, as the Procfile runs it; yields its base URL."""
    with serving() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def go_live(page, url: str, **kwargs):
    """Open a page and bring in the app as a reader would: the first paint is server-rendered, and
    assets/boot.js loads Dash on the first pointer move; returns once the app has taken over."""
    response = page.goto(url, **kwargs)
    become_live(page)
    return response


def become_live(page) -> None:
    """After a full page load (a link to the other language, say): the reader's first move brings the app."""
    page.wait_for_selector("#first-paint, html.live", state="attached")
    page.mouse.move(3, 3)
    page.mouse.move(5, 5)
    page.wait_for_selector("html.live", state="attached", timeout=60_000)


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions in page.errors."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    yield tab
    context.close()


# Tests whose skip on a developer's machine means "something is not installed": in CI (CI=true, as
# .ci/run runs) everything is installed, so a skip there hides a broken install and fails the run.
MUST_RUN_IN_CI = {"test_data.py", "test_bundle.py", "test_celery.py", "test_lighthouse.py"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (report.skipped and os.environ.get("CI", "").lower() in ("true", "1")
            and Path(str(item.fspath)).name in MUST_RUN_IN_CI):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped under CI=true, where everything it needs is installed: {reason}"


def markup_texts(markup: str) -> list[str]:
    """The text pieces of server-made markup (a StaticHtml component's html), entities decoded."""
    from html.parser import HTMLParser

    pieces: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = lambda data: pieces.append(data) if data.strip() else None
    parser.feed(markup)
    parser.close()
    return [piece.strip() for piece in pieces]


def markup_links(markup: str) -> list[tuple[str, str]]:
    """(href, text) of every link in server-made markup (a StaticHtml component's html)."""
    from html.parser import HTMLParser

    found: list[list[str]] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                found.append([dict(attrs).get("href", ""), ""])

        def handle_data(self, data):
            if found:
                found[-1][1] += data

    parser = Links(convert_charrefs=True)
    parser.feed(markup)
    parser.close()
    return [(href, text.strip()) for href, text in found]


SHOWN = "#tab-content > .pane:not(.pane--hidden)"  # the pane of the view on screen (the others wait out of sight)


def wait_panes_mounted(page, timeout: float = 60_000) -> None:
    """Until assets/panes.js has mounted every tab's pane and each pane's charts are drawn."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('#tab-content > .pane')].every(p => p.querySelector('.view')"
        " && [...p.querySelectorAll('.chart-cell')].every(c => c.querySelector('.main-svg')))", timeout=timeout)
