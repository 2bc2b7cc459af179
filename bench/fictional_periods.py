"""A fictional data folder holding several periods of today's indicators, for tests and the growth benchmark.

    python bench/fictional_periods.py OUT --periods 2091 2092 2093

Every number it writes is invented: today's value scaled by period (shares kept at or below 100), in
fictional years from 2091, each quote and note saying 虚构测试数据, the publishers renamed as fictional.
It must never be pointed at data/.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import DEFAULT_DATA_DIR  # noqa: E402
from dashboard.data.schema import FIGURES_COLUMNS  # noqa: E402
from dashboard.data.units import format_zh, parse_unit  # noqa: E402

FICTIONAL = "虚构测试数据"
REFERENCE = ("areas.csv", "topics.csv", "units.csv", "qualifiers.csv", "charts.csv")


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _scaled(value: str, factor: Decimal, cap: bool) -> str:
    places = len(value.split(".")[1]) if "." in value else 0
    scaled = (Decimal(value) * factor).quantize(Decimal(1).scaleb(-places))
    if cap:
        scaled = min(scaled, Decimal(100))
    return format(scaled.normalize() if places else scaled, "f")


def write_fictional(out: Path, periods: list[str], data_dir: Path = DEFAULT_DATA_DIR) -> int:
    """Write the folder; returns the number of figure rows."""
    out = Path(out)
    if out.resolve() == Path(data_dir).resolve():
        raise ValueError("the fictional folder must not be the data folder")
    out.mkdir(parents=True, exist_ok=True)
    for name in REFERENCE:
        shutil.copyfile(data_dir / name, out / name)
    sources = _rows(data_dir / "sources.csv")
    with (out / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sources[0]), lineterminator="\n")
        writer.writeheader()
        for n, row in enumerate(sources, 1):
            writer.writerow({**row, "short_zh": f"虚构测试局{n}", "name_zh": f"虚构测试局{n}（{FICTIONAL}）",
                             "short_en": f"Fictional bureau {n}", "name_en": f"Fictional bureau {n} (test data)",
                             "title_zh": FICTIONAL, "title_en": "Fictional test data"})
    units = {r["unit"] for r in _rows(data_dir / "units.csv")}
    positions = {r["word"]: r["position"] for r in _rows(data_dir / "qualifiers.csv")}
    rows = []
    for k, period in enumerate(periods):
        factor = Decimal(1) + Decimal(k + 1) / 10  # never 1: no fictional row repeats a published value
        for row in _rows(data_dir / "figures.csv"):
            unit = parse_unit(row["unit"], units)
            value = _scaled(row["value"], factor, row["measure"] == "share")
            shown = format_zh(value, unit, row["qualifier_word"], positions[row["qualifier_word"]])
            rows.append({**row, "id": f"{row['id']}_{period}", "indicator": row["id"], "value": value, "printed": "",
                         "period": period, "source_quote": f"【{FICTIONAL}】{row['label_zh']}{shown}",
                         "note_zh": FICTIONAL, "note_en": "Fictional test data"})
    with (out / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIGURES_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--periods", nargs="+", default=[str(2091 + k) for k in range(10)])
    args = parser.parse_args()
    print(f"{args.out}: {write_fictional(Path(args.out), args.periods)} fictional rows")


if __name__ == "__main__":
    main()
