"""Reading an uploaded roster into rows of text: CSV in any encoding Excel writes, or XLSX.

CSV files come as UTF-8, UTF-8 with a BOM, or GBK/GB18030 (what Excel on Chinese Windows
writes as "CSV"). The bytes are decoded as UTF-8 first and as GB18030 (a superset of GBK)
otherwise. GB18030 decodes almost any bytes, so a file pasted together from a UTF-8 part and
a GBK part would come out as mojibake without a word: such a file is refused, naming the lines
that are UTF-8 and those that are not.

An `.xlsx` workbook is read with openpyxl in read-only mode, sheet by sheet (the caller picks
the first sheet whose header it recognises). Every cell comes out as the text a CSV export
would show: 89.5 not 89.50000001, 1202 not 1202.0.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from huanjie.roster.importing.problems import Problems
from huanjie.uploads import Refusal, check_zip_members

XLSX_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
UTF8_BOM = b"\xef\xbb\xbf"
# More rows than any community has: a bound on what a (compressed) workbook may expand to.
MAX_ROWS = 200_000
# A character of three or more bytes in UTF-8: Chinese text in UTF-8 is made of these.
UTF8_WIDE = re.compile(rb"[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

Row = tuple[int, list[str]]  # (row number as a spreadsheet shows it, cells)


class FileTooLarge(Exception):
    """More bytes than HUANJIE_MAX_IMPORT_BYTES; raised before the rest is read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"file larger than {limit} bytes")
        self.limit = limit


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str | None  # None for a CSV file
    rows: Iterator[Row]


@dataclass(frozen=True, slots=True)
class Upload:
    data: bytes
    sha256: str


def read_limited(stream: IO[bytes], limit: int) -> Upload:
    """At most `limit` bytes of `stream`; one byte more and the file is refused unread."""
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise FileTooLarge(limit)
        digest.update(chunk)
        chunks.append(chunk)
    return Upload(b"".join(chunks), digest.hexdigest())


def open_sheets(file_name: str, data: bytes, problems: Problems) -> list[Sheet]:
    """The sheets of the file (one for a CSV file), or [] after saying why it cannot be read."""
    if not data.strip():
        problems.add(None, None, "文件是空的", "the file is empty")
        return []
    if data.startswith(OLD_EXCEL_MAGIC) or file_name.lower().endswith(".xls"):
        problems.add(None, None, "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再上传",
                     "legacy .xls workbooks are not supported; save as .xlsx or CSV")
        return []
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        return _workbook_sheets(data, problems)
    text = decode(data, problems)
    if text is None:
        return []
    return [Sheet(None, _csv_rows(text, problems))]


def decode(data: bytes, problems: Problems) -> str | None:
    """UTF-8 (with or without BOM), else GB18030; None for a file mixing encodings."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    utf8_lines, other_lines = [], []
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other_lines.append(number)
        else:
            if UTF8_WIDE.search(line):
                utf8_lines.append(number)
    if data.startswith(UTF8_BOM) or utf8_lines:
        problems.add(
            None, None,
            f"文件编码混杂：第{_numbers(utf8_lines) or '1'}行是 UTF-8 编码，第{_numbers(other_lines)}行不是。"
            "请在 Excel 中打开后“另存为 CSV UTF-8”再上传",
            f"mixed encodings: lines {utf8_lines or [1]} are UTF-8, lines {other_lines[:10]} are not",
        )
        return None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        problems.add(None, None, "无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）",
                     f"the file is neither UTF-8 nor GB18030: {error}")
        return None


def _numbers(numbers: list[int], shown: int = 5) -> str:
    text = "、".join(str(n) for n in numbers[:shown])
    return text + ("等" if len(numbers) > shown else "")


def _csv_rows(text: str, problems: Problems) -> Iterator[Row]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(number, None, f"这一行无法按 CSV 读取（{error}），请检查引号是否成对",
                         f"malformed CSV: {error}")
            return
        if number > MAX_ROWS + 1:
            problems.add(number, None, f"文件超过 {MAX_ROWS} 行", f"more than {MAX_ROWS} rows")
            return
        yield number, row


def _workbook_sheets(data: bytes, problems: Problems) -> list[Sheet]:
    from openpyxl import load_workbook  # slow to import; only when a workbook comes

    if not _inflates_safely(data, problems):
        return []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = [Sheet(ws.title, _sheet_rows(ws, problems)) for ws in book.worksheets]
    except Exception as error:  # a damaged zip or XML can raise almost anything
        problems.add(None, None, "无法打开这个 Excel 文件，文件可能已损坏，或不是 .xlsx 格式",
                     f"cannot open the workbook: {type(error).__name__}: {error}")
        return []
    return sheets


def _inflates_safely(data: bytes, problems: Problems) -> bool:
    """False (with the problem said) for a workbook whose parts would expand past the upload limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_members(archive)
    except Refusal as refusal:
        problems.add(None, None, refusal.message, refusal.log)
        return False
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        pass  # a damaged zip: openpyxl says so below, as for any damaged workbook
    return True


def _sheet_rows(ws: object, problems: Problems) -> Iterator[Row]:
    try:
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
            if number > MAX_ROWS + 1:
                problems.add(number, None, f"工作表超过 {MAX_ROWS} 行", f"more than {MAX_ROWS} rows")
                return
            yield number, [cell_text(value) for value in values]
    except Exception as error:  # see _workbook_sheets
        problems.add(None, None, "Excel 文件内容已损坏，无法读完",
                     f"the workbook is damaged: {type(error).__name__}: {error}")


def cell_text(value: object) -> str:
    """A cell as the text a CSV export would show."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)
