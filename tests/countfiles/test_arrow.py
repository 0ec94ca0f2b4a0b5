"""ballots.csv read by Arrow (countfiles/arrowcsv.py): for a plain file, the very columns the
row-by-row reader feeds the count; for anything else, nothing, and the row-by-row reader
names the problems.

(Every other test of tests/countfiles runs this way too: see conftest.py.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huanjie.countfiles import count, forkedroster
from huanjie.countfiles.arrowcsv import is_plain, read_plain_ballots
from huanjie.countfiles.ballots import read_ballots
from huanjie.countfiles.count import count_files
from huanjie.countfiles.election import read_election
from huanjie.countfiles.forked import can_fork
from huanjie.countfiles.problems import BadInput, Problems
from huanjie.rules import Contest
from tests.countfiles.community import BALLOTS, ELECTION, ROSTER, Files

HEADER = "ballot,units,valid,committee,fund\n"


def contests(folder: Path) -> list[Contest]:
    (folder / "election.toml").write_text(ELECTION, encoding="utf-8")
    setup = read_election(folder / "election.toml", Problems("election.toml"))
    assert setup is not None
    return list(setup[1])


class Fed:
    """Stands in for a count: keeps the columns `read_ballots` feeds it."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.units: list[Any] = []
        self.valid: list[bool] = []
        self.choices: list[Any] = []

    def add_columns(self, ids: Any, units: Any, valid: Any, choices: Any) -> None:
        self.ids += ids
        self.units += units
        self.valid += valid
        self.choices += choices


def row_by_row(path: Path, contests: list[Contest]) -> Fed | None:
    problems = Problems(path.name)
    fed = read_ballots(path, contests, Fed, problems)
    return None if problems else fed


def test_a_plain_file_gives_the_columns_the_row_by_row_reader_gives(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_bytes(
        (
            BALLOTS + "B4, 1-101 ;1-102;1-101,YES, 李四 ;张三;李四,同意\r\nB5,1-201,No,,ABSTAIN\r\n\r\nB6,1-102;,,,弃权"
        ).encode()
    )
    read = read_plain_ballots(path, contests(tmp_path))
    fed = row_by_row(path, contests(tmp_path))
    assert read is not None and fed is not None
    assert (read.ids, read.units, read.valid, read.choices) == (fed.ids, fed.units, fed.valid, fed.choices)
    assert read.units[3] == ("1-101", "1-102") and read.units[5] == "1-102"


def test_words_that_arrow_could_take_for_null_or_numbers_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    rows = "NA,1-101,,NULL,yes\nnull,1-102,,nan,no\n1e3,1-201,,N/A,\n0x10,9-9,,-,abstain\n"
    path.write_text(HEADER + rows, encoding="utf-8")
    read = read_plain_ballots(path, contests(tmp_path))
    fed = row_by_row(path, contests(tmp_path))
    assert read is not None and fed is not None
    assert read.ids == ["NA", "null", "1e3", "0x10"] == fed.ids
    assert (read.units, read.valid, read.choices) == (fed.units, fed.valid, fed.choices)


def test_the_count_of_a_large_plain_file_does_not_read_it_row_by_row(
    files: Files, monkeypatch: pytest.MonkeyPatch, processes: str
) -> None:
    if processes != "arrow":
        pytest.skip("about the reading by Arrow")
    files.ballots = BALLOTS + "".join(f"M{i},1-10{1 + i % 2},,李四,no\n" for i in range(3000))
    calls: list[object] = []
    monkeypatch.setattr(count, "read_ballots", lambda *args: calls.append(args))
    run = files.tally("--json")
    assert calls == []
    assert run.code == 0 and run.json["participating"]["headcount"] == 3


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ballots.csv", BALLOTS),
        ("ballots.csv", "\ufeff" + BALLOTS),
        ("ballots.CSV", BALLOTS),
    ],
)
def test_plain_files(tmp_path: Path, name: str, data: str) -> None:
    (tmp_path / name).write_text(data, encoding="utf-8")
    assert is_plain(tmp_path / name)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ballots.csv", BALLOTS + 'B4,1-101,,"张三,李四",yes\n'),  # a quote: more than one reading
        ("ballots.csv", BALLOTS + "B4,1-101,,张三\0,yes\n"),
        ("ballots.csv", "\n" + BALLOTS),  # csv.reader takes the blank first line as the header
        ("ballots.csv", ""),
        ("ballots.xlsx", BALLOTS),
    ],
)
def test_files_that_are_not_plain(tmp_path: Path, name: str, data: str) -> None:
    (tmp_path / name).write_text(data, encoding="utf-8")
    assert not is_plain(tmp_path / name)


@pytest.mark.parametrize(
    "rows",
    [
        "B1,1-101,,张三,yes\n",  # B1 again
        "B3,1-102,,张三,yes\n",  # B3 again, right after it (the ids were in order until then)
        " B4,1-101,,张三,yes\n",  # spaces around an id
        ",1-101,,张三,yes\n",
        "B4,1-101,,张三\n",  # a short row
        "B4,1-101,,张三,yes,more\n",  # a long row
        "B4,,,张三,yes\n",
        "B4, ; ,,张三,yes\n",
        "B4,1-101,maybe,张三,yes\n",
        "B4,1-101,,张三,perhaps\n",
        ",,,,\n",
        "B4,1-101,,张三," + "y" * 200_000 + "\n",  # longer than csv.reader takes
    ],
)
def test_a_file_with_anything_wrong_is_left_to_the_row_by_row_reader(tmp_path: Path, rows: str) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text(BALLOTS + rows, encoding="utf-8")
    assert read_plain_ballots(path, contests(tmp_path)) is None


def test_a_file_that_is_not_utf8_is_left_to_the_row_by_row_reader(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_bytes(BALLOTS.encode("gb18030"))
    assert is_plain(path)
    assert read_plain_ballots(path, contests(tmp_path)) is None
    assert row_by_row(path, contests(tmp_path)) is not None


# --- the property: whatever a plain file holds, Arrow and row by row count it the same ----

GOOD_UNITS = ["1-101", "1-102", "1-201", " 1-101", "9-9"]
CELLS = {
    "units": st.lists(st.sampled_from(GOOD_UNITS * 4 + ["", " "]), min_size=1, max_size=3).map(";".join),
    "valid": st.sampled_from(["", "yes", "no", "YES", " No "] * 4 + ["maybe"]),
    "committee": st.lists(st.sampled_from(["张三", "李四", " 李四", "路人甲", ""]), max_size=3).map(";".join),
    "fund": st.sampled_from(["", "yes", "no", "abstain", "同意", "反对", "弃权", "Yes "] * 3 + ["perhaps"]),
}
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


def ballot_ids(i: int) -> st.SearchStrategy[str]:
    """Mostly a new id; now and then a blank one, one with spaces, or one used before."""
    return st.sampled_from([f"B{i}"] * 20 + [f" B{i}", "", "B0"])


@st.composite
def plain_files(draw: st.DrawFn) -> bytes:
    columns = draw(st.permutations(["ballot", *CELLS]))
    ending = draw(ENDINGS)
    lines = [",".join(columns)]
    for i in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 12)) == 0:
            lines.append("")  # a blank line
            continue
        row = [draw(ballot_ids(i) if column == "ballot" else CELLS[column]) for column in columns]
        width = draw(st.sampled_from([len(row)] * 12 + [len(row) - 1, len(row) + 1]))
        lines.append(",".join((row + [""])[:width]))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + ending.join(lines) + draw(st.sampled_from(["", ending]))).encode()


def counted(folder: Path, *, parallel: bool) -> object:
    try:
        return count_files(folder / "roster.csv", folder / "ballots.csv", folder / "election.toml", parallel=parallel)
    except BadInput as bad:
        return [str(problem) for problem in bad.problems]


READ_BY_ARROW: list[bool] = []


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=plain_files())
def test_arrow_and_row_by_row_count_every_plain_file_the_same(processes: str, data: bytes) -> None:
    if processes != "arrow":
        pytest.skip("about the reading by Arrow")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
        (folder / "election.toml").write_text(ELECTION, encoding="utf-8")
        (folder / "ballots.csv").write_bytes(data)
        READ_BY_ARROW.append(read_plain_ballots(folder / "ballots.csv", contests(folder)) is not None)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(count, "USE_ARROW", True)
            by_arrow = counted(folder, parallel=True)
        assert by_arrow == counted(folder, parallel=False)


def test_the_property_above_saw_files_arrow_reads_and_files_it_leaves(processes: str) -> None:
    if processes != "arrow":
        pytest.skip("about the reading by Arrow")
    if not READ_BY_ARROW:
        pytest.skip("the property did not run")
    assert 0.15 < sum(READ_BY_ARROW) / len(READ_BY_ARROW) < 0.95


# --- the roster, read meanwhile in a second process (countfiles/forkedroster.py) ----------


def spy_on_read_entities(monkeypatch: pytest.MonkeyPatch, *, child_fails: bool) -> list[int]:
    """Replace `forkedroster.read_entities`: calls in this process are listed; in the child
    it fails first when `child_fails`."""
    parent = os.getpid()
    calls: list[int] = []
    real = forkedroster.read_entities

    def spy(*args: Any) -> Any:
        if os.getpid() == parent:
            calls.append(parent)
        elif child_fails:
            raise RuntimeError("the child fails")
        return real(*args)

    monkeypatch.setattr(forkedroster, "read_entities", spy)
    return calls


@pytest.mark.parametrize("child_fails", [False, True])
@pytest.mark.parametrize("roster", [ROSTER, ROSTER + "1-101,1,90.00,dave,\n1-301,1,-5,erin,\n"])
def test_the_roster_is_read_in_a_second_process_and_by_this_one_if_that_fails(
    files: Files, monkeypatch: pytest.MonkeyPatch, processes: str, child_fails: bool, roster: str
) -> None:
    if processes != "arrow" or not can_fork():
        pytest.skip("about the reading by Arrow, with fork")
    files.roster = roster
    files.ballots = BALLOTS + "".join(f"M{i},1-10{1 + i % 2},,李四,no\n" for i in range(3000))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(count, "PARALLEL_FROM_BYTES", 1 << 62)
        expected = files.tally("--json")
    calls = spy_on_read_entities(monkeypatch, child_fails=child_fails)
    run = files.tally("--json")
    assert (run.code, run.out, run.err) == (expected.code, expected.out, expected.err)
    assert calls == ([os.getpid()] if child_fails else [])
