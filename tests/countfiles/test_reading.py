"""Reading the files: encodings, .xlsx, and the words of spec/tally.md."""

from __future__ import annotations

from openpyxl import Workbook

from tests.countfiles.community import BALLOTS, ROSTER, Files


def candidate(run_json: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(c for c in run_json["contests"][0]["candidates"] if c["name"] == name)


def test_it_counts_a_plain_utf8_file(files: Files) -> None:
    run = files.tally("--json")
    assert run.code == 0, run.err
    assert run.json["participating"] == {"headcount": 3, "area": "300.00"}
    assert candidate(run.json, "张三")["headcount"] == 2


def test_a_utf8_bom_is_accepted(files: Files) -> None:
    files.encoding = "utf-8-sig"
    run = files.tally("--json")
    assert run.code == 0, run.err
    assert candidate(run.json, "李四")["headcount"] == 2


def test_a_gbk_file_from_excel_on_chinese_windows_is_accepted(files: Files) -> None:
    files.encoding = "gbk"
    run = files.tally("--json")
    assert run.code == 0, run.err
    assert candidate(run.json, "张三")["headcount"] == 2
    assert run.json["contests"][1]["yes"]["headcount"] == 1


def test_an_xlsx_file_is_read_from_its_first_sheet(files: Files) -> None:
    book = Workbook()
    sheet = book.active
    for line in BALLOTS.splitlines():
        sheet.append(line.split(","))
    book.create_sheet("notes").append(["ignored"])
    book.save(files.folder / "ballots.xlsx")
    roster_book = Workbook()
    for n, line in enumerate(ROSTER.splitlines()):
        cells: list[object] = line.split(",")
        if n:
            cells[2] = float(cells[2])  # type: ignore[arg-type]  # Excel stores numbers
        roster_book.active.append(cells)
    roster_book.save(files.folder / "roster.xlsx")
    files.ballots_name, files.roster_name = "ballots.xlsx", "roster.xlsx"
    run = files.tally("--json")
    assert run.code == 0, run.err
    assert run.json["eligible"] == {"headcount": 3, "area": "300.00"}
    assert candidate(run.json, "张三")["headcount"] == 2


def test_motion_words_may_be_chinese_and_english_words_any_case(files: Files) -> None:
    files.ballots = "ballot,units,valid,committee,fund\nB1,1-101,YES,,同意\nB2,1-102,Yes,,反对\nB3,1-201, yes ,,弃权\n"
    run = files.tally("--json")
    assert run.code == 0, run.err
    motion = run.json["contests"][1]
    assert [motion[k]["headcount"] for k in ("yes", "no", "abstain")] == [1, 1, 1]
    files.ballots = "ballot,units,valid,committee,fund\nB1,1-101,,,Yes\nB2,1-102,,,NO\nB3,1-201,,,ABSTAIN\n"
    motion = files.tally("--json").json["contests"][1]
    assert [motion[k]["headcount"] for k in ("yes", "no", "abstain")] == [1, 1, 1]


def test_an_empty_motion_cell_abstains(files: Files) -> None:
    run = files.tally("--json")
    assert run.json["contests"][1]["abstain"] == {"headcount": 1, "area": "100.00"}


def test_cells_are_trimmed_and_a_name_written_twice_counts_once(files: Files) -> None:
    files.ballots = "ballot,units,valid,committee,fund\n B1 , 1-101 ,yes, 张三 ; 张三 ;李四,yes\n"
    run = files.tally("--json")
    assert run.code == 0, run.err
    assert candidate(run.json, "张三")["headcount"] == 1
    assert run.json["flags"] == []


def test_other_columns_are_ignored_and_valid_may_be_missing(files: Files) -> None:
    files.ballots = "note,ballot,units,fund,committee\nx,B1,1-101,yes,张三\n"
    run = files.tally("--json")
    assert run.code == 0, run.err
    assert candidate(run.json, "张三")["headcount"] == 1


def test_an_unsigned_ballot_is_set_aside(files: Files) -> None:
    files.ballots = "ballot,units,valid,committee,fund\nB1,1-101,NO,张三,yes\n"
    run = files.tally("--json")
    assert run.json["participating"]["headcount"] == 0
    assert run.json["flags"] == []


def test_a_multi_unit_ballot_and_flags_come_out_as_the_spec_shows(files: Files) -> None:
    files.roster = "unit,area,owners\n1-101,50.5,wang\n1-102,49.50,wang\n1-201,100,li\n"
    files.ballots = ("ballot,units,committee,fund\nB1,1-101;1-102,张三,yes\nB2,1-101,李四,no\n"
                     "B3,1-201;1-101,张三,yes\nB4,9-9,张三,yes\n")  # fmt: skip
    run = files.tally("--json")
    assert run.code == 0, run.err
    assert run.json["participating"] == {"headcount": 1, "area": "100.00"}
    assert run.json["flags"] == [
        {"ballot": "B2", "unit": "1-101", "flag": "duplicate-unit"},
        {"ballot": "B3", "flag": "mixed-entities"},
        {"ballot": "B4", "unit": "9-9", "flag": "unknown-unit"},
    ]


def test_developer_units_need_no_owner(files: Files) -> None:
    files.roster = "unit,area,owners,status\n1-101,100,alice,\n9-1,80,,unsold\n9-2,80,,undelivered\n"
    run = files.tally("--json")
    assert run.json["eligible"] == {"headcount": 2, "area": "260.00"}
