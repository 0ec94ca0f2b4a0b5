"""Reading ballots.csv in a second process while this one reads the roster (spec/tally.md).

A count from files spends most of its time taking a million ballot rows apart, and the
roster must be read before any ballot can be counted. With `fork` a child process reads
ballots.csv with the very code a single process runs (`read_ballots`, every check, every
problem named the same, in the same order) and hands each batch of checked rows over as it
goes; the parent reads the roster, builds the voting entities, then feeds the batches to
the count in file order. The rules themselves (duplicates, first counted ballot, ...) run
only in the parent, in ballot order.

The child never waits for the parent: batches go to an unlinked temporary file, and only a
short note per batch goes through a pipe. Marshal carries the rows (a few strings per row,
much faster than pickle); each distinct tuple of contest choices travels once, and rows
name theirs by number. Each distinct unit code is numbered too, so that the parent looks it
up in the roster once, not once per ballot: a million lookups in a large dict, each missing
the CPU's caches, take longer than the rest of the count. When the child fails in any way
the parent reads the file itself.
"""

from __future__ import annotations

import marshal
import os
import pickle
import struct
import tempfile
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from huanjie.countfiles.ballots import read_ballots
from huanjie.countfiles.problems import Problem, Problems
from huanjie.rules import Answer, Choice, Contest, Count

NOTE = struct.Struct("<cqq")  # kind, offset and length in the data file
NEW_COUNT, BATCH, DONE = b"N", b"B", b"D"
BATCH_ROWS = 32768  # rows per batch: a few dozen notes for a million ballots
MARSHAL_VERSION = 2  # no references between objects: twice as fast for many small strings

Choices = tuple[Choice, ...]
# A choice as marshal carries it: an election's names as they are, a motion's answer as str.
Carried = frozenset[str] | str


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "pwrite")


class ForkedBallots:
    """ballots.csv being read in a child process; `finish` takes its rows in file order."""

    def __init__(self, path: Path, contests: Sequence[Contest] | None, problems: Problems) -> None:
        self.path = path
        self.contests = contests
        self.problems = problems
        self._data = tempfile.TemporaryFile()  # noqa: SIM115  # closed by finish
        read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: read, send, and leave without running anything else
            os.close(read_end)
            status = 1
            try:
                _Sender(self._data.fileno(), write_end).read(path, contests, problems)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._notes: IO[bytes] = os.fdopen(read_end, "rb")

    def finish(self, new_count: Callable[[], Count | None]) -> Count | None:
        """What `read_ballots(path, contests, new_count, problems)` returns, and its problems."""
        try:
            received = self._receive(new_count)
        finally:
            self._notes.close()
            self._data.close()
            os.waitpid(self._pid, 0)
        if received is None:  # the child failed: read the file here
            return read_ballots(self.path, self.contests, new_count, self.problems)
        return received[0]

    def _receive(self, new_count: Callable[[], Count | None]) -> tuple[Count | None] | None:
        """(the count,) once the child is done, or None when it failed."""
        count: Count | None = None
        table: list[Choices] = []
        codes: list[str] = []  # the distinct unit codes of one-unit ballots, by number from 1
        code_position: list[int | None] = [None]  # where each is in the roster, None if not
        fd = self._data.fileno()
        while len(note := self._notes.read(NOTE.size)) == NOTE.size:
            kind, offset, length = NOTE.unpack(note)
            data = os.pread(fd, length, offset)
            if len(data) != length:
                return None
            if kind == NEW_COUNT:
                count = new_count()
                if count is not None:
                    code_position = [None, *map(count.roster.unit_position.get, codes)]
            elif kind == BATCH:
                batch = marshal.loads(data)  # noqa: S302  # written by our child
                ids, units, valid, numbers, new, unit_numbers, new_codes = _unpacked(*batch)
                table += [tuple(map(_choice, carried)) for carried in new]
                codes += new_codes
                if count is not None:
                    code_position += map(count.roster.unit_position.get, new_codes)
                    choices = list(map(table.__getitem__, array("i", numbers)))
                    positions = list(map(code_position.__getitem__, array("i", unit_numbers)))
                    count.add_columns(ids, units, valid, choices, positions)
            elif kind == DONE:
                found, checked = pickle.loads(data)  # noqa: S301  # written by our child
                self.problems.found += found
                return (count if checked else None,)
        return None


def _lines(cells: list[str]) -> str | list[str]:
    """The cells as lines of one string, unless a cell holds a line break (quoted in the CSV).
    A million short strings go through marshal much faster as one."""
    text = "\n".join(cells)
    return text if text.count("\n") == len(cells) - 1 and "\r" not in text else cells


def _unpacked(
    ids: str | list[str],
    units: str | list[str],
    several: dict[int, tuple[str, ...]],
    *rest: Any,
) -> tuple[Any, ...]:
    """A batch as `_Sender._flush` packed it: (ids, units, valid, numbers, new, unit_numbers, new_codes)."""
    units_of: list[str | tuple[str, ...]] = units.split("\n") if isinstance(units, str) else units  # type: ignore[assignment]
    for i, named in several.items():
        units_of[i] = named
    return (ids.split("\n") if isinstance(ids, str) else ids, units_of, *rest)


def _single(unit: str | tuple[str, ...]) -> bool | None:
    return True if isinstance(unit, str) else None


def _where_none(column: list[Any]) -> list[int]:
    """Where `column` holds None (usually nowhere: the test runs at C speed)."""
    if None not in column:
        return []
    return [i for i, cell in enumerate(column) if cell is None]


def _choice(carried: Carried) -> Choice:
    return Answer(carried) if isinstance(carried, str) else carried


def _carried(choice: Choice) -> Carried:
    return str(choice.value) if isinstance(choice, Answer) else choice


class _Sender:
    """Stands in for the count in the child: batches the rows `read_ballots` feeds it."""

    def __init__(self, data_fd: int, notes_fd: int) -> None:
        self.data_fd = data_fd
        self.notes_fd = notes_fd
        self.offset = 0
        self.number: dict[Choices, int] = {}
        self.new: list[tuple[Carried, ...]] = []
        self.ids: list[str] = []
        self.units: list[str | tuple[str, ...]] = []
        self.valid: list[bool] = []
        self.numbers = array("i")
        self.code: dict[str | tuple[str, ...], int] = {}  # unit code: its number, from 1
        self.new_codes: list[str] = []
        self.unit_numbers = array("i")  # 0 for a ballot of several units

    def read(self, path: Path, contests: Sequence[Contest] | None, problems: Problems) -> None:
        mine = Problems(problems.file, problems.column_word)
        checked = read_ballots(path, contests, self.new_count, mine)
        self._flush()
        found: list[Problem] = mine.found
        self._send(DONE, pickle.dumps((found, checked is not None)))

    def new_count(self) -> _Sender:
        self._flush()
        self._send(NEW_COUNT, b"")
        return self

    def add_columns(
        self,
        ids: Sequence[str],
        units: Sequence[str | tuple[str, ...]],
        valid: Sequence[bool],
        choices: Sequence[Choices],
    ) -> None:
        self.ids += ids
        self.units += units
        self.valid += valid
        # Most rows name a unit and choices seen before: only the others take a Python step.
        numbers = list(map(self.number.get, choices))
        for i in _where_none(numbers):
            numbers[i] = self._number(choices[i])
        self.numbers.extend(numbers)  # type: ignore[arg-type]  # no None left
        unit_numbers = list(map(self.code.get, units))
        for i in _where_none(unit_numbers):
            unit_numbers[i] = self._code(units[i])
        self.unit_numbers.extend(unit_numbers)  # type: ignore[arg-type]  # no None left
        if len(self.ids) >= BATCH_ROWS:
            self._flush()

    def _number(self, choices: Choices) -> int:
        number = self.number.get(choices)
        if number is None:
            number = self.number[choices] = len(self.number)
            self.new.append(tuple(map(_carried, choices)))
        return number

    def _code(self, unit: str | tuple[str, ...]) -> int:
        if isinstance(unit, tuple):
            return 0
        number = self.code.get(unit)
        if number is None:
            number = self.code[unit] = len(self.code) + 1
            self.new_codes.append(unit)
        return number

    def _flush(self) -> None:
        if not self.ids:
            return
        numbers, unit_numbers = self.numbers.tobytes(), self.unit_numbers.tobytes()
        # The units of several-unit ballots aside, the ids and the units each as one string.
        several = {i: self.units[i] for i in _where_none(list(map(_single, self.units)))}
        units: list[str] = self.units  # type: ignore[assignment]  # as soon as the several are out
        for i in several:
            units[i] = ""
        batch = (_lines(self.ids), _lines(units), several, self.valid, numbers, self.new, unit_numbers, self.new_codes)
        self._send(BATCH, marshal.dumps(batch, MARSHAL_VERSION))
        self.ids, self.units, self.valid, self.new, self.new_codes = [], [], [], [], []
        self.numbers, self.unit_numbers = array("i"), array("i")

    def _send(self, kind: bytes, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.pwrite(self.data_fd, view, self.offset + len(data) - len(view)) :]
        note = memoryview(NOTE.pack(kind, self.offset, len(data)))
        self.offset += len(data)
        while note:
            note = note[os.write(self.notes_fd, note) :]
