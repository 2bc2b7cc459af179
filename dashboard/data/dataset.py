"""Load the data files, validate them (pandera schema plus domain rules) and enrich the figures."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import DEFAULT_DATA_DIR
from ..errors import DataError, Problem
from ..figures.palette import MIN_MARK_CONTRAST, contrast_ratio
from .units import format_en, format_zh, group_digits, parse_unit, to_base

FIGURES_FILE = "figures.csv"
# The columns of figures.csv; `indicator` (the key that stays the same across periods) may be left out
# of a file where every row is its own indicator, as in a single-year folder.
FIGURES_COLUMNS = [
    "id", "indicator", "area", "topic", "label_zh", "label_en", "value", "unit", "qualifier", "qualifier_word",
    "measure", "period", "source_org", "source_quote", "note_zh", "note_en", "printed", "headline",
    "part_of", "rank", "unit_en", "quote_en",
]
# Columns a figures file may leave out (a draft, an older folder): read as empty.
OPTIONAL_COLUMNS = ("part_of", "rank", "unit_en", "quote_en")
AREAS = ("jobs", "labor_relations", "talent", "social_security", "science_popularization")
# about (约, 左右), under (不到, 不足) and at_most (以内, 以下) are words of the genre a new article may print.
QUALIFIERS = ("exact", "over", "at_least", "nearly", "about", "under", "at_most")
MEASURES = ("count", "amount", "share", "change")
CHART_KINDS = ("bar", "rate", "indicators")
SNAKE = r"^[a-z][a-z0-9_]*$"
NUMBER = r"^-?\d+(\.\d+)?$"
HEX_COLOUR = r"^#[0-9A-Fa-f]{6}$"
RANK = r"^([1-9]\d*|leading)?$"  # a peer-group size's rank: 1 (位列第一), leading (居前列)
# Characters no published text needs, that hide or reorder what a reader sees or break the exports: controls
# (NUL, tab, line breaks included), bidi controls, zero-width and other invisible format characters.
HIDDEN_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                              "\ufeff\ufff9-\ufffb]")


def _text(*checks: pa.Check, unique: bool = False, nullable: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), unique=unique, report_duplicates="all", nullable=nullable)


def _required(what: str) -> pa.Check:
    return pa.Check.str_length(min_value=1, error=f"{what} is empty")


def _one_of(values, what: str) -> pa.Check:
    return pa.Check.isin(list(values), error=f"unknown {what}; expected one of {', '.join(values)}")


def _ident(what: str = "id") -> pa.Column:
    return _text(pa.Check.str_matches(SNAKE, error=f"{what} must be snake_case"), unique=True)


def figures_schema(topics: set[str], sources: set[str], words: set[str]) -> pa.DataFrameSchema:
    """The declared shape of data/figures.csv."""
    return pa.DataFrameSchema(
        {
            "id": _ident(),
            "indicator": _text(pa.Check.str_matches(SNAKE, error="indicator must be snake_case")),
            "area": _text(_one_of(AREAS, "area")),
            "topic": _text(_one_of(sorted(topics), "topic")),
            "label_zh": _text(_required("label_zh")),
            "label_en": _text(_required("label_en")),
            "value": _text(
                pa.Check(lambda s: ~s.str.startswith("-"), element_wise=False, error="value is negative"),
                pa.Check.str_matches(NUMBER, error="value is not a number"),
            ),
            "unit": _text(_required("unit")),
            "qualifier": _text(_one_of(QUALIFIERS, "qualifier")),
            "qualifier_word": _text(_one_of(sorted(words), "qualifier word")),
            "measure": _text(_one_of(MEASURES, "measure")),
            "period": _text(pa.Check.str_matches(r"^\d{4}$", error="period must be a year")),
            "source_org": _text(_one_of(sorted(sources), "source organisation")),
            "source_quote": _text(_required("source quote")),
            "note_zh": _text(),
            "note_en": _text(),
            "printed": _text(),
            "headline": _text(pa.Check.str_matches(r"^\d*$", error="headline must be a whole number or empty")),
            "part_of": _text(pa.Check.str_matches(r"^([a-z][a-z0-9_]*)?$", error="part_of must be a figure id or empty")),
            "rank": _text(pa.Check.str_matches(RANK, error="rank must be a whole number, 'leading' or empty")),
            "unit_en": _text(),  # what the figure counts, in English, where the unit's name would be stiff
            "quote_en": _text(),
        },
        strict=False,
    )


def _clear_on_white(colour: str) -> bool:
    """Whether an area colour stands out on the white chart (WCAG 1.4.11); malformed ones are the hex check's."""
    return not re.fullmatch(HEX_COLOUR, colour) or contrast_ratio(colour, "white") >= MIN_MARK_CONTRAST


REFERENCE_SCHEMAS = {
    "areas.csv": pa.DataFrameSchema(
        {
            "id": _ident(),
            "order": _text(pa.Check.str_matches(r"^\d+$", error="order must be a whole number")),
            "label_zh": _text(_required("label_zh")),
            "label_en": _text(_required("label_en")),
            "color": _text(
                pa.Check.str_matches(HEX_COLOUR, error="color must be #RRGGBB"),
                pa.Check(_clear_on_white, element_wise=True,
                         error=f"color is too pale: bars need {MIN_MARK_CONTRAST:g}:1 contrast against white"),
            ),
            "source_org": _text(_required("source_org")),
        }
    ),
    "topics.csv": pa.DataFrameSchema(
        {
            "area": _text(_one_of(AREAS, "area")),
            "id": _text(pa.Check.str_matches(SNAKE, error="id must be snake_case")),
            "order": _text(pa.Check.str_matches(r"^\d+$", error="order must be a whole number")),
            "label_zh": _text(_required("label_zh")),
            "label_en": _text(_required("label_en")),
        }
    ),
    "sources.csv": pa.DataFrameSchema(
        {"id": _ident(), **{c: _text(_required(c)) for c in ("short_zh", "name_zh", "short_en", "name_en")},
         # Only what the article itself gives: empty when it prints no address or date (citation.py omits them).
         "url": pa.Column(str, pa.Check.str_matches(r"^(https?://\S+)?$", error="url must be empty or http(s)://..."),
                          required=False),
         "date": pa.Column(str, pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$", error="date must be empty or YYYY-MM-DD"),
                           required=False)},
        strict=False,
    ),
    "qualifiers.csv": pa.DataFrameSchema(
        {
            "word": _text(unique=True),
            "qualifier": _text(_one_of(QUALIFIERS, "qualifier")),
            "position": _text(_one_of(("", "before_value", "after_value", "after_unit"), "position")),
            "word_en": _text(),
            "label_zh": _text(_required("label_zh")),
            "label_en": _text(_required("label_en")),
        }
    ),
    "units.csv": pa.DataFrameSchema(
        {"unit": _text(_required("unit"), unique=True), "label_en_one": _text(), "label_en_many": _text(), "kind": _text()}
    ),
    "charts.csv": pa.DataFrameSchema(
        {
            "id": _ident(),
            "area": _text(_one_of(AREAS, "area")),
            "order": _text(pa.Check.str_matches(r"^\d+$", error="order must be a whole number")),
            "kind": _text(_one_of(CHART_KINDS, "chart kind")),
            "unit": _text(),
            "overview": _text(_one_of(("0", "1"), "overview flag")),
            "title_zh": _text(_required("title_zh")),
            "title_en": _text(_required("title_en")),
            "figures": _text(_required("figures")),
        }
    ),
}


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


def _schema_problems(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    name, lines = frame.attrs["file"], frame.attrs["lines"]
    missing = [c for c, column in schema.columns.items() if column.required and c not in frame.columns]
    if missing:
        return [Problem(name, 1, c, "missing column") for c in missing]
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        for case in exc.failure_cases.itertuples():
            check = str(case.check)
            message = "duplicate value" if check == "field_uniqueness" else check
            index = case.index
            line = lines[int(index)] if index is not None and not pd.isna(index) else None
            out.append(Problem(name, line, case.column, f"{message}: {case.failure_case!r}"))
        return out
    return []


def character_problems(frame: pd.DataFrame) -> list[Problem]:
    """Each cell holding a control, bidi or zero-width character, with the character's code point."""
    problems = []
    for column in frame.columns:
        cells = frame[column]
        for position in cells.index[cells.str.contains(HIDDEN_CHARACTER, na=False)]:
            cell = cells.iloc[position]
            hit = HIDDEN_CHARACTER.search(cell)
            problems.append(Problem(frame.attrs["file"], _line(frame, position), column,
                                    f"holds an invisible or control character (U+{ord(hit.group()):04X} at "
                                    f"character {hit.start() + 1}); remove it"))
    return problems


def _line(frame: pd.DataFrame, position: int) -> int:
    return frame.attrs["lines"][position]


def _figure_problems(figures: pd.DataFrame, ref: dict[str, pd.DataFrame]) -> list[Problem]:
    """Rules a per-column schema cannot express: pairs of columns, units, quotes."""
    name = figures.attrs["file"]
    problems: list[Problem] = []
    topic_pairs = set(zip(ref["topics.csv"]["area"], ref["topics.csv"]["id"]))
    words = ref["qualifiers.csv"].set_index("word")
    base_units = set(ref["units.csv"]["unit"])
    problems += _period_problems(figures, base_units)
    for pos, row in enumerate(figures.itertuples(index=False)):
        line = _line(figures, pos)
        if (row.area, row.topic) not in topic_pairs and row.area in AREAS:
            problems.append(Problem(name, line, "topic", f"topic {row.topic!r} is not a topic of area {row.area!r}"))
        unit = parse_unit(row.unit, base_units)
        if unit is None:
            problems.append(Problem(name, line, "unit", f"unknown unit {row.unit!r}"))
        if row.qualifier_word in words.index and words.loc[row.qualifier_word, "qualifier"] != row.qualifier:
            problems.append(
                Problem(name, line, "qualifier", f"{row.qualifier!r} does not match the word {row.qualifier_word!r}")
            )
        try:
            value = Decimal(row.value)
        except InvalidOperation:
            continue
        if unit is not None and unit.base == "%" and row.measure not in ("share", "change"):
            problems.append(Problem(name, line, "measure", "a percentage must be a share or a change"))
        if row.measure == "share" and value > 100:
            problems.append(Problem(name, line, "value", f"a share cannot exceed 100%: {row.value}"))
        if row.qualifier_word in words.index and unit is not None:
            shown = format_zh(row.printed or row.value, unit, row.qualifier_word, words.loc[row.qualifier_word, "position"])
            if row.source_quote and shown not in row.source_quote:
                problems.append(Problem(name, line, "source_quote", f"the quote does not contain the value as printed ({shown})"))
    return problems


def _period_problems(figures: pd.DataFrame, base_units: set[str]) -> list[Problem]:
    """One row per indicator and period; an indicator keeps its area, topic, measure and base unit."""
    name = figures.attrs["file"]
    problems: list[Problem] = []
    first: dict[str, tuple[int, object]] = {}
    seen: dict[tuple[str, str], int] = {}
    for pos, row in enumerate(figures.itertuples(index=False)):
        line = _line(figures, pos)
        key = (row.indicator, row.period)
        if key in seen:
            problems.append(Problem(name, line, "period",
                                    f"indicator {row.indicator!r} already has a row for {row.period} (line {seen[key]})"))
        seen.setdefault(key, line)
        if row.indicator not in first:
            first[row.indicator] = (line, row)
            continue
        line0, row0 = first[row.indicator]
        unit, unit0 = parse_unit(row.unit, base_units), parse_unit(row0.unit, base_units)
        for column, now, then in (("area", row.area, row0.area), ("topic", row.topic, row0.topic),
                                  ("measure", row.measure, row0.measure),
                                  ("unit", unit.base if unit else row.unit, unit0.base if unit0 else row0.unit)):
            if now != then:
                problems.append(Problem(name, line, column, f"indicator {row.indicator!r} is {then!r} in its row on "
                                                            f"line {line0}, not {now!r}: one indicator, one {column}"))
    return problems


def _chart_problems(charts: pd.DataFrame, figures: pd.DataFrame, base_units: set[str]) -> list[Problem]:
    name = charts.attrs["file"]
    problems: list[Problem] = []
    known = figures.drop_duplicates("indicator").set_index("indicator")
    for pos, row in enumerate(charts.itertuples(index=False)):
        line = _line(charts, pos)
        axis = parse_unit(row.unit, base_units) if row.unit else None
        if row.kind in ("bar", "rate") and axis is None:
            problems.append(Problem(name, line, "unit", f"a {row.kind} chart needs a known unit, not {row.unit!r}"))
        for fid in row.figures.split():
            if fid not in known.index:
                problems.append(Problem(name, line, "figures", f"unknown figure {fid!r}"))
                continue
            fig = known.loc[fid]
            if fig["area"] != row.area:
                problems.append(Problem(name, line, "figures", f"{fid!r} belongs to area {fig['area']!r}"))
            unit = parse_unit(fig["unit"], base_units)
            if axis is not None and unit is not None and unit.base != axis.base:
                problems.append(
                    Problem(name, line, "figures", f"{fid!r} is in {fig['unit']}, which cannot share an axis of {row.unit}")
                )
    return problems


def _bounds(value: Decimal, qualifier: str) -> tuple[Decimal, Decimal, bool]:
    """(lowest, highest, strict) a published figure allows: 超2900 is above 2900 with no ceiling,
    近90 is at most 90 (its floor is not stated), a bare number is itself. strict: the bound is not reached."""
    infinite = Decimal("Infinity")
    if qualifier == "over":
        return value, infinite, True
    if qualifier == "at_least":
        return value, infinite, False
    if qualifier == "nearly":
        return Decimal(0), value, True
    return value, value, False


def relation_problems(figures: pd.DataFrame, charts: pd.DataFrame, base_units: set[str]) -> list[Problem]:
    """part_of and rank: a part names a total of its area and base unit, parts (by their qualifiers)
    cannot add up to more than the total allows, and a ranked peer-group size is never a bar."""
    name = figures.attrs["file"]
    problems: list[Problem] = []
    rows = {row.id: (pos, row) for pos, row in enumerate(figures.itertuples(index=False))}
    parts: dict[str, list] = {}
    for fid, (pos, row) in rows.items():
        line = _line(figures, pos)
        if row.rank and re.fullmatch(RANK, row.rank):  # a malformed rank is the schema's problem
            unit = parse_unit(row.unit, base_units)
            if unit is None or unit.base != "个" or row.measure != "count":
                problems.append(Problem(name, line, "rank", "a rank belongs to a count of peers (unit 个)"))
            elif row.rank != "leading" and re.fullmatch(NUMBER, row.value) and int(row.rank) > Decimal(row.value):
                problems.append(Problem(name, line, "rank", f"rank {row.rank} is outside a group of {row.value}"))
        if not row.part_of:
            continue
        total = rows.get(row.part_of)
        if total is None or row.part_of == fid:
            problems.append(Problem(name, line, "part_of", f"{row.part_of!r} is not another figure"))
            continue
        total_row = total[1]
        if total_row.part_of:
            problems.append(Problem(name, line, "part_of", f"{row.part_of!r} is itself a part: name the whole"))
        if total_row.area != row.area:
            problems.append(Problem(name, line, "part_of", f"{row.part_of!r} belongs to area {total_row.area!r}"))
        unit, total_unit = parse_unit(row.unit, base_units), parse_unit(total_row.unit, base_units)
        if unit is None or total_unit is None:
            continue
        if unit.base != total_unit.base:
            problems.append(Problem(name, line, "part_of", f"{row.unit} cannot be part of a total in {total_row.unit}"))
            continue
        if re.fullmatch(NUMBER, row.value) and re.fullmatch(NUMBER, total_row.value):
            parts.setdefault(row.part_of, []).append((line, to_base(row.value, unit), row.qualifier))
    for total_id, members in parts.items():
        pos, total_row = rows[total_id]
        _, ceiling, below = _bounds(to_base(total_row.value, parse_unit(total_row.unit, base_units)), total_row.qualifier)
        floors = [_bounds(value, qualifier) for _, value, qualifier in members]
        least = sum(f[0] for f in floors)
        above = any(f[2] and f[0] > 0 for f in floors)  # 余/超 parts are more than their sum
        if least > ceiling or (least == ceiling and (above or below)):
            lines = ", ".join(str(m[0]) for m in members)
            problems.append(Problem(name, members[-1][0], "part_of",
                                    f"the parts of {total_id!r} (lines {lines}) add up to more than its value allows"))
    ranked = {fid for fid, (_, row) in rows.items() if row.rank}
    for pos, row in enumerate(charts.itertuples(index=False)):
        for fid in set(row.figures.split()) & ranked:
            if row.kind != "indicators":
                problems.append(Problem(charts.attrs["file"], _line(charts, pos), "figures",
                                        f"{fid!r} is the size of a ranked peer group: show it as a tile, not a {row.kind}"))
    return problems


def validate(data_dir: Path = DEFAULT_DATA_DIR, figures_path: Path | None = None) -> Dataset:
    """Validate every file; raise DataError listing all problems, or return the dataset."""
    data_dir = Path(data_dir)
    figures_path = Path(figures_path) if figures_path else data_dir / FIGURES_FILE
    problems: list[Problem] = []
    ref: dict[str, pd.DataFrame] = {}
    for file, schema in REFERENCE_SCHEMAS.items():
        frame = read_csv(data_dir / file, problems)
        if frame is not None:
            problems += _schema_problems(frame, schema) + character_problems(frame)
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
    schema_problems = _schema_problems(figures, schema)
    problems += schema_problems + character_problems(figures)
    if not any(p.message == "missing column" for p in schema_problems):
        problems += _figure_problems(figures, ref)
        problems += _chart_problems(ref["charts.csv"], figures, set(ref["units.csv"]["unit"]))
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
