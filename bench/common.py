"""What every bench shares: the Procfile's gunicorn on loopback (the dashboard, the stock app), Chromium as the
tests start it, a bench's command line, and where its results are kept."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_FLAGS, free_port, stop_server, wait_for  # noqa: E402

DASHBOARD = "dashboard.wsgi:server"
STOCK = "bench.stock_app:server"  # the minimum any Dash dashboard pays (bench/stock_app.py)


def procfile_command(port: int, app: str = DASHBOARD) -> list[str]:
    """The Procfile's web command for app, bound to a loopback port."""
    command = (ROOT / "Procfile").read_text().split(":", 1)[1].strip()
    command = command.replace(DASHBOARD, app).replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1").split()
    command[0] = str(Path(sys.executable).with_name("gunicorn"))
    return command


def procfile_server(app: str = DASHBOARD, env: dict | None = None, root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """(process, base URL): the Procfile's gunicorn serving app from the checkout at root; not yet waited for."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(root), **(env or {})}
    process = subprocess.Popen(procfile_command(port, app), cwd=root, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    process.stdout = None
    return process, f"http://127.0.0.1:{port}"


stop = stop_server  # the tests' shutdown: gunicorn's graceful stop, then a kill


@contextmanager
def serving(servers: dict[str, dict], timeout: float = 120, ready: str = "/healthz"):
    """The Procfile's gunicorn for each name ({name: procfile_server's keywords}), all started, then each
    answering at ready: {name: (process, base URL)}. All are stopped on leaving."""
    started: dict[str, tuple[subprocess.Popen, str]] = {}
    try:
        for name, options in servers.items():
            started[name] = procfile_server(**options)
        for process, base in started.values():
            wait_for(base + ready, process, timeout=timeout)
        yield started
    finally:
        for process, _ in started.values():
            stop(process)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


@contextmanager
def chromium():
    """One Chromium as the tests start it, for a bench's measured visits; closed on leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


__all__ = ["DASHBOARD", "ROOT", "STOCK", "chromium", "free_port", "launch", "procfile_command", "procfile_server",
           "serving", "stop", "wait_for"]


def bench_parser(doc: str, *, runs: int, out: str | None = None) -> argparse.ArgumentParser:
    """A bench's command line: its docstring as the help, --runs, and --out (a folder under out/) when given."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=runs)
    if out:
        parser.add_argument("--out", default=str(ROOT / "out" / out))
    return parser


def timed(fn) -> float:
    """Seconds fn takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def save_results(out: str | Path, results: dict, text: str) -> None:
    """A bench's raw results (results.json) and its Markdown table (results.md) in out; the machine it ran on
    and the table printed."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    (out / "results.md").write_text(text + "\n")
    if "machine" in results:
        print(json.dumps(results["machine"], indent=1))
    print(text)


def keep_dated(name: str, results: dict) -> Path:
    """results kept as bench/results/<UTC date>-<name>.json, the record bench/README.md reports from."""
    path = ROOT / "bench" / "results" / f"{datetime.now(timezone.utc):%Y-%m-%d}-{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {path.relative_to(ROOT)}")
    return path
