"""The one CSV writer of huanjie: every CSV file the application makes is written here.

Two kinds of file, two functions:

- `spreadsheet_csv`: a file people open in Excel or WPS (exports, the filing pack, the print
  shop's list). A text cell starting with = + - @, a tab or a carriage return would run as a
  formula there (CSV injection: `=HYPERLINK(...)` sends the reader's data away); it is written
  with a leading ' so that the spreadsheet shows it as text. UTF-8 with a BOM, so that Excel on
  Chinese Windows reads the Chinese; CRLF line ends.
- `data_csv`: a file a program reads back exactly, byte for byte, whose SHA-256 is published:
  the count's inputs of spec/tally.md (`huanjie tally` reads them; the results notice names the
  ballots file's hash) and a stored roster rewritten in place. Cells stay as they are; these
  files carry pseudonyms (U00001, P00001), codes, numbers and the candidates' names exactly as
  the election file lists them.

tests/lint/test_one_csv_writer.py fails when a `csv.writer` appears anywhere else in src/.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# Cells starting with these are formulas to a spreadsheet (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

Rows = Iterable[Sequence[object]]


def neutralise(text: str) -> str:
    """Text that a spreadsheet shows as text: a formula-looking cell gets a leading '."""
    return "'" + text if text.startswith(FORMULA_START) else text


def spreadsheet_csv(rows: Rows) -> bytes:
    """Rows for people's spreadsheets: every text cell neutralised, UTF-8 with a BOM, CRLF."""
    return (BOM + _written(([neutralise(c) if isinstance(c, str) else c for c in row] for row in rows),
                           "\r\n")).encode("utf-8")


def data_csv(rows: Rows, *, line_end: str = "\n", bom: bool = False) -> str:
    """Rows for a program, cells as they are (see the module's docstring for which files these are)."""
    return (BOM if bom else "") + _written(rows, line_end)


def _written(rows: Rows, line_end: str) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=line_end).writerows(rows)
    return out.getvalue()
