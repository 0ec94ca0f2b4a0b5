"""Bad input, named precisely: which file, which row, which column, and why.

The Chinese reason is what the working group reads; the English one goes to the log
(`huanjie.roster`) so that whoever runs the server can follow what happened.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

logger = logging.getLogger("huanjie.roster")

# Past this many problems the file is plainly not a roster; listing more helps nobody.
MAX_PROBLEMS = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason the file cannot be imported. `row` and `column` are None when not known."""

    file: str
    row: int | None
    column: str | None
    zh: str
    en: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.zh}"


class Problems:
    """Collects every problem of one file instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, row: int | None, column: str | None, zh: str, en: str) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(Problem(self.file, row, column, zh, en))
            logger.info("roster file %r row %s column %s: %s", self.file, row, column, en)

    @property
    def full(self) -> bool:
        return len(self.found) >= MAX_PROBLEMS

    def __bool__(self) -> bool:
        return bool(self.found)

    def __len__(self) -> int:
        return len(self.found)


@dataclass(frozen=True, slots=True)
class ProblemRow:
    """The problems of one row of the file, shown as one line of the error table."""

    row: int | None
    problems: tuple[Problem, ...]


def by_row(problems: list[Problem]) -> list[ProblemRow]:
    """Problems grouped by file row, in row order; problems of the whole file first, one line each."""
    whole = [ProblemRow(None, (p,)) for p in problems if p.row is None]
    rows: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.row is not None:
            rows.setdefault(problem.row, []).append(problem)
    return whole + [ProblemRow(row, tuple(items)) for row, items in sorted(rows.items())]
