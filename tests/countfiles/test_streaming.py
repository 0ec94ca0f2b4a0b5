"""Reading files as they stream: the GB18030 restart, line numbers, escaping in the JSON."""

from __future__ import annotations

import json

from tests.countfiles.community import BALLOTS, ROSTER, Files

PLAIN_ROWS = "".join(f"P{i},1-101,no,,\n" for i in range(3000))  # over the decoder's first read


def test_a_gbk_file_whose_first_chinese_is_far_down_is_read_again_as_gbk(files: Files) -> None:
    files.encoding = "gbk"
    files.ballots = BALLOTS.replace("B3,1-201,,李四,", PLAIN_ROWS + "B3,1-201,,李四,")
    run = files.tally("--json")
    assert run.code == 0, run.err
    assert run.json["participating"]["headcount"] == 3


def test_problems_found_before_the_restart_are_named_once(files: Files) -> None:
    files.encoding = "gbk"
    files.ballots = BALLOTS.replace("B3,1-201,,李四,", "B9,,yes,,\n" + PLAIN_ROWS + "B3,1-201,,李四,")
    run = files.tally("--json")
    assert run.code == 2
    assert run.err.splitlines()[:-1] == ["ballots.csv 第4行 units 列：没有填写单元 (units is empty)"]


def test_a_file_that_is_neither_utf8_nor_gb18030_names_the_first_bad_byte(files: Files) -> None:
    data = (ROSTER + "1-301,1,50.00,dave,\n").encode() + b"\x80\xff"
    files.tally()
    (files.folder / "roster.csv").write_bytes(data)
    run = files.tally_written()
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as error:
        expected = f"roster.csv：无法读取文件：{error} (cannot read the file: {error})"
    assert run.code == 2
    assert run.err.splitlines()[0] == expected


def test_a_cell_spanning_lines_keeps_the_line_numbers_of_later_rows(files: Files) -> None:
    files.ballots = (
        "ballot,units,valid,committee,fund,note\n"
        'B1,1-101,yes,张三,yes,"two\nlines"\n'
        'B2,1-102,yes,张三,yes,"three\r\nmore\rlines"\n'
        "B3,1-201,maybe,李四,\n"
    )
    run = files.tally("--json")
    assert run.code == 2
    assert run.err.startswith("ballots.csv 第7行 valid 列")


def test_the_json_escapes_what_ballot_ids_and_units_need(files: Files) -> None:
    files.ballots = 'ballot,units,committee,fund\n"B""1",1-101,张三,yes\n"B\\2","1-101",张三,yes\n"B3",9\t9,,\n'
    run = files.tally("--json")
    assert run.code == 0, run.err
    flags = run.json["flags"]
    assert flags == [
        {"ballot": "B\\2", "unit": "1-101", "flag": "duplicate-unit"},
        {"ballot": "B3", "unit": "9\t9", "flag": "unknown-unit"},
    ]
    lines = run.out.splitlines()
    assert lines[-4].strip() == json.dumps(flags[0], ensure_ascii=False) + ","
    assert lines[-3].strip() == json.dumps(flags[1], ensure_ascii=False)
