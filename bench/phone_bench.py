"""A phone's interactions with the app live: a tap on a KPI card and a tap on a tab, on a phone's CPU and 4G.

    python -m bench.phone_bench [--runs 5] [--out out/bench-phone]

Chromium at 390x844 with DevTools' 4x CPU slowdown and a 150 ms round trip (1.6 Mbit/s down, 750 kbit/s up:
Lighthouse's slow 4G). Each run opens /?tab=jobs in a fresh context, brings the app in with the reader's
first move, reads for READING_PAUSE_MS, then taps the first KPI card (until the detail panel names it with
every chart repainted) and the talent tab (until that tab's charts are drawn and the address names it).
Reported: ms from the pointerdown to that frame, medians (min-max), against web.dev's "good" Interaction
to Next Paint, 200 ms. The stock app's dropdown under the same conditions is the baseline.
Timings are reported, never asserted.
"""

from __future__ import annotations

import sys

from bench.benchmark import READING_PAUSE_MS, dropdown_picks, machine, median, retried, spread
from bench.browser import SHOWN_PANE, click_and_time, new_page, settle, wait_ready
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
        card_ms = click_and_time(page, card, None, None, label)
        page.goto(base + "/?tab=jobs")  # the panel covers the tabs on a phone: the tab tap starts from the tab
        page.mouse.move(3, 3)
        wait_ready(page)
        settle(page, READING_PAUSE_MS)
        tab_ms = click_and_time(page, "#tab-talent", ".view-talent", None, None, "?tab=talent")
        return {"card": card_ms, "tab": tab_ms}
    finally:
        context.close()


def stock_taps(browser, base: str) -> list[float]:
    context, page = new_page(browser, PHONE)
    try:
        as_phone(page)
        page.goto(base + "/")
        wait_ready(page)
        page.wait_for_timeout(READING_PAUSE_MS)
        return dropdown_picks(page)
    finally:
        context.close()


def run(runs: int) -> dict:
    results = {"machine": machine(), "runs": runs, "cpu_slowdown": CPU_SLOWDOWN, "network": NETWORK,
               "card_ms": [], "tab_ms": [], "stock_ms": []}
    with serving({"dashboard": {}, "stock": {"app": STOCK}}) as servers, chromium() as browser:
        retried(dashboard_taps, browser, servers["dashboard"][1])  # warm-up: every chart drawn once
        for index in range(runs):
            print(f"run {index + 1}/{runs}", flush=True)
            taps = retried(dashboard_taps, browser, servers["dashboard"][1])
            results["card_ms"].append(taps["card"])
            results["tab_ms"].append(taps["tab"])
            results["stock_ms"] += retried(stock_taps, browser, servers["stock"][1])
    return results


def report(results: dict) -> str:
    stock = median(results["stock_ms"])
    lines = [f"Phone: {PHONE[0]}×{PHONE[1]}, CPU {CPU_SLOWDOWN}× slower, {NETWORK['latency']} ms round trip.", "",
             "| interaction | ms, median (min-max), n | good INP (≤ 200 ms) | × stock dropdown |", "|---|---|---|---|"]
    for key, what in (("card_ms", "tap a KPI card → its detail panel"), ("tab_ms", "tap a tab → the tab shown"),
                      ("stock_ms", "stock app: dropdown → chart")):
        times = results[key]
        lines.append(f"| {what} | {spread(times)} | {'yes' if median(times) <= GOOD_INP_MS else 'no'} | "
                     f"{median(times) / stock:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = bench_parser(__doc__, runs=5, out="bench-phone").parse_args(argv)
    results = run(args.runs)
    save_results(args.out, results, report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
