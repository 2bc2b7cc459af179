"""Export speed: warm per-chart PNG time and the briefing pack of every chart (results in bench/EXPORTS.md).

    python bench/export_bench.py [--rounds 5]
    python bench/export_bench.py --bundles 5   # a job process's first tab, kaleido on the partial vs full plotly.js
    DASHBOARD_RENDER_TABS=1 python bench/export_bench.py   # one chart at a time, to compare with the default 2

Goals (issue 4): at most 0.4 s per chart with a warm renderer; the pack of every chart of the dashboard
(all five area tabs: 23 charts, each tab's ZIP and PPTX) in at most 15 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.exports.images import chart_png  # noqa: E402
from dashboard.exports.pack import briefing_pack  # noqa: E402
from dashboard.data.dataset import load  # noqa: E402
from dashboard.renderer import RENDERER  # noqa: E402
from dashboard.view.url import parse_view  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def whole_pack(data) -> None:
    """ZIP and PPTX of every area tab: every chart of the dashboard, rendered once each."""
    for area in data.areas.index:
        briefing_pack(data, parse_view(f"tab={area}", data))


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip().split(" built")[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "kaleido": metadata.version("kaleido"), "chromium": chromium, "load_average_at_end": os.getloadavg()}


def cold_pack_seconds() -> float:
    """The whole pack in a fresh process: includes starting Python, loading data and Chromium."""
    code = "import sys; sys.path.insert(0, %r); from bench.export_bench import whole_pack; from dashboard.data.dataset import load; whole_pack(load())"
    return timed(lambda: subprocess.run([sys.executable, "-c", code % str(ROOT)], cwd=ROOT, check=True))


def first_tab_seconds(plotly: str) -> float:
    """What an export job process does for one tab (start Python, load the data, start kaleido, the ZIP and PPTX of
    tab=jobs), with kaleido's tabs on the partial plotly.js bundle ("") or the full one ("full", DASHBOARD_PLOTLY)."""
    code = ("import sys; sys.path.insert(0, %r); from dashboard.exports.pack import briefing_pack; "
            "from dashboard.data.dataset import load; from dashboard.view.url import parse_view; "
            "data = load(); briefing_pack(data, parse_view('tab=jobs', data))")
    env = {**os.environ, "DASHBOARD_PLOTLY": plotly}
    return timed(lambda: subprocess.run([sys.executable, "-c", code % str(ROOT)], cwd=ROOT, env=env, check=True))


def compare_bundles(pairs: int) -> None:
    """Interleaved pairs of first_tab_seconds, full bundle then partial: medians and their ratio."""
    full, partial = [], []
    for _ in range(pairs):
        full.append(first_tab_seconds("full"))
        partial.append(first_tab_seconds(""))
    print(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(), "pairs": pairs,
        "job_first_tab_s": {"full": [round(x, 2) for x in full], "partial": [round(x, 2) for x in partial]},
        "median_s": {"full": round(statistics.median(full), 2), "partial": round(statistics.median(partial), 2)},
        "ratio_partial_to_full": round(statistics.median(partial) / statistics.median(full), 2),
    }, indent=2, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--bundles", type=int, metavar="PAIRS", help="only compare_bundles, this many pairs")
    args = parser.parse_args()
    if args.bundles:
        compare_bundles(args.bundles)
        return
    data = load()
    charts = list(data.charts.index)

    first = timed(lambda: chart_png(data, charts[0]))  # starts kaleido's Chromium
    per_chart = {c: [] for c in charts}
    for _ in range(args.rounds):
        for chart_id in charts:
            per_chart[chart_id].append(timed(lambda chart_id=chart_id: chart_png(data, chart_id)))
    medians = {c: statistics.median(v) for c, v in per_chart.items()}
    packs = [timed(lambda: whole_pack(data)) for _ in range(args.rounds)]
    cold = [cold_pack_seconds() for _ in range(min(args.rounds, 3))]

    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "charts": len(charts),
        "render_tabs": RENDERER.tabs,
        "rounds": args.rounds,
        "first_chart_with_chromium_start_s": round(first, 3),
        "warm_chart_median_s": round(statistics.median(v for vs in per_chart.values() for v in vs), 3),
        "warm_chart_slowest_median_s": round(max(medians.values()), 3),
        "slowest_chart": max(medians, key=medians.get),
        "warm_whole_pack_median_s": round(statistics.median(packs), 2),
        "cold_whole_pack_median_s": round(statistics.median(cold), 2),
        "goals": {"warm_chart_s": 0.4, "whole_pack_s": 15},
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
