"""A supervisor downloads the demand ledger as a spreadsheet and it opens with the right layout."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from huanjie.ledgers.models import Category, Handler, Source
from huanjie.ledgers.services import add_default_categories, assign_demand, record_demand

pytestmark = pytest.mark.browser


def test_the_supervisor_exports_the_demand_ledger_as_xlsx(live_server, page, wang, alice, wuyuehua, sign_in,
                                                          tmp_path):
    add_default_categories(community=wuyuehua, actor=alice)
    lift = Category.objects.get(community=wuyuehua, name="电梯")
    today = date.today()
    first = record_demand(community=wuyuehua, source=Source.VISIT, category=lift, summary="电梯经常停运",
                          unit=wuyuehua.units.get(code="1-101"), recorded_on=today, actor=alice, today=today).demand
    assign_demand(demand=first, handler=Handler.PROPERTY_COMPANY, due_on=today, actor=alice)
    record_demand(community=wuyuehua, source=Source.PHONE, category=lift, summary="=1+1 电梯按钮失灵",
                  recorded_on=today, actor=alice, today=today)

    sign_in(page, wang)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/demands/")
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)

    sheet = load_workbook(path).active
    assert sheet["A1"].value == f"五月花生活广场 诉求台账（导出日期：{today.isoformat()}）"
    assert [c.value for c in sheet[2]][:7] == ["编号", "登记日期", "来源", "分类", "楼栋", "房号", "诉求"]
    assert sheet.freeze_panes == "A3"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[1][5:9] == ("1-101", "电梯经常停运", "一般", "物业公司")
    assert rows[2][6] == "'=1+1 电梯按钮失灵"  # shown as text, never run as a formula
    assert sheet.max_row == 4
