"""Cost as the data grows: today's data beside a fictional folder of ten periods of today's figures.

    python -m bench.growth_bench [--runs 3] [--periods 10]

The fictional folder (`bench/fictional_periods.py`, in a temporary directory, never data/) holds today's
77 indicators in each of ten made-up years 2091-2100, every value invented: 770 rows. Both folders are served at
once by the Procfile's gunicorn (`DASHBOARD_DATA_DIR`), measured round-robin. Reported, never asserted:
validation time, start-up (spawn to first page), first-view bytes and time, a pick (card, then two
"same topic" links) and a tab switch. The latest period's view should cost what today's costs.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.benchmark import TIMEOUTS, cold_start, first_view, interactions, machine, retried, summary
from bench.common import DASHBOARD, ROOT, bench_parser, chromium, keep_dated, serving
from bench.fictional_periods import write_fictional
from bench.pick_bench import dashboard_picks

DATA = ROOT / "data"
PAGES = ("/", "/?tab=jobs")


def build_periods(target: Path, periods: int) -> Path:
    """The fictional folder of `bench/fictional_periods.py`: today's indicators in `periods` made-up years."""
    write_fictional(target, [str(2091 + k) for k in range(periods)], DATA)
    return target


def validation_seconds(folder: Path, runs: int) -> list[float]:
    from dashboard.data.dataset import validate

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        validate(folder)
        times.append(time.perf_counter() - start)
    return times


def scaling(periods_list: tuple[int, ...] = (1, 2, 5, 10, 20), repeats: int = 3) -> list[dict]:
    """In-process, best of `repeats` (the least disturbed by other work on the machine): validating the
    folder, and the history of every indicator, against the number of rows."""
    from dashboard.data.dataset import validate
    from dashboard.data.periods import indicator_history

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for periods in periods_list:
            folder = build_periods(Path(tmp) / f"p{periods}", periods)
            best_validate, best_history = float("inf"), float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                data = validate(folder)
                best_validate = min(best_validate, time.perf_counter() - start)
                start = time.perf_counter()
                for indicator in data.figures.index:
                    indicator_history(data, indicator)
                best_history = min(best_history, time.perf_counter() - start)
            rows = len(data.history)
            out.append({"periods": periods, "rows": rows, "validate_s": best_validate,
                        "validate_ms_per_row": 1000 * best_validate / rows, "all_histories_s": best_history})
    return out


def tabs() -> list[str]:
    from dashboard.data.dataset import load
    from dashboard.view.state import tab_ids

    return list(tab_ids(load(DATA)))


def run(runs: int, periods: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folders = {"today": DATA, f"{periods}_periods": build_periods(Path(tmp) / "periods", periods)}
        results: dict = {"machine": machine(), "runs": runs, "rows": {}, "validate_s": {}, "startup_s": {},
                         "first_view_ms": {}, "first_view_bytes": {}, "pick_ms": {}, "tab_switch_ms": {}}
        for name, folder in folders.items():
            with (folder / "figures.csv").open(encoding="utf-8") as handle:
                results["rows"][name] = sum(1 for _ in handle) - 1
            for key in ("validate_s", "startup_s", "pick_ms", "tab_switch_ms"):
                results[key][name] = []
            for key in ("first_view_ms", "first_view_bytes"):
                results[key][name] = {page: [] for page in PAGES}
        validation_seconds(DATA, 1)  # unmeasured: pandera builds its checks on first use
        for _ in range(runs):  # round-robin, so the shared machine's noise falls on both alike
            for name, folder in folders.items():
                results["validate_s"][name] += validation_seconds(folder, 1)
                env = {"DASHBOARD_DATA_DIR": str(folder)}
                results["startup_s"][name].append(cold_start({"app": DASHBOARD, "env": env}))
        apps = {name: {"env": {"DASHBOARD_DATA_DIR": str(folder)}} for name, folder in folders.items()}
        with serving(apps) as servers:
            tab_list = tabs()
            with chromium() as browser:
                for _, base in servers.values():
                    retried(first_view, browser, base, "/")  # warm-up, unmeasured
                for index in range(runs):
                    print(f"run {index + 1}/{runs}", flush=True)
                    for name, (_, base) in servers.items():
                        for page in PAGES:
                            ms, size, _ = retried(first_view, browser, base, page)
                            results["first_view_ms"][name][page].append(ms)
                            results["first_view_bytes"][name][page].append(size)
                        results["pick_ms"][name] += retried(dashboard_picks, browser, base)
                        results["tab_switch_ms"][name] += retried(interactions, browser, base, False, tab_list)
    results["timeouts_retried"] = TIMEOUTS
    return results


def report(results: dict) -> str:
    names = list(results["rows"])

    def cell(values: list[float], scale: float = 1, digits: int = 0) -> str:
        s = summary([v * scale for v in values])
        return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"

    def ratio(key: str, page: str | None = None) -> str:
        a, b = (results[key][n][page] if page else results[key][n] for n in names)
        return f"{statistics.median(b) / statistics.median(a):.2f}×"

    lines = [f"| measure | {names[0]} ({results['rows'][names[0]]} rows) | {names[1]} ({results['rows'][names[1]]} rows) | ratio |",
             "|---|---|---|---|",
             f"| validation, s | {cell(results['validate_s'][names[0]], digits=3)} | {cell(results['validate_s'][names[1]], digits=3)} | {ratio('validate_s')} |",
             f"| start-up to first page, s | {cell(results['startup_s'][names[0]], digits=2)} | {cell(results['startup_s'][names[1]], digits=2)} | {ratio('startup_s')} |"]
    for page in PAGES:
        lines.append(f"| first view `{page}`, ms | {cell(results['first_view_ms'][names[0]][page])} | "
                     f"{cell(results['first_view_ms'][names[1]][page])} | {ratio('first_view_ms', page)} |")
        lines.append(f"| first view `{page}`, kB | {cell(results['first_view_bytes'][names[0]][page], 1 / 1000)} | "
                     f"{cell(results['first_view_bytes'][names[1]][page], 1 / 1000)} | {ratio('first_view_bytes', page)} |")
    lines.append(f"| pick (card, panel links), ms | {cell(results['pick_ms'][names[0]])} | {cell(results['pick_ms'][names[1]])} | {ratio('pick_ms')} |")
    lines.append(f"| tab switch, ms | {cell(results['tab_switch_ms'][names[0]])} | {cell(results['tab_switch_ms'][names[1]])} | {ratio('tab_switch_ms')} |")
    if "scaling" in results:
        lines += ["", "| periods | rows | validation, s (best of 3) | ms per row | every indicator's history, s |",
                  "|---|---|---|---|---|"]
        lines += [f"| {r['periods']} | {r['rows']} | {r['validate_s']:.3f} | {r['validate_ms_per_row']:.2f} | "
                  f"{r['all_histories_s']:.3f} |" for r in results["scaling"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__, runs=3)
    parser.add_argument("--periods", type=int, default=10)
    parser.add_argument("--scaling-only", action="store_true", help="only the in-process scaling table (no servers)")
    args = parser.parse_args(argv)
    if args.scaling_only:
        table = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(), "scaling": scaling()}
        print(json.dumps(table["scaling"], indent=2))
        keep_dated("growth-scaling", table)
        return 0
    results = run(args.runs, args.periods)
    results["scaling"] = scaling()
    results["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    print(report(results))
    keep_dated(f"growth-{args.periods}p-runs{args.runs}", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
