"""The data folder read and validated into one `Dataset` (every problem as file:line: column), loaded once per process."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from .. import DEFAULT_DATA_DIR
from ..errors import DataError, Problem
from .rules import against_schema, character_problems, chart_problems, figure_problems, relation_problems
from .schema import FIGURES_FILE, OPTIONAL_COLUMNS, REFERENCE_SCHEMAS, figures_schema
from .units import format_en, format_zh, group_digits, parse_unit, to_base


@dataclass(frozen=True, eq=False)  # hashed by identity: caches key on the loaded dataset
class Dataset:
    """Every data file, validated; figures carry their display strings and base values.

    `figures` holds one period (the latest unless `in_period` chose another), indexed by indicator, so a
    figure id in a URL or a chart names the same statistic in every period; `history` holds every row.
    """

    figures: pd.DataFrame
    areas: pd.DataFrame
    topics: pd.DataFrame
    charts: pd.DataFrame
    sources: pd.DataFrame
    qualifiers: pd.DataFrame
    units: pd.DataFrame
    history: pd.DataFrame | None = None
    period: str = ""
    periods: tuple[str, ...] = ()
    all_charts: pd.DataFrame | None = None

    def figure(self, figure_id: str) -> pd.Series:
        """The figure's row (KeyError if there is none). Rows are made once: a page asks for ~100."""
        return self._rows[figure_id]

    @cached_property
    def _rows(self) -> dict[str, pd.Series]:
        return {figure_id: row for figure_id, row in self.figures.iterrows()}

    def chart_figures(self, chart_id: str) -> pd.DataFrame:
        return self.figures.loc[list(self.charts.loc[chart_id, "figure_ids"])]

    def in_period(self, period: str) -> Dataset:
        """The same data as of another period (its rows only); the dataset itself for its own period."""
        if period == self.period or period not in self.periods:
            return self
        return _cached_view(self, period)

    def area_charts(self, area: str) -> pd.DataFrame:
        return self.charts[self.charts["area"] == area].sort_values("order")


@lru_cache(maxsize=64)
def _cached_view(data: Dataset, period: str) -> Dataset:
    return _period_view(data, period)


def read_csv(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """Read a CSV as text, recording each row's line in the file; None when unreadable."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, None, None, f"cannot be read: {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(name, line, None, f"is not UTF-8 (byte {column} of the line cannot be decoded)"))
        return None
    if not text.strip():
        problems.append(Problem(name, 1, None, "the file is empty"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines = [], []
    try:
        header = next(reader)
        repeated = [c for i, c in enumerate(header) if c in header[:i]]
        if repeated:
            problems += [Problem(name, 1, c, "duplicate column") for c in dict.fromkeys(repeated)]
            return None
        last = reader.line_num
        for row in reader:
            first, last = last + 1, reader.line_num  # a quoted line break makes a record span lines: its first
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(Problem(name, first, None, f"has {len(row)} fields where the header has {len(header)}"))
                continue
            rows.append(row)
            lines.append(first)
    except csv.Error as exc:  # a field over the csv module's limit (128 KiB) and the like
        problems.append(Problem(name, reader.line_num, None, f"cannot be read as CSV: {exc}"))
        return None
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    frame.attrs["lines"] = lines
    frame.attrs["file"] = name
    return frame


def with_indicators(figures: pd.DataFrame) -> pd.DataFrame:
    """A figures frame with its `indicator` column (where the file has none, or a cell is empty, a row is
    its own indicator, as in a folder of one period) and the optional relation columns."""
    attrs = dict(figures.attrs)
    if "id" not in figures:
        return figures
    if "indicator" not in figures:
        figures = figures.assign(indicator=figures["id"])
    else:
        figures = figures.assign(indicator=figures["indicator"].where(figures["indicator"] != "", figures["id"]))
    figures = figures.assign(**{c: "" for c in OPTIONAL_COLUMNS if c not in figures})
    figures.attrs.update(attrs)
    return figures


def validate(data_dir: Path = DEFAULT_DATA_DIR, figures_path: Path | None = None) -> Dataset:
    """Validate every file; raise DataError listing all problems, or return the dataset."""
    data_dir = Path(data_dir)
    figures_path = Path(figures_path) if figures_path else data_dir / FIGURES_FILE
    problems: list[Problem] = []
    ref: dict[str, pd.DataFrame] = {}
    for file, schema in REFERENCE_SCHEMAS.items():
        frame = read_csv(data_dir / file, problems)
        if frame is not None:
            problems += against_schema(frame, schema) + character_problems(frame)
            ref[file] = frame
    if problems:
        raise DataError(problems)
    figures = read_csv(figures_path, problems)
    if figures is None:
        raise DataError(problems)
    figures = with_indicators(figures)
    schema = figures_schema(
        {t for t in ref["topics.csv"]["id"]}, set(ref["sources.csv"]["id"]), set(ref["qualifiers.csv"]["word"])
    )
    schema_problems = against_schema(figures, schema)
    problems += schema_problems + character_problems(figures)
    if not any(p.message == "missing column" for p in schema_problems):
        problems += figure_problems(figures, ref)
        problems += chart_problems(ref["charts.csv"], figures, set(ref["units.csv"]["unit"]))
        problems += relation_problems(figures, ref["charts.csv"], set(ref["units.csv"]["unit"]))
    if problems:
        raise DataError(problems)
    return _build(figures, ref)


def _build(figures: pd.DataFrame, ref: dict[str, pd.DataFrame]) -> Dataset:
    units = ref["units.csv"].set_index("unit")
    qualifiers = ref["qualifiers.csv"].set_index("word")
    sources = ref["sources.csv"].set_index("id")
    base_units = set(units.index)
    records = []
    for row in figures.to_dict("records"):
        unit = parse_unit(row["unit"], base_units)
        word = qualifiers.loc[row["qualifier_word"]]
        base_value = to_base(row["value"], unit)
        unit_en = row["unit_en"] or units.loc[unit.base, "label_en_one" if base_value == 1 else "label_en_many"]
        row.update(
            value_number=float(row["value"]),
            base_unit=unit.base,
            multiplier=unit.multiplier,
            base_value=float(base_value),
            position=word["position"],
            display_zh=format_zh(row["printed"] or row["value"], unit, row["qualifier_word"], word["position"]),
            display_en=format_en(base_value, unit.base, unit_en, word["word_en"]),
            base_display_zh=f"{group_digits(base_value)}{'' if unit.base == '%' else ' '}{unit.base}",
            qualifier_label_zh=word["label_zh"],
            qualifier_label_en=word["label_en"],
            qualifier_word_en=word["word_en"],
            # What the figure counts in English, one word for every rendering (the table's unit column too).
            noun_en="CNY" if unit.base == "元" else "%" if unit.base == "%" else unit_en,
            source_zh=sources.loc[row["source_org"], "short_zh"],
            source_en=sources.loc[row["source_org"], "short_en"],
            is_forecast=row["note_zh"].startswith("预计"),
            headline=int(row["headline"]) if row["headline"] else 0,
        )
        records.append(row)
    history = pd.DataFrame.from_records(records).set_index("id", drop=False)
    charts = ref["charts.csv"].copy()
    charts["figure_ids"] = charts["figures"].str.split().apply(tuple)
    charts["order"] = charts["order"].astype(int)
    charts["overview"] = charts["overview"] == "1"
    areas = ref["areas.csv"].copy()
    areas["order"] = areas["order"].astype(int)
    topics = ref["topics.csv"].copy()
    topics["order"] = topics["order"].astype(int)
    periods = tuple(sorted(set(history["period"])))
    whole = Dataset(
        figures=history,
        areas=areas.sort_values("order").set_index("id", drop=False),
        topics=topics.sort_values(["area", "order"]),
        charts=charts.set_index("id", drop=False),
        sources=sources,
        qualifiers=qualifiers,
        units=units,
        history=history,
        periods=periods,
        all_charts=charts.set_index("id", drop=False),
    )
    return _period_view(whole, periods[-1])


def _period_view(data: Dataset, period: str) -> Dataset:
    """The dataset as of one period: its rows keyed by indicator, charts narrowed to the indicators it has."""
    rows = data.history[data.history["period"] == period]
    figures = rows.assign(row_id=rows["id"], id=rows["indicator"]).set_index("indicator", drop=False)
    figures.index.name = "id"
    charts = data.all_charts.copy()
    charts["figure_ids"] = charts["figure_ids"].apply(lambda ids: tuple(f for f in ids if f in figures.index))
    charts = charts[charts["figure_ids"].str.len() > 0]
    return replace(data, figures=figures, charts=charts, period=period)


@lru_cache(maxsize=4)
def load(data_dir: str | Path = DEFAULT_DATA_DIR) -> Dataset:
    """The validated dataset, loaded once per process."""
    return validate(Path(data_dir))
