"""Bad input, named precisely: which file, which line, which column, and why.

Messages are in Chinese with the English after them, e.g.
`ballots.csv 第12行 valid 列：无法识别的值“maybe”，应为 yes、no 或留空 (valid must be yes, no or empty)`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason the files cannot be counted. `line` and `column` are None when not known."""

    file: str
    line: int | None
    column: str | None
    zh: str
    en: str
    column_word: str = "列"  # 列 for a table's column, 键 for a TOML key

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" 第{self.line}行"
        if self.column is not None:
            where += f" {self.column} {self.column_word}"
        return f"{where}：{self.zh} ({self.en})"


class BadInput(Exception):
    """The count did not run: every problem found in the files, in file and line order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the input files")
        self.problems = problems


class Problems:
    """Collects problems for one file instead of stopping at the first."""

    def __init__(self, file: str, column_word: str = "列") -> None:
        self.file = file
        self.column_word = column_word
        self.found: list[Problem] = []

    def add(self, line: int | None, column: str | None, zh: str, en: str) -> None:
        self.found.append(Problem(self.file, line, column, zh, en, self.column_word))

    def __bool__(self) -> bool:
        return bool(self.found)
