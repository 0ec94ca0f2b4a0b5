from __future__ import annotations

from io import BytesIO

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from huanjie.csvfiles import neutralise as neutralised
from tests.conftest import client_for


def test_the_supervisor_exports_the_ledger_with_title_headers_frozen_and_widths(wang, wuyuehua, make_demand):
    make_demand("电梯停运")
    response = client_for(wang).get(f"/c/{wuyuehua.slug}/demands/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("五月花生活广场 诉求台账（导出日期：")
    assert [c.value for c in sheet[2]][:4] == ["编号", "登记日期", "来源", "分类"]
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["G"].width == 40
    assert sheet["A3"].value == 1 and sheet["G3"].value == "电梯停运" and sheet["F3"].value == "1-101"


def test_text_that_looks_like_a_formula_is_exported_as_text(wang, wuyuehua, make_demand):
    make_demand('=HYPERLINK("http://evil.example","点我")')
    make_demand("@SUM(1+1)")
    sheet = load_workbook(BytesIO(client_for(wang).get(f"/c/{wuyuehua.slug}/demands/export.xlsx").content)).active
    values = [sheet[f"G{row}"] for row in (3, 4)]
    assert all(cell.data_type == "s" for cell in values)
    assert {cell.value for cell in values} == {"'@SUM(1+1)", "'=HYPERLINK(\"http://evil.example\",\"点我\")"}


def test_neutralising_leaves_ordinary_text_alone():
    assert neutralised("电梯") == "电梯"
    assert neutralised("-1") == "'-1"
    assert neutralised("\t=1") == "'\t=1"


@settings(max_examples=200)
@given(st.text())
def test_no_neutralised_text_starts_like_a_formula_and_nothing_is_lost(text):
    out = neutralised(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out in (text, "'" + text)
