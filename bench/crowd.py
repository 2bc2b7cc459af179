"""Release day: a crowd of readers on a cold, then a warm, server (the Procfile's gunicorn on loopback).

    python -m bench.crowd [--readers 100 200 500] [--seconds 20] [--rate 600] [--out bench/results/NAME.json]

Each reader opens views one after another, as fast as the server answers, accepting brotli: every tab in both
languages and 20 deep links to figures. The load generator is a separate process, capped at --rate requests/s
in all, and talks to 127.0.0.1 only. Cold: a new, empty cache folder (the server just deployed); warm: the
folder of the first cold run once its background drawer has finished, on a restarted server. Also: repeat
visits with their ETag, pages while 20 clients ask for decks, the workers' memory before and after.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import DASHBOARD, ROOT, STOCK, procfile_server, stop, wait_for

LOOPBACK = ("127.0.0.1", "localhost", "::1")
TIMEOUT = 30  # seconds before a request counts as an error


def crowd_urls(seed: int = 26) -> list[str]:
    """Every tab in both languages, and 20 deep links to figures (each on its area's tab, half in English)."""
    sys.path.insert(0, str(ROOT))
    from dashboard import DEFAULT_DATA_DIR
    from dashboard.data.dataset import load
    from dashboard.view.state import View, tab_ids

    data = load(DEFAULT_DATA_DIR)
    tabs = [View(tab=tab, lang=lang).query() for tab in tab_ids(data) for lang in ("zh", "en")]
    figures = list(data.figures.index)
    picked = random.Random(seed).sample(figures, 20)
    deep = [View(tab=data.figure(f)["area"], indicator=f, lang=("zh", "en")[n % 2]).query()
            for n, f in enumerate(picked)]
    return ["/" + q for q in tabs + deep]


# --- the load generator (its own process) ---------------------------------------------------------


def generate(base: str, urls: list[str], readers: int, seconds: float, rate: float, decks: int = 0,
             etags: dict | None = None) -> dict:
    """readers threads, each on its own keep-alive connection, asking for pages back to back (at most rate
    requests/s in all); decks more threads asking for decks, honouring Retry-After."""
    parts = urlsplit(base)
    if parts.hostname not in LOOPBACK:
        raise SystemExit(f"the crowd runs against loopback only, not {parts.hostname}")
    lock = threading.Lock()
    times: list[float] = []
    statuses: dict[str, int] = {}
    partial = [0]
    deck_statuses: dict[str, int] = {}
    interval = 1.0 / rate
    next_slot = [time.monotonic()]
    start = time.monotonic()
    end = start + seconds

    def slot() -> None:
        with lock:
            at = next_slot[0] = max(next_slot[0] + interval, time.monotonic())
        time.sleep(max(0.0, at - time.monotonic()))

    def reader(n: int) -> None:
        rng = random.Random(n)
        connection = None
        while True:
            slot()
            if time.monotonic() >= end:
                break
            url = rng.choice(urls)
            headers = {"Accept-Encoding": "br"}
            if etags:
                headers["If-None-Match"] = etags[url]
            began = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                status = str(response.status)
                tag = response.getheader("ETag") or ""
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                status, tag = type(error).__name__, ""
                if connection is not None:
                    connection.close()
                connection = None
            took = time.monotonic() - began
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status in ("200", "304"):
                    times.append(took)
                partial[0] += tag.endswith('-p"')
        if connection is not None:
            connection.close()

    def deck_client(n: int) -> None:
        rng = random.Random(1000 + n)
        tabs = sorted({u.split("&")[0] for u in urls})
        while time.monotonic() < end:
            url = "/export/briefing.pptx" + rng.choice(tabs)[1:] + rng.choice(["", "&lang=en"])
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
            wait = 1.0
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                status = str(response.status)
                wait = min(5.0, float(response.getheader("Retry-After") or 0.2))
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            finally:
                connection.close()
            with lock:
                deck_statuses[status] = deck_statuses.get(status, 0) + 1
            time.sleep(wait)

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(readers)]
    threads += [threading.Thread(target=deck_client, args=(n,), daemon=True) for n in range(decks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT + 60)
    elapsed = time.monotonic() - start
    ok = sorted(times)

    def pct(p: float) -> float | None:
        return round(ok[min(len(ok) - 1, int(p / 100 * len(ok)))] * 1000, 1) if ok else None

    errors = sum(count for status, count in statuses.items() if status not in ("200", "304"))
    return {"readers": readers, "seconds": seconds, "rate_cap": rate, "elapsed_s": round(elapsed, 1),
            "pages": len(ok), "pages_per_s": round(len(ok) / elapsed, 1), "errors": errors, "statuses": statuses,
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "mean_ms": round(statistics.fmean(ok) * 1000, 1) if ok else None,
            "pages_with_stand_ins": partial[0], **({"deck_statuses": deck_statuses} if decks else {})}


def run_generator(base: str, urls: list[str], readers: int, seconds: float, rate: float, decks: int = 0,
                  etags: dict | None = None) -> dict:
    """generate() in a separate Python process, so the clients' work is not the server's."""
    job = json.dumps({"base": base, "urls": urls, "readers": readers, "seconds": seconds, "rate": rate,
                      "decks": decks, "etags": etags})
    result = subprocess.run([sys.executable, "-m", "bench.crowd", "--generate"], input=job, text=True,
                            capture_output=True, cwd=ROOT, timeout=seconds + 400,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout)


# --- the server side --------------------------------------------------------------------------------


def worker_memory(process: subprocess.Popen) -> list[float]:
    """Resident MB of each gunicorn worker (the arbiter's children; not the drawer or job processes)."""
    import psutil

    workers = [p for p in psutil.Process(process.pid).children() if "gunicorn" in " ".join(p.cmdline())]
    return [round(p.memory_info().rss / 2**20, 1) for p in workers]


def drawer_state(cache: Path, partial: bool = False) -> dict | None:
    """The background drawer's report from the cache folder, once it has finished (None before, unless partial)."""
    import diskcache

    sys.path.insert(0, str(ROOT))
    from dashboard import DEFAULT_DATA_DIR
    from dashboard.background import drawings_dir
    from dashboard.firstpaint import fingerprint

    os.environ["DASHBOARD_CACHE_DIR"] = str(cache)
    key = fingerprint(DEFAULT_DATA_DIR)
    with diskcache.Cache(str(drawings_dir())) as disk:
        done = bool(disk.get(("drawn", key)))
        if not done and not partial:
            return None
        return {**(disk.get(("drawer-stats", key)) or {}), "done": done, "entries": len(disk),
                "stored_bytes": disk.volume()}


def serve(cache: Path, app: str = DASHBOARD) -> tuple[subprocess.Popen, str]:
    process, base = procfile_server(app, env={"DASHBOARD_CACHE_DIR": str(cache)})
    wait_for(f"{base}/healthz", process, timeout=120)
    return process, base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, nargs="+", default=[100, 200, 500])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=600, help="requests/s the generator never exceeds")
    parser.add_argument("--decks", type=int, default=20, help="deck clients beside 100 readers (0: skip)")
    parser.add_argument("--drawer-wait", type=float, default=900, help="seconds to wait for the drawer to finish")
    parser.add_argument("--cold-only", action="store_true", help="only the cold runs")
    parser.add_argument("--drawn", help="warm runs use this cache folder, filled by the drawer before")
    parser.add_argument("--stock", action="store_true", help="also the stock one-chart Dash app, warm, at 100")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / f"{time.strftime('%Y-%m-%d')}-crowd.json"))
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        job = json.loads(sys.stdin.read())
        print(json.dumps(generate(job["base"], job["urls"], job["readers"], job["seconds"], job["rate"],
                                  job["decks"], job["etags"])))
        return 0
    urls = crowd_urls()
    results: dict = {"machine": {"cores": os.cpu_count(), "load_before": os.getloadavg()}, "urls": len(urls),
                     "cold": [], "warm": []}
    root = Path(tempfile.mkdtemp(prefix="crowd-"))
    first = root / "cold-0"
    for n, readers in enumerate(args.readers):
        cache = root / f"cold-{n}"
        process, base = serve(cache)
        try:
            before = worker_memory(process)
            run = run_generator(base, urls, readers, args.seconds, args.rate)
            run["worker_mb_before"], run["worker_mb_after"] = before, worker_memory(process)
            results["cold"].append(run)
            print("cold", json.dumps(run), flush=True)
            if n == 0 and not (args.drawn or args.cold_only):  # the first cold server's drawer fills the folder the warm runs use
                began = time.monotonic()
                while (state := drawer_state(first)) is None and time.monotonic() - began < args.drawer_wait:
                    time.sleep(5)
                results["drawer"] = state
                print("drawer", json.dumps(state), flush=True)
        finally:
            stop(process)
    if args.cold_only:
        return save(args, results)
    if args.drawn:  # a folder the drawer has filled before (python -m dashboard.warm, timed on its own)
        first = Path(args.drawn)
        results["drawer"] = drawer_state(first, partial=True)
    process, base = serve(first)
    try:
        for readers in args.readers:
            before = worker_memory(process)
            run = run_generator(base, urls, readers, args.seconds, args.rate)
            run["worker_mb_before"], run["worker_mb_after"] = before, worker_memory(process)
            results["warm"].append(run)
            print("warm", json.dumps(run), flush=True)
        etags = {}
        for url in urls:
            connection = http.client.HTTPConnection("127.0.0.1", urlsplit(base).port, timeout=TIMEOUT)
            connection.request("GET", url, headers={"Accept-Encoding": "br"})
            response = connection.getresponse()
            response.read()
            etags[url] = response.getheader("ETag")
            connection.close()
        results["repeat_visits"] = run_generator(base, urls, 100, min(args.seconds, 10), args.rate, etags=etags)
        print("repeat", json.dumps(results["repeat_visits"]), flush=True)
        if args.decks:
            results["with_decks"] = run_generator(base, urls, 100, args.seconds, args.rate, decks=args.decks)
            print("decks", json.dumps(results["with_decks"]), flush=True)
            results["with_decks"]["worker_mb_after"] = worker_memory(process)
    finally:
        stop(process)
    if args.stock:
        process, base = serve(root / "stock", STOCK)
        try:
            results["stock_app_warm_100"] = run_generator(base, ["/"], 100, args.seconds, args.rate)
        finally:
            stop(process)
    return save(args, results)


def save(args, results: dict) -> int:
    results["machine"]["load_after"] = os.getloadavg()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
