"""`dashboard merge DIR`: add a reviewed draft's rows to data/figures.csv, all of them or none.

The draft and the published rows are put together in a temporary file and checked by the same validation
as `dashboard validate`; every problem is reported against the file and line it came from (the draft's
or data's own). Only when nothing is wrong is data/figures.csv replaced, in one rename (written, synced,
renamed, the folder synced; mode and owner kept). A published row is never overwritten: a draft row with
a published id must be identical to it (then it is skipped). Merges into one folder take turns (a lock).
"""

from __future__ import annotations

import csv
import os
import re
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..data.dataset import read_csv, validate
from ..data.schema import FIGURES_COLUMNS, FIGURES_FILE
from ..errors import DataError, Problem, SetupError
from ..locks import lock_within

# Columns where two rows may differ and still be one published figure (layout, not content).
_IGNORED = {"headline"}
LOCK_FILE = ".figures-merge.lock"  # beside figures.csv: every merge into the folder holds it throughout
TEMP_PREFIX = ".figures-merge-"
LOCK_WAIT = 120  # seconds a merge waits for another one into the same folder before giving up


class NeedsConfirmation(Exception):
    """The merge is valid but changes what the dashboard shows by default: run again with --yes."""


@dataclass(frozen=True)
class MergeResult:
    """What a merge did (or, with dry_run, would do)."""

    added: list[str]
    already_published: list[str]
    target: Path
    default_change: str = ""  # what the default view would show instead, when the merge changes it


def _content(row: dict, column: str) -> str:
    if column == "indicator":
        return row.get("indicator") or row["id"]  # an empty indicator is the row's own id
    return row.get(column, "")


def _differs(old: dict, new: dict, columns: list[str]) -> list[str]:
    return [c for c in columns if c not in _IGNORED and _content(old, c) != _content(new, c)]


def merge(draft_dir: Path, data_dir: Path, dry_run: bool = False, confirmed: bool = False,
          wait: float = LOCK_WAIT) -> MergeResult:
    """Merge DIR/figures.csv into data_dir/figures.csv; raise DataError (file:line: column) and change nothing.

    A merge that would change the default period raises NeedsConfirmation unless confirmed (or dry_run)."""
    with merge_lock(Path(data_dir), wait):
        _remove_stale_temps(Path(data_dir))
        return _merge(Path(draft_dir), Path(data_dir), dry_run, confirmed)


@contextmanager
def merge_lock(data_dir: Path, wait: float = LOCK_WAIT):
    """Hold the folder's merge lock (an flock on LOCK_FILE, released by the kernel if the process dies);
    a second merge waits up to `wait` seconds, then gives up with DataError."""
    path = data_dir / LOCK_FILE
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o664)
    except OSError as exc:
        raise SetupError([Problem(str(path), None, None, f"cannot be opened: {exc.strerror or exc}")]) from None
    try:
        def waiting() -> None:
            print(f"dashboard merge: waiting for another merge into {data_dir} to finish", file=sys.stderr)

        if not lock_within(handle, wait, waiting):
            raise SetupError([Problem(str(path), None, None, f"another merge into {data_dir} is still running "
                                     f"after {wait:g} s; try again when it has finished")])
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _remove_stale_temps(data_dir: Path) -> None:
    """Temporary files of a merge that was killed (under the lock, so none of them is in use)."""
    for stale in data_dir.glob(f"{TEMP_PREFIX}*.csv"):
        try:
            stale.unlink()
        except OSError:
            pass


def _merge(draft_dir: Path, data_dir: Path, dry_run: bool, confirmed: bool) -> MergeResult:
    draft_path, target = draft_dir / FIGURES_FILE, data_dir / FIGURES_FILE
    problems: list[Problem] = []
    draft = read_csv(draft_path, problems)
    published = read_csv(target, problems)
    if draft is None or published is None:
        raise DataError(problems)
    problems += _column_problems(draft, draft_path)
    if problems:
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
    try:
        before = target.stat()
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".csv", dir=target.parent)
    except OSError as exc:
        raise SetupError([Problem(str(target), None, None, f"cannot be replaced: {exc.strerror or exc}")]) from None
    temp = Path(temp_name)
    try:
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
                writer.writeheader()
                for row in old_rows + new_rows:
                    writer.writerow({c: row.get(c, "") for c in columns})
                out.flush()
                os.fsync(out.fileno())  # the data is on disk before the rename makes it the published file
        except OSError as exc:
            raise SetupError([Problem(str(target), None, None, f"cannot be written: {exc.strerror or exc}")]) from None
        try:
            dataset = validate(data_dir, temp)
        except DataError as exc:
            where = _line_origins(temp, origins)
            raise DataError([_relocate(p, temp, where, str(target)) for p in exc.problems]) from None
        change = _default_change(data_dir, dataset, set(published["period"]) if "period" in published else set())
        if change and not (confirmed or dry_run):
            raise NeedsConfirmation(change)
        if not dry_run:
            _replace(temp, target, before)
    finally:
        temp.unlink(missing_ok=True)
    return MergeResult(added, skipped, target, change)


def _column_problems(frame, path: Path) -> list[Problem]:
    """A draft's columns must each be a column of figures.csv (read_csv refuses a repeated one)."""
    return [Problem(str(path), 1, c, f"unknown column; figures.csv has {', '.join(FIGURES_COLUMNS)}")
            for c in frame.columns if c not in FIGURES_COLUMNS]


def _default_change(data_dir: Path, merged, published_periods) -> str:
    """What changes in the default view (the latest period's), in words; empty when it stays the same."""
    if merged.period == max(published_periods, default=""):
        return ""
    current = validate(data_dir)
    return (f"the default view would change from {current.period} ({len(current.charts)} of "
            f"{len(current.all_charts)} charts) to {merged.period} ({len(merged.charts)} of "
            f"{len(merged.all_charts)} charts)")


def _replace(temp: Path, target: Path, before: os.stat_result) -> None:
    """Rename temp over target durably, keeping target's mode and owner (DataError if it cannot)."""
    try:
        os.chmod(temp, before.st_mode & 0o7777)
        made = temp.stat()
        if (before.st_uid, before.st_gid) != (made.st_uid, made.st_gid):
            os.chown(temp, before.st_uid, before.st_gid)
    except OSError as exc:
        raise SetupError([Problem(str(target), None, None, f"its owner (uid {before.st_uid}, gid {before.st_gid}) "
                                 f"and mode cannot be kept ({exc.strerror or exc}): run merge as its owner")]) from None
    try:
        os.replace(temp, target)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself is on disk
        finally:
            os.close(folder)
    except OSError as exc:
        raise SetupError([Problem(str(target), None, None, f"cannot be replaced: {exc.strerror or exc}")]) from None


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
