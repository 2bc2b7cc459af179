"""A phone's interactions with the app live: a tap on a KPI card and a tap on a tab, on a phone's CPU and 4G.

    python -m bench.phone_bench [--runs 5] [--out out/bench-phone]
    python -m bench.phone_bench --base <commit> [--runs 6]   # A/B: an earlier commit (A) against this checkout (B)

Chromium at 390x844 with DevTools' 4x CPU slowdown and a 150 ms round trip (1.6 Mbit/s down, 750 kbit/s up:
Lighthouse's slow 4G). Each run opens /?tab=jobs in a fresh context, brings the app in with the reader's
first move, reads for READING_PAUSE_MS, then taps the first KPI card (until the detail panel names it with
every chart repainted) and the talent tab (until that tab's charts are drawn and the address names it).
Reported: ms from the pointerdown to that frame, and the browser's Event Timing duration of the same tap (from
the input to the next paint: what INP is made of), medians (min-max), against web.dev's "good" Interaction
to Next Paint, 200 ms. The stock app's dropdown under the same conditions is the baseline. With --base, the
earlier commit's app is the baseline instead: the two alternate run by run (bench.ab_bench, side_by_side).
Timings are reported, never asserted.
"""

from __future__ import annotations

import sys

from bench.benchmark import READING_PAUSE_MS, dropdown_picks, machine, median, retried, spread
from bench.ab_bench import serving_both, side_by_side
from bench.browser import SHOWN_PANE, click_and_time, interaction_ms, new_page, settle, wait_ready
from bench.common import STOCK, bench_parser, chromium, save_results, serving

PHONE = (390, 844)
CPU_SLOWDOWN = 4
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
GOOD_INP_MS = 200  # web.dev's threshold for a good Interaction to Next Paint


def as_phone(page) -> None:
    """The page on a phone's CPU and network (DevTools' emulation; it holds for the tab's later loads)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)


# What each run measures: the bench's frame (every chart drawn, no callback in flight) and the browser's own
# Event Timing duration of the same tap (input to next paint: what INP is made of).
MEASURES = {"card_ms": "tap a KPI card → its detail panel", "card_inp_ms": "the same tap, Event Timing",
            "tab_ms": "tap a tab → the tab shown", "tab_inp_ms": "the same tap, Event Timing"}
STOCK_MEASURES = {"stock_ms": "stock app: dropdown → chart", "stock_inp_ms": "the same pick, Event Timing"}


def dashboard_taps(browser, base: str) -> dict[str, float]:
    context, page = new_page(browser, PHONE)
    try:
        as_phone(page)
        page.goto(base + "/?tab=jobs")
        page.mouse.move(3, 3)  # the reader's first move: the app takes over (assets/boot.js)
        wait_ready(page)
        settle(page, READING_PAUSE_MS)
        card = page.locator(f"{SHOWN_PANE} .kpi-link").first
        label = card.locator(".kpi-label").inner_text()
        taps = {"card_ms": click_and_time(page, card, None, None, label), "card_inp_ms": interaction_ms(page)}
        page.goto(base + "/?tab=jobs")  # the panel covers the tabs on a phone: the tab tap starts from the tab
        page.mouse.move(3, 3)
        wait_ready(page)
        settle(page, READING_PAUSE_MS)
        taps["tab_ms"] = click_and_time(page, "#tab-talent", ".view-talent", None, None, "?tab=talent")
        taps["tab_inp_ms"] = interaction_ms(page)
        return taps
    finally:
        context.close()


def stock_taps(browser, base: str) -> dict[str, list[float]]:
    context, page = new_page(browser, PHONE)
    try:
        as_phone(page)
        page.goto(base + "/")
        wait_ready(page)
        page.wait_for_timeout(READING_PAUSE_MS)
        interactions: list[float] = []
        return {"stock_ms": dropdown_picks(page, interactions), "stock_inp_ms": interactions}
    finally:
        context.close()


def run(runs: int) -> dict:
    results = {"machine": machine(), "runs": runs, "cpu_slowdown": CPU_SLOWDOWN, "network": NETWORK,
               **{key: [] for key in (*MEASURES, *STOCK_MEASURES)}}
    with serving({"dashboard": {}, "stock": {"app": STOCK}}) as servers, chromium() as browser:
        retried(dashboard_taps, browser, servers["dashboard"][1])  # warm-up: every chart drawn once
        for index in range(runs):
            print(f"run {index + 1}/{runs}", flush=True)
            for key, ms in retried(dashboard_taps, browser, servers["dashboard"][1]).items():
                results[key].append(ms)
            for key, times in retried(stock_taps, browser, servers["stock"][1]).items():
                results[key] += times
    return results


def run_ab(base_commit: str, runs: int) -> dict:
    results = {"machine": machine(), "runs": runs, "cpu_slowdown": CPU_SLOWDOWN, "network": NETWORK}
    with side_by_side(base_commit) as sides, serving_both(sides) as servers, chromium() as browser:
        for name in ("A", "B"):
            results[name] = {"commit": sides[name][0], **{key: [] for key in MEASURES}}
            retried(dashboard_taps, browser, servers[name][1])  # warm-up: every chart drawn once
        for index in range(runs):
            print(f"pair {index + 1}/{runs}", flush=True)
            for name in ("A", "B") if index % 2 == 0 else ("B", "A"):
                for key, ms in retried(dashboard_taps, browser, servers[name][1]).items():
                    results[name][key].append(ms)
    return results


def heading(results: dict) -> list[str]:
    return [f"Phone: {PHONE[0]}×{PHONE[1]}, CPU {CPU_SLOWDOWN}× slower, {NETWORK['latency']} ms round trip; "
            f"{results['runs']} runs (A/B: alternating pairs). Good INP: ≤ {GOOD_INP_MS} ms.", ""]


def report_ab(results: dict) -> str:
    a, b = results["A"], results["B"]
    lines = heading(results) + [f"| interaction | A `{a['commit']}`, ms | B `{b['commit']}`, ms | B/A |",
                                "|---|---|---|---|"]
    for key, what in MEASURES.items():
        lines.append(f"| {what} | {spread(a[key])} | {spread(b[key])} | {median(b[key]) / median(a[key]):.2f} |")
    return "\n".join(lines)


def report(results: dict) -> str:
    lines = heading(results) + ["| interaction | ms, median (min-max), n | good INP | × stock dropdown |",
                                "|---|---|---|---|"]
    for key, what in {**MEASURES, **STOCK_MEASURES}.items():
        times, stock = results[key], median(results["stock_inp_ms" if "inp" in key else "stock_ms"])
        lines.append(f"| {what} | {spread(times)} | {'yes' if median(times) <= GOOD_INP_MS else 'no'} | "
                     f"{median(times) / stock:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__, runs=5, out="bench-phone")
    parser.add_argument("--base", help="an earlier commit (A) to measure this checkout (B) against")
    args = parser.parse_args(argv)
    if args.base:
        results = run_ab(args.base, args.runs)
        save_results(args.out, results, report_ab(results))
    else:
        results = run(args.runs)
        save_results(args.out, results, report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
