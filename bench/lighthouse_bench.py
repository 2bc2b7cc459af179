"""Lighthouse beside the stock one-chart Dash app, in one run: mobile and desktop presets, median of 3.

    python -m bench.lighthouse_bench [--runs 3] [--out bench/results/lighthouse.json]

Pages: the stock app, the overview and every area tab (Chinese) and one English tab, each served by the
Procfile's gunicorn on loopback; plus the overview with Dash loaded at once (DASHBOARD_BOOT=load), the
measurement that decided when the app takes over. Runs go round-robin (run 1 of every page, then run 2,
...), so the noise of a shared machine falls on every page alike. Prints a Markdown table of score,
FCP, LCP, TBT, CLS and bytes transferred (medians) for bench/README.md. Timings are never asserted.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from bench import lighthouse
from bench.common import ROOT, STOCK, bench_parser, serving


def pages() -> list[tuple[str, str, str]]:
    """(row name, server key, path) of every page measured."""
    from dashboard.data.dataset import load
    from dashboard.view.state import tab_ids

    tabs = tab_ids(load())
    rows = [("stock one-chart Dash app", "stock", "/")]
    rows += [(f"/?tab={tab}", "dashboard", f"/?tab={tab}") for tab in tabs]
    rows.append(("/?tab=jobs&lang=en", "dashboard", "/?tab=jobs&lang=en"))
    rows.append(("/?tab=overview, Dash loaded at once", "eager", "/?tab=overview"))
    return rows


def measure(url: str, preset: str, tries: int = 3) -> dict:
    """One Lighthouse run; a run that Lighthouse itself aborts (a DevTools time-out on a busy machine)
    is tried again, and reported if every try fails."""
    for attempt in range(tries):
        try:
            return lighthouse.run(url, preset, ("performance",))
        except lighthouse.LighthouseError as exc:
            print(f"  lighthouse failed ({attempt + 1}/{tries}) on {url} {preset}: {str(exc)[:200]}", flush=True)
    raise lighthouse.LighthouseError(f"{url} {preset}: every try failed")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def table(results: dict) -> str:
    lines = ["| page | preset | score | FCP s | LCP s | TBT ms | CLS | kB transferred |",
             "|---|---|---|---|---|---|---|---|"]
    for name, presets in results.items():
        for preset, runs in presets.items():
            score = median([r["scores"].get("performance") for r in runs])
            metric = {key: median([r["metrics"].get(key) for r in runs])
                      for key in ("fcp_ms", "lcp_ms", "tbt_ms", "cls", "bytes")}
            lines.append(f"| {name} | {preset} | {score / 100:.2f} | {metric['fcp_ms'] / 1000:.1f} | "
                         f"{metric['lcp_ms'] / 1000:.1f} | {metric['tbt_ms']:.0f} | {metric['cls']:.3f} | "
                         f"{metric['bytes'] / 1000:.0f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = bench_parser(__doc__, runs=3)
    parser.add_argument("--out", default=str(ROOT / "out" / "lighthouse.json"))
    args = parser.parse_args(argv)
    apps = {"stock": {"app": STOCK}, "dashboard": {}, "eager": {"env": {"DASHBOARD_BOOT": "load"}}}
    with serving(apps, timeout=180) as servers:
        rows = pages()
        for _, key, path in rows:  # a first visit of each page warms the chart images, unmeasured
            measure(servers[key][1] + path, "desktop")
        results: dict = {name: {"mobile": [], "desktop": []} for name, _, _ in rows}
        for run in range(args.runs):
            for name, key, path in rows:
                for preset in ("mobile", "desktop"):
                    report = measure(servers[key][1] + path, preset)
                    results[name][preset].append(report)
                    print(f"run {run + 1} {preset:7} {name}: {report['scores']['performance']}", flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
