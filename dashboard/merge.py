"""`dashboard merge DIR`: add a reviewed draft's rows to data/figures.csv, all of them or none.

The draft and the published rows are put together in a temporary file and checked by the same validation
as `dashboard validate`; every problem is reported against the file and line it came from (the draft's
or data's own). Only when nothing is wrong is data/figures.csv replaced, in one rename. A published row
is never overwritten: a draft row with a published id must be identical to it (then it is skipped).
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem
from .loading import FIGURES_COLUMNS, FIGURES_FILE, read_csv, validate

# Columns where two rows may differ and still be one published figure (layout, not content).
_IGNORED = {"headline"}


@dataclass(frozen=True)
class MergeResult:
    """What a merge did (or, with dry_run, would do)."""

    added: list[str]
    already_published: list[str]
    target: Path


def _content(row: dict, column: str) -> str:
    if column == "indicator":
        return row.get("indicator") or row["id"]  # an empty indicator is the row's own id
    return row.get(column, "")


def _differs(old: dict, new: dict, columns: list[str]) -> list[str]:
    return [c for c in columns if c not in _IGNORED and _content(old, c) != _content(new, c)]


def merge(draft_dir: Path, data_dir: Path, dry_run: bool = False) -> MergeResult:
    """Merge DIR/figures.csv into data_dir/figures.csv; raise DataError (file:line: column) and change nothing."""
    draft_path, target = Path(draft_dir) / FIGURES_FILE, Path(data_dir) / FIGURES_FILE
    problems: list[Problem] = []
    draft = read_csv(draft_path, problems)
    published = read_csv(target, problems)
    if draft is None or published is None:
        raise DataError(problems)
    columns = list(published.columns)
    missing = [c for c in columns if c not in draft.columns]
    if missing:
        raise DataError([Problem(str(draft_path), 1, c, "missing column (data/figures.csv has it)") for c in missing])
    # A draft may bring a column data/ lacks (the period model's `indicator`): existing rows get it empty,
    # and it goes where FIGURES_COLUMNS puts it.
    for column in (c for c in draft.columns if c not in columns):
        known = FIGURES_COLUMNS[: FIGURES_COLUMNS.index(column)] if column in FIGURES_COLUMNS else columns
        after = [i for i, c in enumerate(columns) if c in known]
        columns.insert(after[-1] + 1 if after else len(columns), column)

    old_rows = published.to_dict("records")
    by_id = {row["id"]: (row, line) for row, line in zip(old_rows, published.attrs["lines"])}
    by_period = {}
    for row, line in zip(old_rows, published.attrs["lines"]):
        by_period[(row.get("indicator") or row["id"], row["period"])] = (row, line)

    added, skipped, new_rows, origins = [], [], [], []
    for row, line in zip(draft.to_dict("records"), draft.attrs["lines"]):
        if row["id"] in by_id:
            old, old_line = by_id[row["id"]]
            changed = _differs(old, row, columns)
            if not changed:
                skipped.append(row["id"])
                continue
            problems.append(Problem(
                str(draft_path), line, changed[0],
                f"would overwrite the published row {row['id']!r} ({target}:{old_line}; differs in "
                f"{', '.join(changed)}): give the draft row a new id, or change data/figures.csv by hand",
            ))
            continue
        indicator = row.get("indicator") or row["id"]
        if (indicator, row["period"]) in by_period:
            old, old_line = by_period[(indicator, row["period"])]
            problems.append(Problem(
                str(draft_path), line, "indicator",
                f"indicator {indicator!r} already has a published row for {row['period']} ({old['id']!r}, "
                f"{target}:{old_line})",
            ))
            continue
        added.append(row["id"])
        new_rows.append(row)
        origins.append((str(draft_path), line))
    if problems:
        raise DataError(problems)

    origins = [(str(target), line) for line in published.attrs["lines"]] + origins
    handle, temp_name = tempfile.mkstemp(prefix=".figures-merge-", suffix=".csv", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            for row in old_rows + new_rows:
                writer.writerow({c: row.get(c, "") for c in columns})
        try:
            validate(data_dir, temp)
        except DataError as exc:
            where = _line_origins(temp, origins)
            raise DataError([_relocate(p, temp, where, str(target)) for p in exc.problems]) from None
        if not dry_run:
            os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return MergeResult(added, skipped, target)


def _line_origins(combined: Path, origins: list[tuple[str, int]]) -> dict[int, tuple[str, int]]:
    """Each record's line in the combined file (as the CSV reader counts it) -> its file and line of origin."""
    with combined.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        lines = [reader.line_num for _ in reader]
    return dict(zip(lines, origins))


def _relocate(problem: Problem, temp: Path, where: dict[int, tuple[str, int]], target: str) -> Problem:
    """A problem found in the combined file, told against the draft's or data's own file and line, and so
    is any other line its message names ("already has a row for 2099 (line 80)")."""
    if problem.file != str(temp):
        return problem
    file, line = where.get(problem.line, (target, problem.line))

    def elsewhere(match: re.Match) -> str:
        other = where.get(int(match.group(1)))
        return f"{other[0]}:{other[1]}" if other else match.group(0)

    return Problem(file, line, problem.column, re.sub(r"\bline (\d+)", elsewhere, problem.message))
