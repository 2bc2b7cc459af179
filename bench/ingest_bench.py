"""Ingest speed: the seed article through `dashboard ingest`, cold process and warm, and what each library costs.

    python bench/ingest_bench.py [--runs 5]

Cold: `python -m dashboard.cli ingest SEED --out TMP` in a fresh process, wall clock (Python start, imports,
the data folder's vocabulary, the ingest, three files written). Warm: the same work again in one process
after a first, unmeasured run. Libraries: each one's import and set-up in a fresh process, and its calls on
the seed. Results go to bench/results/<date>-ingest.json; bench/README.md reports them. Never asserted.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_parser, keep_dated, timed  # noqa: E402
from dashboard import DEFAULT_DATA_DIR  # noqa: E402
from dashboard.ingest.draft import ingest  # noqa: E402
from dashboard.ingest.normalise import read_article  # noqa: E402
from dashboard.ingest.vocabulary import Vocabulary  # noqa: E402
from dashboard.ingest.write import write_draft  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_198da177f3a96020.txt"

# Import and set-up of each library the issue names, in a fresh interpreter (what a cold `ingest` pays).
SETUP = {
    "opencc": "import opencc; opencc.OpenCC('t2s')",
    "cn2an": "import cn2an; cn2an.cn2an('一千二百', 'strict')",
    "rapidfuzz": "from rapidfuzz import fuzz; fuzz.ratio('城镇新增就业', '全市城镇新增就业')",
    "jieba": "import jieba; jieba.setLogLevel(60); jieba.initialize()",
}


def spread(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": len(samples)}


def cold_ingest(out: Path) -> float:
    command = [sys.executable, "-m", "dashboard.cli", "ingest", str(SEED), "--out", str(out)]
    return timed(lambda: subprocess.run(command, cwd=ROOT, check=True, capture_output=True))


def warm_ingest(out: Path) -> dict:
    """One ingest in this (already warm) process, split into its steps."""
    parts = {}
    start = time.perf_counter()
    raw = read_article(SEED)
    vocab = Vocabulary.from_data(DEFAULT_DATA_DIR)
    parts["read_and_vocabulary"] = time.perf_counter() - start
    draft = ingest(raw, vocab)
    parts["ingest"] = time.perf_counter() - start - parts["read_and_vocabulary"]
    write_draft(draft, out, SEED.name)
    parts["total"] = time.perf_counter() - start
    return parts


def library_setup(code: str) -> float:
    """Seconds of the library's import and set-up alone (an empty interpreter's start is taken off)."""
    probe = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    result = subprocess.run([sys.executable, "-c", probe.format(code)], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    return float(result.stdout.split()[-1])


def library_calls(text: str) -> dict:
    """Each library on the whole seed, warm: what it would cost per article."""
    import cn2an
    import jieba
    import opencc
    from rapidfuzz import fuzz, process

    jieba.setLogLevel(60)
    jieba.initialize()  # its dictionary load is counted in library_setup_s
    converter = opencc.OpenCC("t2s")
    converter.convert(text)
    runs = re.findall(r"[一二两三四五六七八九十百千万亿]+", text)
    labels = re.findall(r"[\u4e00-\u9fff]{4,12}", text)
    out = {
        "opencc_t2s_whole_article": timed(lambda: converter.convert(text)),
        "opencc_t2s_per_line": timed(lambda: [converter.convert(line) for line in text.split("\n")]),
        "jieba_cut_whole_article": timed(lambda: list(jieba.cut(text))),
        "rapidfuzz_labels_x_labels": timed(lambda: process.cdist(labels[:80], labels[:80], scorer=fuzz.ratio)),
    }

    def numerals():
        for run in runs:
            try:
                cn2an.cn2an(run, "strict")
            except (ValueError, KeyError, IndexError):
                pass

    out["cn2an_every_numeral_run"] = timed(numerals)
    out["sizes"] = {"characters": len(text), "numeral_runs": len(runs), "label_pairs": min(80, len(labels)) ** 2}
    return out


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    versions = {name: metadata.version(dist) for name, dist in
                (("opencc", "OpenCC"), ("cn2an", "cn2an"), ("jieba", "jieba"), ("rapidfuzz", "RapidFuzz"))}
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), **versions,
            "load_average_at_end": os.getloadavg()}


def main() -> None:
    args = bench_parser(__doc__, runs=5).parse_args()
    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold = [cold_ingest(out / f"cold{i}") for i in range(args.runs)]
        warm_ingest(out / "first")  # unmeasured: imports, jieba/OpenCC dictionaries, caches
        warm = [warm_ingest(out / f"warm{i}") for i in range(args.runs)]
        empty = [timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)) for _ in range(args.runs)]
        # What the command pays before it reads the article: the `dashboard` CLI's own imports.
        cli = [library_setup("import dashboard.cli") for _ in range(args.runs)]
        core = [library_setup("import dashboard.ingest.draft, dashboard.ingest.write") for _ in range(args.runs)]
    setup = {name: spread([library_setup(code) for _ in range(args.runs)]) for name, code in SETUP.items()}
    result = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "article": {"file": SEED.name, "characters": len(text), "lines": text.count("\n") + 1},
        "cold_process_s": spread(cold),
        "empty_python_process_s": spread(empty),
        "import_dashboard_cli_s": spread(cli),
        "import_dashboard_ingest_s": spread(core),
        "warm_s": {step: spread([w[step] for w in warm]) for step in warm[0]},
        "library_setup_s": setup,
        "library_calls_s": library_calls(text),
        "machine": machine(),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    keep_dated(f"ingest-runs{args.runs}", result)


if __name__ == "__main__":
    main()
