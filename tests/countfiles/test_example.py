"""examples/tally: the worked example prints expected.json byte for byte (and, with the
settings a community's rules of procedure may adopt, expected-shared-owner.json)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from huanjie.countfiles.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tally"
ARGS = ["--roster", str(EXAMPLE / "roster.csv"), "--ballots", str(EXAMPLE / "ballots.csv"),
        "--election", str(EXAMPLE / "election.toml")]  # fmt: skip


@pytest.mark.parametrize(("election", "expected"), [("election.toml", "expected.json"),
                                                    ("election-shared-owner.toml", "expected-shared-owner.json")])
def test_the_worked_example_prints_expected_json(capsys: pytest.CaptureFixture[str], election: str,
                                                 expected: str) -> None:  # fmt: skip
    assert main([*ARGS[:-1], str(EXAMPLE / election), "--json"]) == 0
    out, err = capsys.readouterr()
    assert out.encode() == (EXAMPLE / expected).read_bytes()
    assert err == ""


def test_the_worked_example_report_reads_like_a_results_notice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    for text in ("应参与表决", "实际参与表决", "是否达到法定参与比例（人数、面积均三分之二以上）：是",
                 "同意人数", "同意面积", "是否通过", "是否当选", "当选：张三、李四", "空缺席位：1",
                 "同意  7（63.64%）", "结果：未通过", "duplicate-unit", "join = identical-owners",
                 "填写了非候选人，该姓名不计，所选候选人仍有效（unknown-candidate）"):  # fmt: skip
        assert text in out


def test_the_report_ends_with_the_sha256_of_each_file_counted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    for name in ("roster.csv", "ballots.csv", "election.toml"):
        digest = hashlib.sha256((EXAMPLE / name).read_bytes()).hexdigest()
        assert f"{name} SHA-256：{digest}\n" in out
    assert out.index("所计文件") > out.index("计票标记")


def test_out_writes_the_json_result_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "result.json"
    assert main([*ARGS, "--out", str(target)]) == 0
    assert target.read_bytes() == (EXAMPLE / "expected.json").read_bytes()
    assert "业主大会表决结果" in capsys.readouterr().out
