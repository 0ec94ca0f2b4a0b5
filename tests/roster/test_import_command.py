"""`huanjie import_roster`: prints the difference, applies only with --yes, exits 2 on bad input."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from huanjie.audit.models import AuditRecord
from tests.roster.conftest import counts, csv_bytes

NEW_UNIT = csv_bytes("1-101,1号楼,88.50,wyh-甲,", "1-102,1号楼,120.25,wyh-乙,", "1-201,1号楼,65.00,wyh-丙,",
                     "2-101,2号楼,70.00,wyh-丁,")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_difference_and_writes_nothing_without_yes(wuyuehua, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(NEW_UNIT)
    out, _ = run(wuyuehua.slug, str(path))
    assert "房屋：新增 1，删除 0，修改 0" in out and "+ 2-101" in out and "--yes" in out
    assert counts(wuyuehua) == (3, 3, 3)


def test_it_applies_the_difference_with_yes(wuyuehua, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(NEW_UNIT)
    out, _ = run(wuyuehua.slug, str(path), "--yes")
    assert "已导入" in out
    assert counts(wuyuehua) == (4, 4, 4)
    assert AuditRecord.objects.filter(code="roster.import.applied", actor_label="system").count() == 1


def test_it_exits_2_naming_every_bad_row(wuyuehua, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes("1-101,1号楼,0,a,", "1-102,1号楼,80,,sold"))
    with pytest.raises(SystemExit) as exit_:
        run(wuyuehua.slug, str(path), "--yes")
    assert exit_.value.code == 2
    assert counts(wuyuehua) == (3, 3, 3)


def test_its_error_output_names_file_row_and_column(wuyuehua, tmp_path, capsys):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes("1-101,1号楼,0,a,", "1-102,1号楼,80,,sold"))
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_roster", wuyuehua.slug, str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0] == "roster.csv 第2行“area”列：面积“0”必须大于零 (area '0' is not positive)"
    assert lines[1].startswith("roster.csv 第3行“status”列：无法识别的状态“sold”")
    assert lines[-1].startswith("共 2 处问题，未写入任何内容")


def test_it_refuses_an_unknown_community(db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(NEW_UNIT)
    with pytest.raises(CommandError, match="nowhere"):
        run("nowhere", str(path))


def test_it_refuses_a_file_over_the_limit_unread(wuyuehua, tmp_path, settings):
    settings.HUANJIE_MAX_IMPORT_BYTES = 1024
    path = tmp_path / "roster.csv"
    path.write_bytes(NEW_UNIT + b"x" * 2000)
    with pytest.raises(SystemExit) as exit_:
        run(wuyuehua.slug, str(path))
    assert exit_.value.code == 2
