"""Reading a table from `.csv` or `.xlsx`: header, rows of strings, and line numbers.

CSV files come as UTF-8, UTF-8 with a BOM, or GBK/GB18030 (what Excel on Chinese Windows
writes): the bytes are decoded as UTF-8 first, GB18030 otherwise. An `.xlsx` file is read
from its first sheet, with the same columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from huanjie.countfiles.problems import Problems


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


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, a superset of GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def open_table(path: Path, problems: Problems) -> Table | None:
    """The table in `path`, or None after adding why it cannot be read."""
    try:
        if path.suffix.lower() == ".xlsx":
            rows: Rows = _SheetRows(path)
        else:
            rows = csv.reader(io.StringIO(decode(path.read_bytes()), newline=""))
        header = next(rows, None)
    except FileNotFoundError:
        problems.add(None, None, "文件不存在", "file not found")
        return None
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        problems.add(None, None, f"无法读取文件：{error}", f"cannot read the file: {error}")
        return None
    if header is None:
        problems.add(1, None, "缺少表头行", "the header row is missing")
        return None
    return Table(path, [cell.strip() for cell in header], rows)


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
