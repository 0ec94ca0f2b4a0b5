"""The one CSV writer: files for people never run a formula, files for programs keep every byte."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from huanjie.csvfiles import FORMULA_START, data_csv, spreadsheet_csv

CELLS = st.lists(st.lists(st.text(max_size=20) | st.integers(), min_size=1, max_size=4), min_size=1, max_size=5)
# What the count's files hold: codes, numbers and names checked on entry (no lone carriage return,
# which a writer ending lines with LF leaves unquoted, as it always has: the files' bytes are published).
DATA_CELLS = st.lists(st.lists(st.text(st.characters(exclude_characters="\r"), max_size=20) | st.integers(),
                               min_size=1, max_size=4), min_size=1, max_size=5)


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@given(CELLS)
def test_no_cell_of_a_spreadsheet_file_starts_like_a_formula_and_only_a_quote_is_added(rows):
    written = spreadsheet_csv(rows).decode("utf-8")
    assert written.startswith("\ufeff")
    back = read(written[1:])
    for row, got in zip(rows, back, strict=True):
        for cell, text in zip(row, got, strict=True):
            if isinstance(cell, str):  # a number stays a number: -1 is not a formula
                assert not text.startswith(FORMULA_START)
            assert text in (str(cell), "'" + str(cell))


@given(DATA_CELLS)
def test_a_data_file_keeps_every_cell_as_it_is(rows):
    assert read(data_csv(rows)) == [[str(cell) for cell in row] for row in rows]


def test_a_hyperlink_is_shown_as_text():
    assert spreadsheet_csv([['=HYPERLINK("http://x","y")', "+1+1"]]).decode("utf-8") == (
        '\ufeff"\'=HYPERLINK(""http://x"",""y"")",\'+1+1\r\n')
