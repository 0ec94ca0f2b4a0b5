"""Reading a table from `.csv` or `.xlsx`: header, rows of strings, and line numbers.

CSV files come as UTF-8, UTF-8 with a BOM, or GBK/GB18030 (what Excel on Chinese Windows
writes): the bytes are decoded as UTF-8 first, GB18030 otherwise. An `.xlsx` file is read
from its first sheet, with the same columns.

A CSV file is decoded as it streams through `csv.reader` (a million ballots need not sit in
memory twice); when a byte turns out not to be UTF-8, what was read is dropped and the file
is read again from the start as GB18030 (`read_table`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from huanjie.countfiles.problems import Problems

T = TypeVar("T")
UTF8 = "utf-8-sig"
GB18030 = "gb18030"  # a superset of GBK


class Rows(Protocol):
    """Rows of cells; `line_num` is the line (or sheet row) of the row last returned."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Table:
    path: Path
    header: list[str]
    rows: Rows
    encoding: str = UTF8  # how a CSV file is decoded; to read it again the same way


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, a superset of GBK."""
    try:
        return data.decode(UTF8)
    except UnicodeDecodeError:
        return data.decode(GB18030)


def read_table(path: Path, problems: Problems, read: Callable[[Table], T]) -> T | None:
    """`read(table)` for the table in `path`, or None after adding why it cannot be read.

    `read` may be called twice: a CSV file is tried as UTF-8, then as GB18030 when a byte is
    not UTF-8; the problems `read` added on the first try are dropped.
    """
    if _is_sheet(path):
        with opened_table(path, problems) as table:
            return None if table is None else read(table)
    before = len(problems.found)
    for encoding in (UTF8, GB18030):
        try:
            with opened_table(path, problems, encoding) as table:
                return None if table is None else read(table)
        except UnicodeDecodeError:
            del problems.found[before:]
    _not_readable(path, problems)
    return None


@contextmanager
def opened_table(path: Path, problems: Problems, encoding: str = UTF8) -> Iterator[Table | None]:
    """The table in `path` (None after adding why it cannot be read), closed afterwards.

    A CSV file that is not `encoding` raises `UnicodeDecodeError`, at the header or later.
    """
    file = None
    try:
        if _is_sheet(path):
            rows: Rows = _SheetRows(path)
            header = next(rows, None)
        else:
            file = path.open(encoding=encoding, newline="")
            rows = csv.reader(file)
            header = next(rows, None)
    except FileNotFoundError:
        problems.add(None, None, "文件不存在", "file not found")
        yield None
        return
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        if file is not None:
            file.close()
        if isinstance(error, UnicodeDecodeError) and not _is_sheet(path):
            raise
        _cannot_read(problems, error)
        yield None
        return
    try:
        if header is None:
            problems.add(1, None, "缺少表头行", "the header row is missing")
            yield None
        else:
            yield Table(path, [cell.strip() for cell in header], rows, encoding)
    finally:
        if file is not None:
            file.close()


def _is_sheet(path: Path) -> bool:
    return path.suffix.lower() == ".xlsx"


def _cannot_read(problems: Problems, error: Exception) -> None:
    problems.add(None, None, f"无法读取文件：{error}", f"cannot read the file: {error}")


def _not_readable(path: Path, problems: Problems) -> None:
    """Neither UTF-8 nor GB18030: name the first bad byte of the whole file."""
    try:
        decode(path.read_bytes())
    except (OSError, UnicodeDecodeError) as error:
        _cannot_read(problems, error)


def column_index(table: Table, name: str, problems: Problems, *, required: bool = True) -> int | None:
    """Where column `name` is, adding a problem when a required one is missing."""
    if name in table.header:
        return table.header.index(name)
    if required:
        problems.add(1, None, f"缺少“{name}”列", f"missing column {name}")
    return None


def is_blank(row: list[str]) -> bool:
    """A row with nothing in it, as spreadsheets leave at the end."""
    return not any(cell.strip() for cell in row)


class _SheetRows:
    """The first sheet of a workbook as rows of strings, like `csv.reader`."""

    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook  # type: ignore[import-untyped]  # only when an .xlsx file is given: it is slow to import

        self._book = load_workbook(path, read_only=True, data_only=True)
        self._rows = self._book.worksheets[0].iter_rows(values_only=True)
        self.line_num = 0

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        try:
            values = next(self._rows)
        except StopIteration:
            self._book.close()
            raise
        self.line_num += 1
        return [_cell_text(value) for value in values]


def _cell_text(value: object) -> str:
    """A cell as the text a CSV export would show: 89.5 not 89.50000001, 1202 not 1202.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
