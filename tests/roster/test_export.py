"""Exporting the roster: tally.md CSV that `huanjie tally` reads, an XLSX workbook, no formulas run."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from huanjie.audit.models import AuditRecord
from huanjie.roster import services
from huanjie.roster.models import Owner, Ownership, Unit
from tests.conftest import client_for
from tests.roster.conftest import parse


@pytest.fixture
def dangerous(wuyuehua):  # type: ignore[no-untyped-def]
    """A unit and an owner whose text a spreadsheet would run as formulas."""
    unit = Unit.objects.create(community=wuyuehua, code="=cmd|' /C calc'!A0", area=Decimal("50.00"))
    owner = Owner.objects.create(community=wuyuehua, identifier="@SUM(1+1)", name="+张三", phone="-1234567")
    Ownership.objects.create(community=wuyuehua, unit=unit, owner=owner)
    return unit


def export(user, community, kind):  # type: ignore[no-untyped-def]
    response = client_for(user).get(f"/c/{community.slug}/roster/export.{kind}")
    assert response.status_code == 200
    return response


def test_the_csv_is_the_tally_roster_format(alice, wuyuehua):
    response = export(alice, wuyuehua, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").splitlines() == [
        "unit,building,area,owners,status",
        "1-101,1号楼,88.50,wyh-甲,delivered",
        "1-102,1号楼,120.25,wyh-乙,delivered",
        "1-201,1号楼,65.00,wyh-丙,delivered",
    ]
    assert AuditRecord.objects.filter(code="roster.exported", actor=alice).count() == 1


def test_huanjie_tally_reads_the_exported_csv(alice, wuyuehua, tmp_path):
    roster_module = pytest.importorskip("huanjie.countfiles.roster")
    problems_module = pytest.importorskip("huanjie.countfiles.problems")
    Owner.objects.filter(identifier="wyh-乙").update(identifier="wyh-甲-2")
    Ownership.objects.filter(unit__code="1-102").update(owner=Owner.objects.get(identifier="wyh-甲"))
    path = tmp_path / "roster.csv"
    path.write_bytes(export(alice, wuyuehua, "csv").content)
    problems = problems_module.Problems("roster.csv")
    units = roster_module.read_roster(path, problems)
    assert not problems and [u.code for u in units] == ["1-101", "1-102", "1-201"]
    assert units[1].owners == frozenset({"wyh-甲"}) and units[1].area == Decimal("120.25")


def test_the_workbook_has_the_tally_sheet_first_and_a_chinese_sheet(alice, wuyuehua):
    book = load_workbook(io.BytesIO(export(alice, wuyuehua, "xlsx").content))
    tally, chinese = book.worksheets
    assert [c.value for c in tally[1]] == ["unit", "building", "area", "owners", "status"]
    assert [c.value for c in tally[2]] == ["1-101", "1号楼", 88.5, "wyh-甲", "delivered"]
    assert chinese.title == "业主名册"
    assert [c.value for c in chinese[1]][:4] == ["房号", "楼栋", "楼层", "专有部分面积（㎡）"]
    # No phone digits leave in an export (issue 17 #4): with the codes they would let anyone vote.
    assert [c.value for c in chinese[2]] == ["1-101", "1号楼", 1, 88.5, "未注明", "已交付", "甲先生", "wyh-甲"]
    assert all(c.font.b for c in chinese[1]) and all(c.font.b for c in tally[1])
    assert tally.column_dimensions["A"].width >= 8 and chinese.column_dimensions["G"].width >= 8


def test_formula_cells_are_neutralised_in_the_csv(alice, wuyuehua, dangerous):
    lines = export(alice, wuyuehua, "csv").content.decode("utf-8-sig").splitlines()
    assert "'=cmd|' /C calc'!A0,,50.00,'@SUM(1+1),delivered" in lines


def test_formula_cells_are_neutralised_in_the_workbook(alice, wuyuehua, dangerous):
    book = load_workbook(io.BytesIO(export(alice, wuyuehua, "xlsx").content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r"), cell.value
    chinese = book.worksheets[1]
    row = next(r for r in chinese.iter_rows(values_only=True) if r[0] == "'=cmd|' /C calc'!A0")
    assert row[6:] == ("'+张三", "'@SUM(1+1)")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_roster_imported_back_shows_no_difference(alice, wuyuehua, dangerous, kind):
    data = export(alice, wuyuehua, kind).content
    staged = services.stage_roster_import(community=wuyuehua, parsed=parse(data, f"roster.{kind}"), actor=alice)
    assert services.preview(staged).empty


def test_the_chinese_sheet_alone_imports_back_with_no_difference(alice, wuyuehua, dangerous):
    book = load_workbook(io.BytesIO(export(alice, wuyuehua, "xlsx").content))
    book.remove(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    parsed = parse(out.getvalue(), "业主名册.xlsx")
    assert parsed.layout == "property" and {"names", "floor", "area_source"} <= parsed.carried
    assert "phones" not in parsed.carried  # the phones on record stay as they are
    assert services.preview(services.stage_roster_import(community=wuyuehua, parsed=parsed, actor=alice)).empty
