"""The one error shape of the app: a list of problems, each pointing at a place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as the input allows."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" column '{self.column}'" if self.column else ""
        return f"{where}:{col} {self.message}"


class DataError(Exception):
    """Raised when data files are unusable; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or ""))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class SetupError(DataError):
    """Not the data but what is around it (a setting, a folder, a lock, the disk): each problem on one line."""

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UnsafeFolder(SetupError):
    """A folder the app would read pickles from (the cache) that another user owns or can write to."""
