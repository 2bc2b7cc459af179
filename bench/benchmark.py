"""The benchmark: a stock one-chart Dash app beside this dashboard, in one run, as ratios.

    python -m bench.benchmark [--runs 5] [--out out/bench]

Every app runs under the Procfile's gunicorn on loopback, all at once, and every measurement is taken
round-robin over the apps (run 1 of each app, then run 2 of each, ...; within a run, page by page, the apps
in turn first and last) so that the noise of a shared machine falls on all of them alike. Reported: medians (min-max) of
  (a)/(b) navigation -> every chart painted with no callback in flight, headless Chromium, empty cache;
  (c) interaction -> every chart painted, visible and idle (stock: dropdown -> chart; dashboard: tab
      switch), starting 4 s after the first full view (a person reads before clicking);
  (d) server time per callback (sequential loopback POSTs) and requests/s (8 client threads);
  (e) bytes on first load; (f) cold start (spawn -> first page served); (g) RSS per worker.
Goals, as ratios to the stock app measured in the same run: overview first full view <= 0.6, interactions
<= 1.0 of the stock dropdown -> chart round trip. Timings are reported, never asserted.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.browser import click_and_time, first_ready, interaction_ms, new_page, settle, wait_ready
from bench.common import (DASHBOARD, STOCK, bench_parser, chromium, procfile_server, save_results, serving, stop,
                          wait_for)

STOCK_OPTIONS = ["B", "C", "A"]
READING_PAUSE_MS = 4000
MOUNTED: list[bool] = []  # per page of tab switches: were the other tabs' panes mounted when clicking began


def apps() -> list[dict]:
    from dashboard.bundle import PARTIAL

    listed = [
        {"name": "stock", "app": STOCK, "env": {}, "pages": ["/"]},
        {"name": "dashboard, full plotly.js", "app": DASHBOARD, "env": {"DASHBOARD_PLOTLY": "full"}},
    ]
    if PARTIAL.is_file():
        listed.append({"name": "dashboard, partial plotly.js", "app": DASHBOARD, "env": {}})
    return listed


def dashboard_pages() -> list[str]:
    from dashboard.data.dataset import load
    from dashboard.view.state import tab_ids

    return ["/", *(f"/?tab={t}" for t in tab_ids(load())[1:])]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(values: list[float]) -> dict:
    return {"median": median(values), "min": min(values, default=float("nan")),
            "max": max(values, default=float("nan")), "n": len(values)}


def spread(values: list[float], count: bool = True) -> str:
    """A table cell of ms: "median (min-max), n" (n left out without count)."""
    s = summary(values)
    return f"{s['median']:.0f} ({s['min']:.0f}-{s['max']:.0f})" + (f", {s['n']}" if count else "")


# (f) cold start -----------------------------------------------------------------------------------------

def cold_start(app: dict) -> float:
    """Seconds from spawning gunicorn to the first page served."""
    started = time.perf_counter()
    process, base = procfile_server(app["app"], app["env"])
    try:
        wait_for(f"{base}/healthz", process, timeout=120)
        urllib.request.urlopen(f"{base}/", timeout=60).read()
        return time.perf_counter() - started
    finally:
        stop(process)


# (b), (c), (e) in Chromium ------------------------------------------------------------------------------

def retried(measure, *args, attempts: int = 3):
    """A measurement that timed out (a page stuck on this overloaded machine) is retried; failures are counted."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        try:
            return measure(*args)
        except PlaywrightTimeout:
            TIMEOUTS.append(f"{measure.__name__}{args[1:]}")
            if attempt == attempts - 1:
                raise


TIMEOUTS: list[str] = []


def first_view(browser, base: str, path: str, viewport=(1366, 900)) -> tuple[float, int, int]:
    """(ms to every chart painted and idle, bytes transferred, requests) for a navigation, empty cache."""
    context, page = new_page(browser, viewport)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        page.goto(base + path)
        page.mouse.move(3, 3)  # the reader's first move: the dashboard's app takes over (boot.js)
        ready = first_ready(page, timeout=60_000)
        sizes = [r.sizes() for r in list(finished)]
        total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
        return ready, total, len(sizes)
    finally:
        context.close()


def interactions(browser, base: str, stock: bool, tabs: list[str]) -> list[float]:
    """ms per interaction after a first load: dropdown picks on the stock app, tab switches here."""
    context, page = new_page(browser)
    try:
        page.goto(base + "/")
        page.mouse.move(3, 3)  # the reader's first move: the dashboard's app takes over (boot.js)
        wait_ready(page)
        if stock:
            page.wait_for_timeout(READING_PAUSE_MS)  # a person looks at the page before the first click
            return dropdown_picks(page)
        MOUNTED.append(settle(page, READING_PAUSE_MS))
        # A switch is done when the tab's charts are drawn, and the address and the breadcrumb name the tab.
        return [click_and_time(page, f"#tab-{tab}", f".view-{tab}", search=page.get_attribute(f"#tab-{tab}", "href"),
                               crumb=page.inner_text(f"#tab-{tab}"))
                for tab in [*tabs[1:], tabs[0]]]
    finally:
        context.close()


def dropdown_picks(page, interactions: list | None = None) -> list[float]:
    """ms per pick of the stock app's dropdown (B, C, A), each to its chart redrawn with that series; each pick's
    Event Timing duration is added to interactions when given."""
    times = []
    for option in STOCK_OPTIONS:
        page.click("#pick")
        page.wait_for_selector("[role=option]")
        times.append(click_and_time(page, f"[role=option]:has-text('{option}')", None, f"Series {option}"))
        if interactions is not None:
            interactions.append(interaction_ms(page))
    return times


# (d) server ----------------------------------------------------------------------------------------------

def post(base: str, body: dict) -> float:
    data = json.dumps(body).encode()
    request = urllib.request.Request(f"{base}/_dash-update-component", data=data,
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def callback_times(base: str, bodies: dict[str, list[dict]], repeats: int = 15) -> dict[str, dict]:
    """Median ms per callback output over sequential POSTs of the recorded bodies."""
    samples: dict[str, list[float]] = {}
    for _ in range(repeats):
        for step in bodies.values():
            for body in step:
                samples.setdefault(body["output"], []).append(post(base, body))
    return {output: summary(values) for output, values in samples.items()}


def throughput(base: str, bodies: list[dict], seconds: float = 10, threads: int = 8) -> float:
    """Callback requests per second with `threads` clients posting back to back."""
    done = [0] * threads
    stop_at = time.perf_counter() + seconds

    def client(index: int):
        i = index
        while time.perf_counter() < stop_at:
            post(base, bodies[i % len(bodies)])
            done[index] += 1
            i += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.perf_counter() - started)


def worker_rss_mb(process: subprocess.Popen) -> list[float]:
    import psutil

    return [child.memory_info().rss / 2**20 for child in psutil.Process(process.pid).children()]


# the run -------------------------------------------------------------------------------------------------

def machine() -> dict:
    def first_line(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"

    import dash
    from plotly.offline import get_plotlyjs_version

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    from bench.common import CHROMIUM
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model, "cores": len(__import__("os").sched_getaffinity(0)), "memory_gb": round(int(mem) / 2**20, 1),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "python": platform.python_version(), "dash": dash.__version__, "plotly.js": get_plotlyjs_version(),
        "chromium": first_line([CHROMIUM, "--version"]),
        "load_average": Path("/proc/loadavg").read_text().split()[:3],
    }


def run(runs: int) -> dict:
    from bench.record import record

    listed = apps()
    pages = dashboard_pages()
    tabs = [p.split("=", 1)[1] if "=" in p else "overview" for p in pages]
    for app in listed:
        app.setdefault("pages", pages)
    results: dict = {"machine": machine(), "runs": runs, "apps": {}}
    for app in listed:
        results["apps"][app["name"]] = {"cold_start_s": [], "first_view_ms": {p: [] for p in app["pages"]},
                                         "bytes": {p: [] for p in app["pages"]}, "requests": {p: [] for p in app["pages"]},
                                         "interaction_ms": []}
    print("cold start", flush=True)
    for _ in range(max(1, min(runs, 5))):
        for app in listed:
            results["apps"][app["name"]]["cold_start_s"].append(cold_start(app))
    with serving({app["name"]: {"app": app["app"], "env": app["env"]} for app in listed}) as servers:
        with chromium() as browser:
            for app in listed:  # one unmeasured warm-up per app: server caches, Chromium's own start-up
                retried(first_view, browser, servers[app["name"]][1], "/")
            for index in range(runs):
                print(f"browser run {index + 1}/{runs}", flush=True)
                # Page by page, each page's apps one after the other (in turn first and last): the stock page and
                # the dashboard's overview are measured seconds apart, not a dozen visits apart.
                order = listed if index % 2 == 0 else listed[::-1]
                for path in pages:
                    for app in order:
                        if path not in app["pages"]:
                            continue
                        entry = results["apps"][app["name"]]
                        ready, size, count = retried(first_view, browser, servers[app["name"]][1], path)
                        entry["first_view_ms"][path].append(ready)
                        entry["bytes"][path].append(size)
                        entry["requests"][path].append(count)
                for app in order:
                    results["apps"][app["name"]]["interaction_ms"] += retried(
                        interactions, browser, servers[app["name"]][1], app["app"] == STOCK, tabs)
            recordings = {}
            for app in listed:
                recordings[app["name"]] = record(servers[app["name"]][1], browser)
        print("server", flush=True)
        for app in listed:
            process, base = servers[app["name"]]
            entry = results["apps"][app["name"]]
            recording = recordings[app["name"]]
            bodies = {"start": recording["start"], **recording["steps"]}
            entry["callback_ms"] = callback_times(base, bodies)
            flat = [b for step in recording["steps"].values() for b in step] or recording["start"]
            entry["callbacks_per_s"] = throughput(base, flat)
            entry["worker_rss_mb"] = worker_rss_mb(process)
    results["timeouts_retried"] = TIMEOUTS
    results["panes_mounted_before_switches"] = MOUNTED
    return results


def report(results: dict) -> str:
    """The markdown tables of bench/README.md."""
    apps_ = results["apps"]
    stock = apps_["stock"]
    stock_view = median(stock["first_view_ms"]["/"])
    stock_click = median(stock["interaction_ms"])
    lines = ["| app | page | first full view, ms (min-max) | × stock | bytes | requests |",
             "|---|---|---|---|---|---|"]
    for name, entry in apps_.items():
        for path, values in entry["first_view_ms"].items():
            s = summary(values)
            lines.append(f"| {name} | `{path}` | {s['median']:.0f} ({s['min']:.0f}-{s['max']:.0f}) | "
                         f"{s['median'] / stock_view:.2f} | {median(entry['bytes'][path]):,.0f} | "
                         f"{median(entry['requests'][path]):.0f} |")
    lines += ["", "| app | interaction | ms (min-max), n | × stock dropdown |", "|---|---|---|---|"]
    for name, entry in apps_.items():
        s = summary(entry["interaction_ms"])
        what = "dropdown → chart" if name == "stock" else "tab switch"
        lines.append(f"| {name} | {what} | {s['median']:.0f} ({s['min']:.0f}-{s['max']:.0f}), {s['n']} | "
                     f"{s['median'] / stock_click:.2f} |")
    lines += ["", "| app | callback | server ms, median (min-max) | callbacks/s (8 clients) | cold start s | RSS per worker, MB |",
              "|---|---|---|---|---|---|"]
    for name, entry in apps_.items():
        cold = summary(entry["cold_start_s"])
        rss = ", ".join(f"{v:.0f}" for v in entry.get("worker_rss_mb", []))
        for i, (output, s) in enumerate(entry.get("callback_ms", {}).items()):
            extra = (f"{entry['callbacks_per_s']:.0f} | {cold['median']:.2f} ({cold['min']:.2f}-{cold['max']:.2f}) | {rss}"
                     if i == 0 else " | | ")
            lines.append(f"| {name} | `{output}` | {s['median']:.1f} ({s['min']:.1f}-{s['max']:.1f}) | {extra} |")
    overview = {n: median(e["first_view_ms"].get("/", [])) / stock_view for n, e in apps_.items() if n != "stock"}
    clicks = {n: median(e["interaction_ms"]) / stock_click for n, e in apps_.items() if n != "stock"}
    lines += ["", "Goals (ratios to the stock app, same run):"]
    for name in overview:
        lines.append(f"- {name}: overview first full view {overview[name]:.2f}× (goal ≤ 0.60: "
                     f"{'met' if overview[name] <= 0.6 else 'missed'}); tab switch {clicks[name]:.2f}× "
                     f"(goal ≤ 1.00: {'met' if clicks[name] <= 1.0 else 'missed'})")
    mounted = results.get("panes_mounted_before_switches", [])
    lines.append(f"- tab switches began with every tab's pane mounted on {sum(mounted)} of {len(mounted)} pages")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = bench_parser(__doc__, runs=5, out="bench").parse_args(argv)
    results = run(args.runs)
    save_results(args.out, results, report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
