"""Lighthouse on one URL: category scores and the page-load metrics, as a dict.

Runs the npm package `lighthouse@12.2.3` that `.ci/run` installs under `.cache/node` with Debian's Chromium,
headless. Used by `tests/test_lighthouse.py` (accessibility, best practices, SEO) and by the benchmarks
(performance). From the command line:

    python -m bench.lighthouse http://127.0.0.1:8050/?tab=jobs --preset desktop --categories performance
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "12.2.3"
LIGHTHOUSE = ROOT / ".cache" / "node" / "node_modules" / ".bin" / "lighthouse"
INSTALL = f"npm install --no-save --no-audit --no-fund --prefix .cache/node lighthouse@{VERSION}"
CHROME = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESETS = ("mobile", "desktop")

# Lighthouse audit id -> key in the result; numericValue is in ms, bytes or (CLS) unitless.
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "total-byte-weight": "bytes",
    "interactive": "tti_ms",
    "speed-index": "speed_index_ms",
}


class LighthouseError(RuntimeError):
    """Lighthouse is missing, failed, or could not load the page."""


def available() -> bool:
    """Whether the npm package is installed where `run` looks for it."""
    return LIGHTHOUSE.exists()


def command(url: str, preset: str, categories, output: Path, extra_args=()) -> list[str]:
    """The Lighthouse command line: JSON report to `output`, only the chosen categories."""
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {PRESETS}, not {preset!r}")
    unknown = set(categories) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories {sorted(unknown)}; known: {CATEGORIES}")
    args = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
        f"--only-categories={','.join(categories)}", f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    # Mobile is Lighthouse's default form factor (Moto G-class screen, slow 4G simulated).
    if preset == "desktop":
        args.append("--preset=desktop")
    return [*args, *extra_args]


def summarise(report: dict) -> dict:
    """Scores (0-100, None where Lighthouse could not score) and metrics from a Lighthouse JSON report."""
    if report.get("runtimeError"):
        raise LighthouseError(f"{report['runtimeError'].get('code')}: {report['runtimeError'].get('message')}")
    scores = {
        key: (None if cat.get("score") is None else round(cat["score"] * 100))
        for key, cat in report["categories"].items()
    }
    audits = report.get("audits", {})
    metrics = {
        name: audits[audit].get("numericValue")
        for audit, name in METRICS.items() if audit in audits
    }
    # Audits that cost points (score below 1), with their titles: what to fix when a category is under 100.
    failing = {
        audit_id: audits[audit_id].get("title", audit_id)
        for cat in report["categories"].values()
        for ref in cat.get("auditRefs", ())
        if ref.get("weight", 0) > 0
        for audit_id in [ref["id"]]
        if audits.get(audit_id, {}).get("score") is not None and audits[audit_id]["score"] < 1
    }
    return {
        "url": report.get("finalDisplayedUrl") or report.get("requestedUrl"),
        "preset": report.get("configSettings", {}).get("formFactor"),
        "lighthouse": report.get("lighthouseVersion"),
        "scores": scores,
        "metrics": metrics,
        "failing": failing,
    }


def run(url: str, preset: str = "mobile", categories=CATEGORIES, *, extra_args=(), timeout: float = 180,
        keep_report: Path | None = None) -> dict:
    """Lighthouse `url` with `preset` ('mobile' or 'desktop'), returning the `summarise` dict.

    `extra_args` go to the Lighthouse CLI as they are (e.g. `("--throttling-method=devtools",)`);
    `keep_report` saves the full JSON report there.
    """
    if not available():
        raise LighthouseError(f"{LIGHTHOUSE} not found; install it with: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        output = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": CHROME, "TMPDIR": tmp}
        done = subprocess.run(command(url, preset, categories, output, extra_args), env=env,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not output.exists():
            raise LighthouseError(f"lighthouse exited with {done.returncode}: {done.stderr[-2000:]}")
        report = json.loads(output.read_text())
        if keep_report:
            Path(keep_report).write_text(json.dumps(report))
    return summarise(report)


def run_many(urls, preset: str = "mobile", categories=CATEGORIES, *, timeout: float = 900) -> list[dict]:
    """`run` for several URLs in one Node process and one Chromium (bench/lighthouse_many.mjs): the same
    audits, without starting Node, loading Lighthouse's config and launching Chromium for every page.
    No full-page screenshot is taken (no category scored here uses it)."""
    command(urls[0] if urls else "", preset, categories, Path("unused"))  # the same checks of preset and categories
    if not available():
        raise LighthouseError(f"{LIGHTHOUSE} not found; install it with: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps({"urls": list(urls), "preset": preset, "categories": list(categories),
                                   "chromePath": CHROME, "chromeFlags": CHROME_FLAGS.split(), "out": tmp}))
        done = subprocess.run(["node", str(Path(__file__).with_name("lighthouse_many.mjs")),
                               str(LIGHTHOUSE.parent.parent), str(job)], env={**os.environ, "TMPDIR": tmp},
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise LighthouseError(f"lighthouse exited with {done.returncode}: {done.stderr[-2000:]}")
        return [summarise(json.loads((Path(tmp) / f"{index}.json").read_text())) for index in range(len(urls))]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--preset", choices=PRESETS, default="mobile")
    parser.add_argument("--categories", default=",".join(CATEGORIES),
                        help="comma-separated, of: " + ", ".join(CATEGORIES))
    parser.add_argument("--report", type=Path, help="also save the full JSON report here")
    args = parser.parse_args(argv)
    result = run(args.url, args.preset, args.categories.split(","), keep_report=args.report)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
