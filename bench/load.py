"""The load test: record a browser session, then replay it with locust against the Procfile's gunicorn.

    python -m bench.load [--users 50] [--seconds 60] [--out out/load]

Loopback only, bounded in time; prints p50, p95, requests/s and failures, and exits non-zero on any
failure. Also used by tests/test_load.py (opt-in: DASHBOARD_LOAD=1) and by the benchmark.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.request import urlopen

from bench.common import ROOT, chromium, serving


def record_session(base: str) -> dict:
    from bench.record import record

    with chromium() as browser:
        return record(base, browser)


def run_locust(base: str, recording: dict, users: int, seconds: int, out: Path) -> dict:
    """Run locust headless; returns the aggregated stats (p50, p95 in ms, requests/s, counts)."""
    out.mkdir(parents=True, exist_ok=True)
    rec_file = out / "recording.json"
    rec_file.write_text(json.dumps(recording, ensure_ascii=False))
    prefix = out / "locust"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "--host", base, "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s",
               "--stop-timeout", "10", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    env = {**os.environ, "LOAD_RECORDING": str(rec_file), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 120)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    callbacks = [r for name, r in rows.items() if "→" in name]
    return {
        "users": users, "seconds": seconds, "exit_code": result.returncode,
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]), "rps": float(total["Requests/s"]),
        "callbacks": {r["Name"]: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                                  "p50_ms": float(r["50%"]), "p95_ms": float(r["95%"])} for r in callbacks},
        "log_tail": (result.stderr or "")[-2000:],
    }


def export_exists(base: str) -> bool:
    """True when the colleague's pack export answers with a PowerPoint file (Dash answers HTML for any path)."""
    try:
        with urlopen(f"{base}/export/briefing.pptx", timeout=300) as response:
            return "presentation" in response.headers.get("Content-Type", "")
    except OSError:
        return False


def concurrent_exports(base: str, count: int = 5) -> list[str]:
    """count simultaneous pack exports; returns the problems (empty when all complete correctly)."""
    def one(_):
        with urlopen(f"{base}/export/briefing.pptx", timeout=600) as response:
            body = response.read()
            if response.status != 200:
                return f"HTTP {response.status}"
        with tempfile.TemporaryFile() as handle:
            handle.write(body)
            handle.seek(0)
            names = zipfile.ZipFile(handle).namelist()
        return "" if any(n.startswith("ppt/slides/") for n in names) else "not a pptx with slides"

    with ThreadPoolExecutor(count) as pool:
        return [p for p in pool.map(one, range(count)) if p]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--out", default=str(ROOT / "out" / "load"))
    args = parser.parse_args(argv)
    with serving({"dashboard": {}}, timeout=60) as servers:
        _, base = servers["dashboard"]
        stats = run_locust(base, record_session(base), args.users, args.seconds, Path(args.out))
        if export_exists(base):
            stats["export_problems"] = concurrent_exports(base)
    print(json.dumps({k: v for k, v in stats.items() if k != "log_tail"}, indent=1, ensure_ascii=False))
    ok = stats["failures"] == 0 and stats["exit_code"] == 0 and not stats.get("export_problems")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
