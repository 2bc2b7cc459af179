"""A change's effect on the first full view: this checkout against an earlier commit, side by side.

    python -m bench.ab_bench --base <commit> [--runs 20] [--path /] [--size 1366x900] [--out out/bench-ab]

The earlier commit is checked out into a temporary git worktree (with this checkout's assets/vendor/, which
git does not hold); both run under the Procfile's gunicorn at once, each with its own cache folder so that
neither serves the other's figures. Visits alternate (A then B, then B then A), each in a fresh browser
context at 1366x900 (or --size) with the pointer moved at the load event, as bench.benchmark's first view; two
unmeasured visits of each come first. Reported: medians (min-max), the ratio B/A and the bytes of a visit.
A change worth a few per cent is below what two separate benchmark runs on this shared machine can tell
apart; alternating in one run puts the noise on both alike. Timings are never asserted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bench.benchmark import first_view, machine, median, retried, spread
from bench.common import ROOT, bench_parser, chromium, save_results, serving


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


@contextmanager
def side_by_side(base_commit: str):
    """{"A": (commit, procfile_server's keywords), "B": ...}: the earlier commit checked out into a temporary
    worktree (with this checkout's assets/vendor/, which git does not hold) and this checkout, each with its own
    cache folder so that neither serves the other's figures. The worktree is removed on leaving."""
    commit = git("rev-parse", "--short", base_commit)
    head = git("rev-parse", "--short", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    work = Path(tempfile.mkdtemp(prefix="bench-ab-"))
    tree = work / "base"
    git("worktree", "add", "--detach", "-q", str(tree), commit)
    try:
        if (ROOT / "assets" / "vendor").is_dir():
            shutil.copytree(ROOT / "assets" / "vendor", tree / "assets" / "vendor")
        yield {"A": (commit, {"root": tree, "env": {"DASHBOARD_CACHE_DIR": str(work / "cache-a")}}),
               "B": (head + (" with uncommitted changes" if dirty else ""),
                     {"root": ROOT, "env": {"DASHBOARD_CACHE_DIR": str(work / "cache-b")}})}
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
        shutil.rmtree(work, ignore_errors=True)


def serving_both(sides: dict):
    """Both sides served at once (the earlier commit may have no /healthz: its page answers)."""
    return serving({name: options for name, (_, options) in sides.items()}, timeout=60, ready="")


def run(base_commit: str, runs: int, path: str, size: tuple[int, int] = (1366, 900)) -> dict:
    times: dict[str, list[float]] = {"A": [], "B": []}
    sizes: dict[str, list[int]] = {"A": [], "B": []}
    with side_by_side(base_commit) as sides, serving_both(sides) as servers, chromium() as browser:
        for name in ("A", "B"):  # caches filled, Chromium's own start-up paid
            for _ in range(2):
                retried(first_view, browser, servers[name][1], path, size)
        for i in range(runs):
            for name in ("A", "B") if i % 2 == 0 else ("B", "A"):
                ready, moved, _ = retried(first_view, browser, servers[name][1], path, size)
                times[name].append(ready)
                sizes[name].append(moved)
    return {"machine": machine(), "path": path, "size": list(size), "runs": runs,
            **{name: {"commit": sides[name][0], "first_view_ms": times[name], "bytes": sizes[name]} for name in "AB"}}


def report(results: dict) -> str:
    a, b = results["A"], results["B"]
    width, height = results.get("size", (1366, 900))
    lines = [f"First full view of `{results['path']}` at {width}x{height}, {results['runs']} alternating visits each",
             "", "| | commit | ms, median (min-max) | bytes (median) |", "|---|---|---|---|"]
    for name, side in (("A", a), ("B", b)):
        lines.append(f"| {name} | {side['commit']} | {spread(side['first_view_ms'], count=False)} | "
                     f"{median(side['bytes']):,.0f} |")
    lines += ["", f"B/A: {median(b['first_view_ms']) / median(a['first_view_ms']):.3f}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__, runs=20, out="bench-ab")
    parser.add_argument("--base", required=True, help="the earlier commit (A); B is this checkout")
    parser.add_argument("--path", default="/")
    parser.add_argument("--size", default="1366x900", help="the window, WIDTHxHEIGHT (390x844: a phone)")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    results = run(args.base, args.runs, args.path, (width, height))
    save_results(args.out, results, report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
