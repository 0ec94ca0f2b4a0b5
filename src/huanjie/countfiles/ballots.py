"""ballots.csv: one row per ballot received, in the order received (spec/tally.md).

This is the hot path of a count (a million rows). Rows are read a few thousand at a time and
taken apart column by column with `map` (no Python step per cell); only the rows that are
not plain (several units, an unusual `valid`, contest cells not seen before, a problem)
take the general path, one by one. Contest cells are parsed once per distinct text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, islice, repeat
from operator import contains, itemgetter
from pathlib import Path
from typing import Protocol, TypeVar

from huanjie.countfiles.problems import Problems
from huanjie.countfiles.tables import Table, column_index, is_blank, opened_table, read_table
from huanjie.rules import Answer, Choice, Contest, Election

VALID_WORDS = {"": True, "yes": True, "no": False}
ANSWER_WORDS = {
    "": Answer.ABSTAIN,
    "yes": Answer.YES,
    "no": Answer.NO,
    "abstain": Answer.ABSTAIN,
    "同意": Answer.YES,
    "反对": Answer.NO,
    "弃权": Answer.ABSTAIN,
}
CHUNK = 512  # rows taken apart at a time: small enough to stay in the CPU's cache

Choices = tuple[Choice, ...]


class Feed(Protocol):
    """What the checked rows go to: a `Count`, or whatever stands in for one."""

    def add_columns(
        self,
        ids: Sequence[str],
        units: Sequence[str | tuple[str, ...]],
        valid: Sequence[bool],
        choices: Sequence[Choices],
    ) -> None: ...


F = TypeVar("F", bound=Feed)
# What a row's contest cells mean: the choices, or the (column, zh, en) of each bad cell.
Parsed = Choices | list[tuple[str, str, str]]


def read_ballots(
    path: Path, contests: Sequence[Contest] | None, new_count: Callable[[], F | None], problems: Problems
) -> F | None:
    """Check every row of ballots.csv and feed the good ones to a count, in file order.

    The count comes from `new_count` (again if the file has to be read twice, see
    `read_table`); None means the rows are only checked. With `contests` None (election.toml
    was bad) the contest columns are not checked. Once a row has a problem the count cannot
    be used, and is fed no more.
    """
    return read_table(path, problems, lambda table: _read_columns(table, contests or (), new_count(), problems))


@dataclass(frozen=True, slots=True)
class _Columns:
    ballot: int
    units: int
    valid: int | None
    contests: list[int]

    @property
    def width(self) -> int:
        """Cells a row needs; shorter rows are padded with empty cells."""
        return max(self.ballot, self.units, self.valid or 0, *self.contests) + 1


def _read_columns(table: Table, contests: Sequence[Contest], count: F | None, problems: Problems) -> F | None:
    i_ballot = column_index(table, "ballot", problems)
    i_units = column_index(table, "units", problems)
    i_valid = column_index(table, "valid", problems, required=False)
    contest_columns = [column_index(table, contest.id, problems) for contest in contests]
    if i_ballot is None or i_units is None or None in contest_columns:
        return None
    columns = _Columns(i_ballot, i_units, i_valid, [i for i in contest_columns if i is not None])
    reader = _ChunkReader(table, columns, _CellParser(contests), count, problems)
    while reader.read_chunk():
        pass
    if reader.repeated_ids:
        _name_repeated_ids(table, columns, problems)
    return count


class _ChunkReader:
    """Takes the rows apart a chunk at a time, counting ballot ids to find repeated ones."""

    def __init__(
        self, table: Table, columns: _Columns, parse_cells: _CellParser, count: Feed | None, problems: Problems
    ) -> None:
        self.table = table
        self.columns = columns
        self.parse_cells = parse_cells
        self.count = count
        self.problems = problems
        self.ids: set[str] = set()
        self.with_id = 0  # rows with a ballot id: more than len(ids) when an id repeats
        self.line = table.rows.line_num
        self.cells_of = _cells_getter(columns.contests)

    @property
    def repeated_ids(self) -> bool:
        return len(self.ids) - ("" in self.ids) != self.with_id

    def read_chunk(self) -> bool:
        rows = list(islice(self.table.rows, CHUNK))
        if not rows:
            return False
        first_line, self.line = self.line, self.table.rows.line_num
        width = self.columns.width
        if min(map(len, rows)) < width:
            rows = [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]
        columns = self.columns
        ids = list(map(str.strip, map(itemgetter(columns.ballot), rows)))
        unit_cells = list(map(itemgetter(columns.units), rows))
        units: list[str | tuple[str, ...]] = list(map(str.strip, unit_cells))
        if columns.valid is None:
            valid: list[bool | None] = [True] * len(rows)
        else:
            valid = list(map(VALID_WORDS.get, map(itemgetter(columns.valid), rows)))
        # Each contest's column through its cache; a cell not seen before takes the general path.
        parsed = [
            list(map(known.get, map(itemgetter(i), rows)))
            for known, i in zip(self.parse_cells.known, columns.contests, strict=True)
        ]
        choices: list[Choices | None] = list(zip(*parsed, strict=True)) if parsed else [()] * len(rows)
        self.ids.update(ids)
        self.with_id += len(ids) - ids.count("")
        # A row takes the general path for several units, an unusual cell, or a problem.
        odd = set(compress(range(len(rows)), map(contains, unit_cells, repeat(";"))))
        odd.update(_where(ids, ""), _where(units, ""), _where(valid, None), *(_where(cells, None) for cells in parsed))
        if odd:
            lines = _Lines(rows, first_line, self.line)
            drop = []
            for i in sorted(odd):
                ballot = self._general(rows[i], lines, i)
                if ballot is None:
                    drop.append(i)
                else:
                    ids[i], units[i], valid[i], choices[i] = ballot
            if drop:
                keep = bytearray(b"\x01") * len(rows)
                for i in drop:
                    keep[i] = 0
                ids, units, valid, choices = (list(compress(c, keep)) for c in (ids, units, valid, choices))  # type: ignore[assignment]
        if self.count is not None and not self.problems:
            self.count.add_columns(ids, units, valid, choices)  # type: ignore[arg-type]  # no None left
        return True

    def _general(
        self, row: list[str], lines: _Lines, i: int
    ) -> tuple[str, str | tuple[str, ...], bool, Choices] | None:
        """A row that is not plain: its ballot, or None (a blank row, or problems named)."""
        if is_blank(row):
            return None
        ballot = _check_row(row, lines[i], self.columns, self.cells_of, self.parse_cells, self.problems)
        if ballot is None:
            return None
        ballot_id, units, valid, choices = ballot
        return ballot_id, units[0] if len(units) == 1 else units, valid, choices


def _where(column: Sequence[object], value: object) -> list[int]:
    """The rows whose cell is `value` (usually none: the test runs at C speed)."""
    if value not in column:
        return []
    return [i for i, cell in enumerate(column) if cell == value]


class _Lines:
    """The line each row of a chunk ends on: what `csv.reader.line_num` said after it."""

    def __init__(self, rows: list[list[str]], first_line: int, last_line: int) -> None:
        self.rows = rows
        self.first_line = first_line
        self.simple = last_line - first_line == len(rows)  # no cell spans lines
        self.ends: list[int] = []

    def __getitem__(self, i: int) -> int:
        if self.simple:
            return self.first_line + i + 1
        if not self.ends:
            line = self.first_line
            for row in self.rows:
                line += 1 + sum(_breaks(cell) for cell in row)
                self.ends.append(line)
        return self.ends[i]


def _breaks(cell: str) -> int:
    """Line breaks inside a quoted cell, as the file is split into lines (\\n, \\r, \\r\\n)."""
    return cell.count("\n") + cell.count("\r") - cell.count("\r\n")


def _name_repeated_ids(table: Table, columns: _Columns, problems: Problems) -> None:
    """Second reading, only when ids repeat: name each repeated id with its first line."""
    with opened_table(table.path, problems, table.encoding) as again:
        if again is None:
            return
        first_line: dict[str, int] = {}
        for row in again.rows:
            ballot_id = row[columns.ballot].strip() if len(row) > columns.ballot else ""
            if not ballot_id:
                continue
            line = again.rows.line_num
            first = first_line.setdefault(ballot_id, line)
            if first != line:
                problems.add(
                    line,
                    "ballot",
                    f"选票编号“{ballot_id}”重复（首次出现在第{first}行）",
                    f"ballot {ballot_id} repeated, first on line {first}",
                )
    problems.found.sort(key=lambda problem: problem.line or 0)


def parse_valid(cell: str) -> bool | None:
    """The tellers' verdict on the paper: yes (or empty) or no, in any case."""
    valid = VALID_WORDS.get(cell)
    return valid if valid is not None else VALID_WORDS.get(cell.strip().lower())


def _check_row(
    row: list[str],
    line: int,
    columns: _Columns,
    cells_of: Callable[[list[str]], tuple[str, ...]],
    parse_cells: _CellParser,
    problems: Problems,
) -> tuple[str, tuple[str, ...], bool, Choices] | None:
    """The general path: the ballot of a row, or None after naming each of its problems."""
    before = len(problems.found)
    ballot_id = row[columns.ballot].strip()
    if not ballot_id:
        problems.add(line, "ballot", "选票编号为空", "ballot is empty")
    units = parse_units(row[columns.units])
    if not units:
        problems.add(line, "units", "没有填写单元", "units is empty")
    valid = True if columns.valid is None else parse_valid(row[columns.valid])
    if valid is None:
        problems.add(
            line,
            "valid",
            f"无法识别的值“{row[columns.valid or 0].strip()}”，应为 yes、no 或留空",
            "valid must be yes, no or empty",
        )
    parsed = parse_cells(cells_of(row))
    if isinstance(parsed, list):
        for column, zh, en in parsed:
            problems.add(line, column, zh, en)
    if len(problems.found) > before or isinstance(parsed, list) or valid is None:
        return None
    return ballot_id, units, valid, parsed


def parse_units(cell: str) -> tuple[str, ...]:
    """The units a `units` cell names, in order; a unit named twice on one ballot counts once."""
    return tuple(dict.fromkeys(filter(None, (unit.strip() for unit in cell.split(";")))))


def _cells_getter(columns: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The row's contest cells as one tuple: the key of the parse cache."""
    if not columns:
        return lambda row: ()
    if len(columns) == 1:
        only = columns[0]
        return lambda row: (row[only],)
    return itemgetter(*columns)


class _CellParser:
    """Parses the contest cells of a row, caching each column's cells by their text: ballots
    repeat few texts. `known[k]` holds the cells of contest k that parse."""

    def __init__(self, contests: Sequence[Contest]) -> None:
        self.contests = tuple(contests)
        self.known: list[dict[str, Choice]] = [{} for _ in self.contests]

    def __call__(self, cells: tuple[str, ...]) -> Parsed:
        choices: list[Choice] = []
        bad: list[tuple[str, str, str]] = []
        for contest, known, cell in zip(self.contests, self.known, cells, strict=True):
            choice = known.get(cell)
            if choice is None:
                parsed = parse_cell(contest, cell)
                if isinstance(parsed, tuple):
                    bad.append(parsed)
                    continue
                choice = known[cell] = parsed
            choices.append(choice)
        return bad if bad else tuple(choices)


def parse_cell(contest: Contest, cell: str) -> Choice | tuple[str, str, str]:
    """One cell's choice, or its problem as (column, zh, en)."""
    if isinstance(contest, Election):
        # A name written twice counts once.
        return frozenset(filter(None, (name.strip() for name in cell.split(";"))))
    answer = ANSWER_WORDS.get(cell.strip().lower())
    if answer is None:
        return (
            contest.id,
            f"无法识别的表决意见“{cell.strip()}”，应为 yes、no、abstain（同意、反对、弃权）或留空",
            f"{contest.id} must be yes, no, abstain or empty",
        )
    return answer
