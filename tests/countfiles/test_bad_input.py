"""Bad input (spec/tally.md): exit 2, every bad row named, nothing printed on stdout."""

from __future__ import annotations

import pytest

from huanjie.countfiles.cli import main
from tests.countfiles.community import BALLOTS, ELECTION, ROSTER, Files, Run


def refused(run: Run) -> list[str]:
    assert run.code == 2
    assert run.out == ""
    return run.err.splitlines()[:-1]  # the last line counts the problems


def test_a_repeated_unit_in_the_roster_is_bad_input(files: Files) -> None:
    files.roster = ROSTER + "1-101,1,50.00,dave,\n"
    assert refused(files.tally()) == [
        "roster.csv 第5行 unit 列：单元“1-101”重复（首次出现在第2行） (unit 1-101 repeated, first on line 2)"
    ]


@pytest.mark.parametrize("area", ["0", "0.00", "-5", "1.234", "abc", "", "1,000.00"])
def test_an_area_that_is_not_a_positive_number_with_two_decimals_is_bad_input(files: Files, area: str) -> None:
    files.roster = ROSTER + f"1-301,1,{area},dave,\n" if "," not in area else ROSTER + f'1-301,1,"{area}",dave,\n'
    (line,) = refused(files.tally())
    assert line.startswith("roster.csv 第5行 area 列：面积")
    assert line.endswith("(area must be a positive number with at most two decimals)")


def test_an_unknown_status_is_bad_input(files: Files) -> None:
    files.roster = ROSTER + "1-301,1,50.00,dave,sold\n"
    (line,) = refused(files.tally())
    assert line.startswith("roster.csv 第5行 status 列：无法识别的状态“sold”")


def test_a_delivered_unit_with_no_owner_is_bad_input(files: Files) -> None:
    files.roster = ROSTER + "1-301,1,50.00, ; ,delivered\n"
    assert refused(files.tally()) == [
        "roster.csv 第5行 owners 列：已交付的单元没有业主 (a delivered unit needs at least one owner)"
    ]


def test_a_repeated_ballot_id_is_bad_input(files: Files) -> None:
    files.ballots = BALLOTS + "B1,1-201,yes,张三,yes\n"
    assert refused(files.tally()) == [
        "ballots.csv 第5行 ballot 列：选票编号“B1”重复（首次出现在第2行） (ballot B1 repeated, first on line 2)"
    ]


def test_empty_units_is_bad_input(files: Files) -> None:
    files.ballots = BALLOTS + "B4, ,yes,张三,yes\n"
    assert refused(files.tally()) == ["ballots.csv 第5行 units 列：没有填写单元 (units is empty)"]


def test_a_valid_other_than_yes_no_or_empty_is_bad_input(files: Files) -> None:
    files.ballots = BALLOTS.replace("B3,1-201,,", "B3,1-201,maybe,")
    assert refused(files.tally()) == [
        "ballots.csv 第4行 valid 列：无法识别的值“maybe”，应为 yes、no 或留空 (valid must be yes, no or empty)"
    ]


def test_a_missing_contest_column_is_bad_input(files: Files) -> None:
    files.ballots = "ballot,units,valid,committee\nB1,1-101,yes,张三\n"
    assert refused(files.tally()) == ["ballots.csv 第1行：缺少“fund”列 (missing column fund)"]


def test_a_motion_word_other_than_yes_no_abstain_is_bad_input(files: Files) -> None:
    files.ballots = BALLOTS.replace("B1,1-101,yes,张三,yes", "B1,1-101,yes,张三,maybe")
    (line,) = refused(files.tally())
    assert line.startswith("ballots.csv 第2行 fund 列：无法识别的表决意见“maybe”")


def test_every_bad_row_is_named_not_only_the_first(files: Files) -> None:
    files.ballots = BALLOTS + "B4,,yes,张三,yes\nB5,1-101,perhaps,张三,hmm\nB1,1-201,,,\n"
    lines = refused(files.tally())
    assert [line.split("：")[0] for line in lines] == [
        "ballots.csv 第5行 units 列",
        "ballots.csv 第6行 valid 列",
        "ballots.csv 第6行 fund 列",
        "ballots.csv 第7行 ballot 列",
    ]


def test_problems_in_all_three_files_are_named_together(files: Files) -> None:
    files.election = ELECTION.replace("seats = 2", "seats = 0")
    files.roster = ROSTER + "1-301,1,x,dave,\n"
    files.ballots = BALLOTS + "B1,1-201,,,\n"
    lines = refused(files.tally("--json"))
    assert [line.split(" ")[0] for line in lines] == ["election.toml", "roster.csv", "ballots.csv"]


def test_bad_input_writes_no_result_file(files: Files) -> None:
    files.ballots = BALLOTS + "B1,1-201,,,\n"
    out = files.folder / "result.json"
    refused(files.tally("--out", str(out)))
    assert not out.exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('rules = "cn-civil-code-2021"', 'rules = "us-robert"'),
            "election.toml 第1行 rules 键：未知的规则“us-robert”",
        ),
        (
            ('matter = "elect-committee"', 'matter = "elect-king"'),
            "election.toml 第6行 matter 键：未知的事项“elect-king”",
        ),
        (("seats = 2", "seats = 0"), "election.toml 第7行 seats 键：seats 应为不小于 1 的整数"),
        (
            ("seats = 2", "seats = 2\nmax_choices = 0"),
            "election.toml 第8行 max_choices 键：max_choices 应为不小于 1 的整数",
        ),
        (('["张三", "李四"]', '["张三", "李四", "张三"]'), "election.toml 第8行 candidates 键：候选人“张三”重复"),
        (('kind = "motion"', 'kind = "poll"'), "election.toml 第12行 kind 键：未知的类型“poll”"),
        (
            ('"cn-civil-code-2021"\n', '"cn-civil-code-2021"\njoin = "transitive"\n'),
            "election.toml 第2行 join 键：未知的 join“transitive”，应为 identical-owners 或 shared-owner "
            "(unknown join 'transitive', expected identical-owners or shared-owner)",
        ),
        (
            ('"cn-civil-code-2021"\n', '"cn-civil-code-2021"\nwrite_in = true\n'),
            "election.toml 第2行 write_in 键：未知的 write_in“True”，应为 ignore-name 或 void-contest",
        ),
    ],
)
def test_a_bad_election_file_is_bad_input(files: Files, change: tuple[str, str], expected: str) -> None:
    files.election = ELECTION.replace(*change)
    (line,) = refused(files.tally())
    assert line.startswith(expected)


def test_a_missing_file_is_bad_input(files: Files) -> None:
    assert files.tally().code == 0
    (files.folder / "roster.csv").unlink()
    (line,) = refused(files.tally_written())
    assert line == "roster.csv：文件不存在 (file not found)"


def test_unknown_arguments_exit_2() -> None:
    assert main(["--roster"]) == 2
