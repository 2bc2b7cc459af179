"""Servers and browsers for the load test and the benchmark: the Procfile's gunicorn on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_FLAGS, free_port, stop_server, wait_for  # noqa: E402

DASHBOARD = "dashboard.wsgi:server"


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


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


__all__ = ["DASHBOARD", "ROOT", "free_port", "launch", "procfile_command", "procfile_server", "stop", "wait_for"]


def save_results(out: str | Path, results: dict, text: str) -> None:
    """A bench's raw results (results.json) and its Markdown table (results.md) in out; the table printed."""
    import json

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    (out / "results.md").write_text(text + "\n")
    print(text)
