"""Domain rules a per-column schema cannot express: pairs of columns, periods, charts, relations, hidden characters."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pandas as pd
import pandera.pandas as pa

from ..errors import Problem
from .schema import AREAS, HIDDEN_CHARACTER, NUMBER, RANK
from .units import format_zh, parse_unit, to_base


def against_schema(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
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


def figure_problems(figures: pd.DataFrame, ref: dict[str, pd.DataFrame]) -> list[Problem]:
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


def chart_problems(charts: pd.DataFrame, figures: pd.DataFrame, base_units: set[str]) -> list[Problem]:
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

