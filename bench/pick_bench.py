"""Drill-down picks and the phone layout, beside the stock app, in one run, as ratios.

    python -m bench.pick_bench [--runs 5] [--out out/bench-pick]

Both apps run under the Procfile's gunicorn on loopback at once; measurements go round-robin (run 1 of
each, then run 2, ...) so the noise of the shared machine falls on both alike. Reported: medians (min-max) of
  (a) pick: pointerdown on a KPI card, then on two "same topic" links of the detail panel, to the panel
      showing that figure with every chart repainted (the highlight patch) and no callback in flight,
      starting after a reader's pause of READING_PAUSE_MS on both apps (the dashboard mounts its other
      tabs meanwhile; whether it had is recorded); the stock app's dropdown -> chart round trip is the
      baseline (goal: <= 1.0x); reported also for the page's first pick and the later ones apart, and
      whether each pick sent the server's sync callback a request (a pick on a tab whose picks are in the
      page is answered there: assets/route.js);
  (b) first full view at 390x844 (the phone layout) and at 1366x900, dashboard /?tab=jobs and the stock
      page: the phone's layout is chosen before the first paint (assets/boot.js), so it should cost no
      second round of callbacks.
Timings are reported, never asserted.
"""

from __future__ import annotations

import sys

from bench.benchmark import (READING_PAUSE_MS, TIMEOUTS, dropdown_picks, first_view, machine, median, retried,
                             spread)
from bench.browser import SHOWN_PANE, click_and_time, new_page, settle, wait_ready
from bench.common import DASHBOARD, STOCK, bench_parser, chromium, save_results, serving

PICK_PAGE = "/?tab=jobs"
FIRST_CARD = f"{SHOWN_PANE} .kpi-link"
OTHER_LINK = "#detail-panel .detail-others a"
SIZES = {"phone": (390, 844), "laptop": (1366, 900)}
MOUNTED: list[bool] = []  # per page of picks: were the other tabs mounted when the reader began
ASKED_SERVER: list[bool] = []  # per pick: did it send the sync callback a request (else answered in the page)


def stock_picks(browser, base: str) -> list[float]:
    context, page = new_page(browser)
    try:
        page.goto(base + "/")
        page.mouse.move(3, 3)  # the reader's first move: the dashboard's app takes over (boot.js)
        wait_ready(page)
        page.wait_for_timeout(READING_PAUSE_MS)  # a person reads before the first pick, on both apps
        return dropdown_picks(page)
    finally:
        context.close()


def dashboard_picks(browser, base: str) -> list[float]:
    """A card, then two links of the detail panel: three picks on one page."""
    context, page = new_page(browser)
    try:
        page.goto(base + PICK_PAGE)
        page.mouse.move(3, 3)  # the reader's first move: the dashboard's app takes over (boot.js)
        wait_ready(page)
        MOUNTED.append(settle(page, READING_PAUSE_MS))  # a person reads before the first pick
        sent = []
        page.on("request", lambda r: sent.append(1) if "_dash-update-component" in r.url
                and "store-push.data" in (r.post_data or "") else None)
        times = []
        for selector, label_of in ((FIRST_CARD, ".kpi-label"), (OTHER_LINK, None), (OTHER_LINK, None)):
            target = page.locator(selector).first
            # The label the panel will show: the card's label line, or the link's text before its value.
            label = (target.locator(label_of).inner_text() if label_of
                     else target.evaluate("a => a.firstChild.textContent").strip())
            before = len(sent)
            times.append(click_and_time(page, target, None, None, label))
            ASKED_SERVER.append(len(sent) > before)
        return times
    finally:
        context.close()


def run(runs: int) -> dict:
    apps = {"stock": (STOCK, "/"), "dashboard": (DASHBOARD, PICK_PAGE)}
    results = {"machine": machine(), "runs": runs,
               "picks_ms": {name: [] for name in apps},
               "first_view_ms": {name: {size: [] for size in SIZES} for name in apps}}
    with serving({name: {"app": app} for name, (app, _) in apps.items()}) as servers, chromium() as browser:
        for name, (_, path) in apps.items():  # warm-up, unmeasured
            retried(first_view, browser, servers[name][1], path, SIZES["laptop"])
        for index in range(runs):
            print(f"run {index + 1}/{runs}", flush=True)
            for name, (_, path) in apps.items():
                base = servers[name][1]
                for size_name, size in SIZES.items():
                    results["first_view_ms"][name][size_name].append(
                        retried(first_view, browser, base, path, size)[0])
                picks = stock_picks if name == "stock" else dashboard_picks
                results["picks_ms"][name] += retried(picks, browser, base)
    results["timeouts_retried"] = TIMEOUTS
    results["panes_mounted_before_picks"] = MOUNTED
    results["pick_asked_server"] = ASKED_SERVER
    return results


def report(results: dict) -> str:
    stock_pick = median(results["picks_ms"]["stock"])
    lines = ["| app | interaction | ms, median (min-max), n | × stock dropdown |", "|---|---|---|---|"]
    for name, what in (("stock", "dropdown → chart"), ("dashboard", "pick → detail panel, charts repainted")):
        times = results["picks_ms"][name]
        lines.append(f"| {name} | {what} | {spread(times)} | {median(times) / stock_pick:.2f} |")
    picks = results["picks_ms"]["dashboard"]
    if len(picks) % 3 == 0 and picks:  # three picks a page: the first dims every chart, the next two one or two
        first, later = picks[0::3], [t for i, t in enumerate(picks) if i % 3]
        lines.append(f"| dashboard | first pick of a page (every chart dimmed) | {median(first):.0f}, {len(first)} | "
                     f"{median(first) / stock_pick:.2f} |")
        lines.append(f"| dashboard | later picks (one or two charts repainted) | {median(later):.0f}, {len(later)} | "
                     f"{median(later) / stock_pick:.2f} |")
    asked = results.get("pick_asked_server", [])
    lines.append(f"\nPicks answered in the page (no server round trip): {asked.count(False)} of {len(asked)}.")
    lines += ["", "| app | page | screen | first full view, ms, median (min-max) | × stock, same screen |",
              "|---|---|---|---|---|"]
    for name, path in (("stock", "/"), ("dashboard", PICK_PAGE)):
        for size in SIZES:
            times = results["first_view_ms"][name][size]
            base = median(results["first_view_ms"]["stock"][size])
            lines.append(f"| {name} | `{path}` | {size} {SIZES[size][0]}×{SIZES[size][1]} | "
                         f"{spread(times, count=False)} | {median(times) / base:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = bench_parser(__doc__, runs=5, out="bench-pick").parse_args(argv)
    results = run(args.runs)
    save_results(args.out, results, report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
