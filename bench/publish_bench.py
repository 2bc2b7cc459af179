"""Publishing: `dashboard build` of the whole site (cold drawing cache, then a rebuild) and the PDF handout per tab.

`python -m bench.publish_bench` writes results/<date>-publish.json. A cold build draws every chart with kaleido;
the rebuild finds them drawn and the renders (PNGs, decks, handouts) recorded, and rewrites only what changed.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import ROOT, keep_dated


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(runs: int = 2) -> dict:
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as scratch:
        os.environ["DASHBOARD_CACHE_DIR"] = str(Path(scratch) / "cache")  # cold: no drawing made yet
        Path(os.environ["DASHBOARD_CACHE_DIR"]).mkdir(mode=0o700)
        from dashboard.data.dataset import load
        from dashboard.publish.handout import handout_pdf
        from dashboard.publish.site import build
        from dashboard.view.state import View, tab_ids

        out = Path(scratch) / "site"
        lines: list[str] = []
        cold = build(ROOT / "data", out, say=lines.append)
        size = folder_bytes(out)
        pages = sum(1 for _ in out.glob("*.html"))
        rebuild = build(ROOT / "data", out, say=lines.append)
        data = load(ROOT / "data")
        handouts = {}
        for tab in tab_ids(data):
            for lang in ("zh", "en"):
                times = []
                for _ in range(runs):
                    started = time.monotonic()
                    pdf = handout_pdf(data, View(tab=tab, lang=lang), "https://data.example.cn/", ROOT / "data")
                    times.append(time.monotonic() - started)
                handouts[f"{tab}/{lang}"] = {"median_s": round(statistics.median(times), 2), "bytes": len(pdf)}
    result = {"date": date.today().isoformat(), "load": os.getloadavg(), "cold_build": cold, "rebuild": rebuild,
              "site_bytes": size, "html_pages": pages, "handouts": handouts, "log": lines}
    print(json.dumps({k: v for k, v in result.items() if k != "log"}, indent=1, ensure_ascii=False))
    keep_dated("publish", result)
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
