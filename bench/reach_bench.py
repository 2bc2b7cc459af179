"""A phone reader on 4G who reads the first paint, then reaches for the app: how long until it answers.

    python -m bench.reach_bench [--runs 3] [--pause 5000] [--out out/bench-reach]

The page arrives server-rendered and Dash's scripts run on the reader's first move (assets/boot.js). Since
2026-12-01 the scripts are fetched into the HTTP cache once the page has loaded and the browser is idle,
without running them. This measures what that buys where it matters, on Lighthouse's mobile network
(150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up, emulated through the DevTools protocol; the CPU is not
slowed): the time from the reader's first move, PAUSE ms after the page's load event, to the view fully
drawn by the app with no callback in flight. Two servers of the same code, one as it ships and one with
DASHBOARD_BOOT=interaction (nothing fetched before the first move, the way before), run side by side,
round-robin, at 390x844, on `/` and `/?tab=jobs`. Reported: medians (min-max) and the ratio to the
"interaction" server, and the bytes each moved before the reader's move. Timings are never asserted.
"""

from __future__ import annotations

import sys

from bench.benchmark import machine, median, retried, spread
from bench.browser import new_page
from bench.common import bench_parser, chromium, save_results, serving

PHONE = (390, 844)
PAGES = ("/", "/?tab=jobs")
# Lighthouse 12's mobile preset ("slow 4G"): its throughput and latency, as DevTools emulates them.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
           "uploadThroughput": 750 * 1024 / 8 * 0.9}
SERVERS = {"fetched ahead (as shipped)": {}, "on first move only (DASHBOARD_BOOT=interaction)":
           {"DASHBOARD_BOOT": "interaction"}}


def reach(browser, base: str, path: str, pause_ms: int) -> tuple[float, int]:
    """(ms from the first move to the app's full view, bytes moved before the move) for one fresh visit."""
    context, page = new_page(browser, PHONE)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        sizes = []
        page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
        page.goto(base + path, wait_until="load", timeout=120_000)
        page.wait_for_timeout(pause_ms)  # the reader reads the first paint
        before = sum(sizes)
        moved = page.evaluate("performance.now()")
        page.mouse.move(3, 3)
        ready = page.wait_for_function("() => window.__firstReady", polling=50, timeout=120_000).json_value()
        return ready - moved, before
    finally:
        context.close()


def run(runs: int, pause_ms: int) -> dict:
    results = {"machine": machine(), "runs": runs, "pause_ms": pause_ms, "network": SLOW_4G,
               "reach_ms": {name: {path: [] for path in PAGES} for name in SERVERS},
               "bytes_before_move": {name: {path: [] for path in PAGES} for name in SERVERS}}
    with serving({name: {"env": env} for name, env in SERVERS.items()}) as servers, chromium() as browser:
        for _, base in servers.values():  # warm-up, unmeasured: the servers' caches fill
            retried(reach, browser, base, "/", 500)
        for index in range(runs):
            print(f"run {index + 1}/{runs}", flush=True)
            for path in PAGES:
                for name, (_, base) in servers.items():
                    ms, moved = retried(reach, browser, base, path, pause_ms)
                    results["reach_ms"][name][path].append(ms)
                    results["bytes_before_move"][name][path].append(moved)
    return results


def report(results: dict) -> str:
    baseline = list(SERVERS)[1]
    lines = ["| page | boot | first move → full view, ms, median (min-max), n | × on first move only | "
             "kB before the move |", "|---|---|---|---|---|"]
    for path in PAGES:
        base = median(results["reach_ms"][baseline][path])
        for name in SERVERS:
            times = results["reach_ms"][name][path]
            kb = median(results["bytes_before_move"][name][path]) / 1000
            lines.append(f"| `{path}` | {name} | {spread(times)} | {median(times) / base:.2f} | {kb:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__, runs=3, out="bench-reach")
    parser.add_argument("--pause", type=int, default=5000, help="ms the reader reads before the first move")
    args = parser.parse_args(argv)
    results = run(args.runs, args.pause)
    save_results(args.out, results, report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
