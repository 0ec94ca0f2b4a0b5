"""A working-group member imports a roster: a bad row is named, fixed, and the totals follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from huanjie.roster.models import Unit

pytestmark = pytest.mark.browser

HEADERS = ["房号", "楼栋", "专有部分面积", "业主姓名", "联系电话", "状态"]
GOOD_ROWS = [
    ["1-101", "1号楼", "88.50", "甲先生", "13800000001", "已交付"],
    ["1-102", "1号楼", "120.25", "乙先生", "13800000002", "已交付"],
    ["1-201", "1号楼", "65.00", "丙先生", "13800000003", "已交付"],
    ["2-101", "2号楼", "92.40", "丁女士", "13900000004", "已交付"],
    ["2-102", "2号楼", "101.10", "丁女士", "13900000004", "已交付"],
    ["2-201", "2号楼", "76.00", "", "", "未出售"],
]


def write_sheet(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def upload(page, live_server, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/c/wyh/roster/")
    page.get_by_role("link", name="导入名册").click()
    page.get_by_label("名册文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()


def test_it_names_the_bad_row_then_imports_the_fixed_file_and_shows_the_totals(
        live_server, page, alice, sign_in, tmp_path, screenshot):
    bad = [row[:] for row in GOOD_ROWS]
    bad[2][2] = "65.005"  # three decimals: JI art. 8 areas carry two
    sign_in(page, alice)

    upload(page, live_server, write_sheet(tmp_path / "名册-有错.xlsx", bad))

    rows = page.get_by_test_id("import-errors").locator("tbody tr")
    assert rows.count() == 1
    cells = [cell.strip() for cell in rows.first.locator("td").all_inner_texts()]
    assert cells == ["名册-有错.xlsx", "4", "专有部分面积", "面积“65.005”超过两位小数"]
    assert Unit.objects.filter(community__slug="wyh", code="2-101").count() == 0
    screenshot(page, "roster-import-error")

    upload(page, live_server, write_sheet(tmp_path / "名册.xlsx", GOOD_ROWS))
    page.get_by_test_id("confirm-import").click()

    page.wait_for_url(f"{live_server.url}/c/wyh/roster/**")
    # Six units: 丁女士's two flats are one head, the developer's unsold flat is one head (JI art. 9).
    assert page.get_by_test_id("unit-count").inner_text() == "6"
    assert page.get_by_test_id("eligible-headcount").inner_text() == "5"
    assert page.get_by_test_id("eligible-area").inner_text() == "543.25"
    screenshot(page, "roster-import-done")
