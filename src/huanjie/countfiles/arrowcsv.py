"""ballots.csv read by Apache Arrow's CSV reader when the file is plain (spec/tally.md).

A plain file is a `.csv` file with no double quote and no NUL byte in it. Without quotes a
CSV file has only one reading — a row ends at \\n, \\r\\n or \\r, a cell at a comma — so
Arrow's reader (C++, off the GIL) takes it apart exactly as `csv.reader` does, in a thread of
this process, while a second process reads the roster (forkedroster.py). Each distinct text
of a column is then checked once, by the very functions the row-by-row reader uses
(`parse_units`, `parse_valid`, `parse_cell` of ballots.py), and the count is fed the columns
`read_ballots` would feed it, in file order.

The fast reading never reports a problem itself. Any doubt — a row of another width than the
header, a byte that is not UTF-8, a blank or repeated ballot id, a cell that does not parse,
anything Arrow raises — and `finish` returns None: the file is then read by `read_ballots`,
which names every problem with its line. Blank lines are the one thing read differently:
`csv.reader` returns them as empty rows, which the count skips; Arrow skips them itself.
"""

from __future__ import annotations

import csv
import mmap
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from math import prod
from operator import contains
from pathlib import Path
from typing import Any, TypeVar, cast

from huanjie.countfiles.ballots import parse_cell, parse_units, parse_valid
from huanjie.countfiles.problems import Problems
from huanjie.countfiles.tables import opened_table
from huanjie.rules import Choice, Contest

BLOCK_BYTES = 4 << 20  # what Arrow takes apart at a time
BOM = b"\xef\xbb\xbf"
T = TypeVar("T")


def is_plain(path: Path) -> bool:
    """A `.csv` file with no double quote, no NUL byte, and its header on the first line."""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start = len(BOM) if data[: len(BOM)] == BOM else 0
            return data.find(b'"') < 0 and data.find(b"\0") < 0 and data[start : start + 1] not in (b"\n", b"\r")
    except (OSError, ValueError):  # an empty file cannot be mapped: the row-by-row reader says why
        return False


@dataclass(frozen=True, slots=True)
class Columns:
    """The ballots of a file, column by column, as `read_ballots` feeds them to a count."""

    ids: list[str]
    valid_mask: Any  # an Arrow boolean array without nulls, or None when every paper counts
    choices: list[tuple[Choice, ...]]
    # The distinct `units` cells, parsed, and for each row the number of its cell among them
    # (an Arrow integer array without nulls).
    distinct_units: list[str | tuple[str, ...]]
    unit_numbers: Any

    @property
    def valid(self) -> list[bool]:
        """Whether each paper counts at all (rule 1)."""
        return [True] * len(self.ids) if self.valid_mask is None else self.valid_mask.to_pylist()

    @property
    def units(self) -> list[str | tuple[str, ...]]:
        """Each ballot's units: one unit's code, or several."""
        return list(map(self.distinct_units.__getitem__, _numbers(self.unit_numbers)))

    def positions(self, codes: list[str]) -> Any:
        """Each ballot's unit's position in `codes` (the roster's), as an Arrow array, looking
        each distinct unit up once, by Arrow (several units, a tuple, are in no roster: null)."""
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.compute as pc  # noqa: PLC0415

        singles = [unit if isinstance(unit, str) else None for unit in self.distinct_units]
        found = pc.index_in(pa.array(singles, pa.string()), value_set=pa.array(codes, pa.string()))
        return found.cast(pa.int64()).take(self.unit_numbers)


class ArrowBallots:
    """ballots.csv being read by Arrow in a thread; `finish` waits for its columns."""

    def __init__(self, path: Path, contests: Sequence[Contest]) -> None:
        self._columns: Columns | None = None
        self._thread = threading.Thread(target=self._read, args=(path, tuple(contests)), daemon=True)
        self._thread.start()

    def finish(self) -> Columns | None:
        """The columns, or None when the file must be read row by row."""
        self._thread.join()
        return self._columns

    def _read(self, path: Path, contests: tuple[Contest, ...]) -> None:
        try:
            self._columns = read_plain_ballots(path, contests)
        except Exception:  # noqa: BLE001  # whatever went wrong, the row-by-row reader reads it and says why
            self._columns = None


def read_plain_ballots(path: Path, contests: Sequence[Contest]) -> Columns | None:
    """The columns of a plain ballots.csv with no problem in it, else None."""
    import pyarrow as pa  # noqa: PLC0415  # imported only for a count from files

    header = _header(path)
    if header is None:
        return None
    where = _where(header, contests)
    if where is None:
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = _read_csv(path, names)
    except (pa.ArrowException, OSError):  # a row of another width, a byte that is not UTF-8, ...
        return None
    if table.num_rows == 0 or not _within_csv_field_limit(table):
        return None
    i_ballot, i_units, i_valid, i_contests = where
    ids = _ids(table.column(i_ballot))
    if ids is None:
        return None
    units = table.column(i_units).combine_chunks().dictionary_encode()
    distinct_units = _units_of(units.dictionary.to_pylist())
    if None in distinct_units:
        return None
    valid = None if i_valid is None else _valid_mask(table.column(i_valid))
    if valid is False:
        return None
    choices = _choices(table, contests, i_contests)
    if choices is None:
        return None
    return Columns(ids, valid, choices, cast(list[str | tuple[str, ...]], distinct_units), units.indices)


def _valid_mask(column: Any) -> Any:
    """Whether each paper counts (`parse_valid` of each distinct cell); False when a cell
    does not parse."""
    import pyarrow as pa  # noqa: PLC0415

    encoded = column.combine_chunks().dictionary_encode()
    parsed = list(map(parse_valid, encoded.dictionary.to_pylist()))
    if None in parsed:
        return False
    return pa.array(parsed, pa.bool_()).take(encoded.indices)


def _choices(table: Any, contests: Sequence[Contest], columns: list[int]) -> list[tuple[Choice, ...]] | None:
    """Each row's choices, one per contest; None when a cell does not parse.

    Ballots repeat a few hundred combinations of cells: Arrow numbers each contest's distinct
    cells and then the combinations, so that each combination becomes a tuple of choices once.
    """
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if not contests:
        return [()] * table.num_rows
    distinct: list[list[Choice]] = []
    combination: Any = None
    for contest, i in zip(contests, columns, strict=True):
        encoded = table.column(i).combine_chunks().dictionary_encode()
        parsed = _choices_of(contest)(encoded.dictionary.to_pylist())
        if None in parsed:
            return None
        distinct.append(cast(list[Choice], parsed))
        indices = encoded.indices.cast(pa.int64())
        combination = indices if combination is None else pc.add(pc.multiply(combination, len(parsed)), indices)
    if prod(map(len, distinct)) >= 1 << 62:  # the numbers would not fit: zip the columns instead
        return _zipped_choices(table, contests, columns)
    combinations = combination.dictionary_encode()
    choices_of = [_combination(number, distinct) for number in combinations.dictionary.to_pylist()]
    return list(map(choices_of.__getitem__, _numbers(combinations.indices)))


def _combination(number: int, distinct: list[list[Choice]]) -> tuple[Choice, ...]:
    """The choices numbered `number`: contest by contest, the digits of a mixed radix."""
    digits = []
    for choices in reversed(distinct):
        number, digit = divmod(number, len(choices))
        digits.append(choices[digit])
    return tuple(reversed(digits))


def _zipped_choices(table: Any, contests: Sequence[Contest], columns: list[int]) -> list[tuple[Choice, ...]] | None:
    per_contest: list[list[Choice]] = []
    for contest, i in zip(contests, columns, strict=True):
        encoded: tuple[list[Choice], list[int]] | None = _encoded(table.column(i), _choices_of(contest))
        if encoded is None:
            return None
        per_contest.append(_per_row(encoded))
    return list(zip(*per_contest, strict=True))


def _read_csv(path: Path, names: list[str]) -> Any:
    """The rows after the header, every cell as text, read by one thread of Arrow's (the
    other core reads the roster meanwhile)."""
    import pyarrow as pa  # noqa: PLC0415
    from pyarrow import csv as arrow_csv  # noqa: PLC0415

    return arrow_csv.read_csv(
        path,
        read_options=arrow_csv.ReadOptions(skip_rows=1, column_names=names, block_size=BLOCK_BYTES, use_threads=False),
        parse_options=arrow_csv.ParseOptions(quote_char=False, double_quote=False, ignore_empty_lines=True),
        convert_options=arrow_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _header(path: Path) -> list[str] | None:
    """The header row as `read_ballots` sees it (cells trimmed); None if it cannot be read."""
    try:
        with opened_table(path, Problems(path.name)) as table:
            return None if table is None else table.header
    except UnicodeDecodeError:
        return None


def _where(header: list[str], contests: Sequence[Contest]) -> tuple[int, int, int | None, list[int]] | None:
    """The columns of ballot, units, valid and each contest (the first of a name, as
    `column_index` finds it); None when one is missing."""
    needed = ["ballot", "units", *(contest.id for contest in contests)]
    if any(name not in header for name in needed):
        return None
    i_ballot, i_units, *i_contests = map(header.index, needed)
    return i_ballot, i_units, header.index("valid") if "valid" in header else None, i_contests


def _within_csv_field_limit(table: Any) -> bool:
    """`csv.reader` refuses a cell longer than its field size limit: so does this reading."""
    import pyarrow.compute as pc  # noqa: PLC0415

    limit = csv.field_size_limit()  # in characters: no more bytes than that is surely within it
    return all((pc.max(pc.binary_length(column)).as_py() or 0) <= limit for column in table.columns)


def _ids(column: Any) -> list[str] | None:
    """The ballot ids, when none is blank, repeated, or has spaces around it."""
    if column.null_count:
        return None
    ids: list[str] = column.to_pylist()
    if "" in ids or list(map(str.strip, ids)) != ids:
        return None
    if not _increasing(column) and len(set(ids)) != len(ids):
        return None
    return ids


def _increasing(column: Any) -> bool:
    """Whether each text sorts after the one before it, byte by byte (then none is repeated:
    papers numbered in order are checked in milliseconds instead of hashing a million)."""
    import pyarrow.compute as pc  # noqa: PLC0415

    return len(column) < 2 or bool(pc.all(pc.less(column.slice(0, len(column) - 1), column.slice(1))).as_py())  # noqa: PLR2004


def _units_of(cells: list[str]) -> list[str | tuple[str, ...] | None]:
    """`units` cells as the count takes them: one unit's code, several units, None if empty.
    Most cells name one unit: those are only trimmed (at C speed); the others go through
    `parse_units`."""
    units: list[str | tuple[str, ...] | None] = list(map(str.strip, cells))
    for i in compress(range(len(cells)), map(contains, cells, repeat(";"))):
        named = parse_units(cells[i])
        units[i] = named[0] if len(named) == 1 else named or None
    if "" in units:
        return [unit or None for unit in units]
    return units


def _choices_of(contest: Contest) -> Callable[[list[str]], list[Choice | None]]:
    """A contest's cells as choices; None for a cell that does not parse."""

    def choices(cells: list[str]) -> list[Choice | None]:
        parsed = [parse_cell(contest, cell) for cell in cells]
        return [None if isinstance(choice, tuple) else choice for choice in parsed]

    return choices


def _encoded(column: Any, parse: Callable[[list[str]], list[T | None]]) -> tuple[list[T], list[int]] | None:
    """The distinct texts of a column parsed once (`parse` takes the list of them), and for
    each row the number of its text; None when a text does not parse."""
    encoded = column.combine_chunks().dictionary_encode()
    parsed = parse(encoded.dictionary.to_pylist())
    if None in parsed:
        return None
    return cast(list[T], parsed), _numbers(encoded.indices)


def _per_row(encoded: tuple[list[T], list[int]]) -> list[T]:
    """Each row's parsed text."""
    parsed, numbers = encoded
    return list(map(cast(Callable[[int], T], parsed.__getitem__), numbers))


def _numbers(indices: Any) -> list[int]:
    """An Arrow array of 32-bit indices as a list of ints, straight from its buffer."""
    if indices.null_count or indices.type.bit_width != 32:
        return indices.to_pylist()  # type: ignore[no-any-return]
    data = memoryview(indices.buffers()[1]).cast("i")
    return data[indices.offset : indices.offset + len(indices)].tolist()
