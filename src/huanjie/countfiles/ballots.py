"""ballots.csv: one row per ballot received, in the order received (spec/tally.md).

This is the hot path of a count (a million rows): cells are parsed once per distinct text
and cached, one-unit ballots skip the general path, and rows go straight into the `Count`
without an object per ballot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from huanjie.countfiles.problems import Problems
from huanjie.countfiles.tables import Table, column_index, is_blank, open_table
from huanjie.rules import Answer, BallotRow, Choice, Contest, Count, Election

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

# What a row's contest cells mean: the choices, or the (column, zh, en) of each bad cell.
Parsed = tuple[Choice, ...] | list[tuple[str, str, str]]


def read_ballots(path: Path, contests: Sequence[Contest] | None, count: Count | None, problems: Problems) -> None:
    """Check every row of ballots.csv and feed the good ones to `count`, in file order.

    With `contests` None (election.toml was bad) the contest columns are not checked; with
    `count` None the rows are only checked.
    """
    table = open_table(path, problems)
    if table is None:
        return
    i_ballot = column_index(table, "ballot", problems)
    i_units = column_index(table, "units", problems)
    i_valid = column_index(table, "valid", problems, required=False)
    contest_columns = [column_index(table, contest.id, problems) for contest in contests or ()]
    if i_ballot is None or i_units is None or None in contest_columns:
        return
    columns = _Columns(i_ballot, i_units, i_valid, [i for i in contest_columns if i is not None])
    rows = _good_rows(table, columns, _CellParser(contests or ()), problems)
    if count is None:
        for _ in rows:
            pass
    else:
        count.add_all(rows)


@dataclass(frozen=True, slots=True)
class _Columns:
    ballot: int
    units: int
    valid: int | None
    contests: list[int]


def _good_rows(table: Table, columns: _Columns, parse_cells: _CellParser, problems: Problems) -> Iterator[BallotRow]:
    """The rows that are well formed, as ballots; every other row is named in `problems`.

    Repeated ballot ids are only counted here; when there are any, `_name_repeated_ids`
    reads the file again to name them, and the count, which then cannot be used, is dropped.
    """
    rows = table.rows
    fixed = itemgetter(columns.ballot, columns.units, columns.units if columns.valid is None else columns.valid)
    cells_of = _cells_getter(columns.contests)
    cache = parse_cells.cache
    valid_words = {"": True} if columns.valid is None else VALID_WORDS
    ids: set[str] = set()
    add_id = ids.add
    with_id = 0
    for row in rows:
        try:
            ballot_id, units_cell, valid_cell = fixed(row)
            cells = cells_of(row)
        except IndexError:  # a short row: pad it and take the general path
            row = row + [""] * (len(table.header) - len(row))
            ballot_id, units_cell, valid_cell, cells = "", "", "", ()
        ballot_id = ballot_id.strip()
        valid = valid_words.get(valid_cell)
        choices = cache.get(cells)
        if valid is not None and type(choices) is tuple and ballot_id and ";" not in units_cell:
            unit = units_cell.strip()
            if unit:  # the common case: one unit, every cell as expected
                add_id(ballot_id)
                with_id += 1
                yield ballot_id, (unit,), valid, choices
                continue
        if is_blank(row):
            continue
        ballot = _check_row(row, rows.line_num, columns, cells_of, parse_cells, problems)
        if row[columns.ballot].strip():
            add_id(row[columns.ballot].strip())
            with_id += 1
        if ballot is not None:
            yield ballot
    if len(ids) != with_id:
        _name_repeated_ids(table, columns, problems)


def _name_repeated_ids(table: Table, columns: _Columns, problems: Problems) -> None:
    """Second reading, only when ids repeat: name each repeated id with its first line."""
    again = open_table(table.path, problems)
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


def _valid(cell: str) -> bool | None:
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
) -> BallotRow | None:
    """The general path: the ballot of a row, or None after naming each of its problems."""
    before = len(problems.found)
    ballot_id = row[columns.ballot].strip()
    if not ballot_id:
        problems.add(line, "ballot", "选票编号为空", "ballot is empty")
    # A unit named twice on one ballot counts once.
    units = tuple(dict.fromkeys(filter(None, (unit.strip() for unit in row[columns.units].split(";")))))
    if not units:
        problems.add(line, "units", "没有填写单元", "units is empty")
    valid = True if columns.valid is None else _valid(row[columns.valid])
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


def _cells_getter(columns: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The row's contest cells as one tuple: the key of the parse cache."""
    if not columns:
        return lambda row: ()
    if len(columns) == 1:
        only = columns[0]
        return lambda row: (row[only],)
    return itemgetter(*columns)


class _CellParser:
    """Parses the contest cells of a row, caching by their text: ballots repeat few texts."""

    def __init__(self, contests: Sequence[Contest]) -> None:
        self.contests = tuple(contests)
        self.cache: dict[tuple[str, ...], Parsed] = {}

    def __call__(self, cells: tuple[str, ...]) -> Parsed:
        parsed = self.cache.get(cells)
        if parsed is None:
            parsed = self.cache[cells] = self._parse(cells)
        return parsed

    def _parse(self, cells: tuple[str, ...]) -> Parsed:
        choices: list[Choice] = []
        bad: list[tuple[str, str, str]] = []
        for contest, cell in zip(self.contests, cells, strict=True):
            if isinstance(contest, Election):
                # A name written twice counts once.
                choices.append(frozenset(filter(None, (name.strip() for name in cell.split(";")))))
                continue
            answer = ANSWER_WORDS.get(cell.strip().lower())
            if answer is None:
                bad.append(
                    (
                        contest.id,
                        f"无法识别的表决意见“{cell.strip()}”，应为 yes、no、abstain（同意、反对、弃权）或留空",
                        f"{contest.id} must be yes, no, abstain or empty",
                    )
                )
            else:
                choices.append(answer)
        return bad if bad else tuple(choices)
