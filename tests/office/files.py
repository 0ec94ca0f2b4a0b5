"""A roster as a property company hands it over: a title row above the header, Chinese column names,
units written 1号楼101室 and co-owners joined with 、 (phones likewise)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from huanjie.roster import services
from huanjie.roster.importing import parse_roster
from huanjie.roster.models import Community

HEADER = ["房号", "楼栋", "专有部分面积", "业主姓名", "联系电话"]
ROWS: list[list[object]] = [
    ["1号楼101室", "1号楼", 88.5, "张三、李四", "13812341234、13900001111"],
    ["1号楼102室", "1号楼", 120.25, "王五", "13700005678"],
    ["1号楼201室", "1号楼", 65, "赵六", "13600004321"],
    ["2号楼101室", "2号楼", 90, "钱七", "13500008765"],
]
# The owner of 1号楼101室 signs in with the last four digits of the first phone.
OWNER_UNIT, OWNER_PHONE_TAIL = "1号楼101室", "1234"


def property_company_roster(title: str = "别处小区业主名册（物业公司提供）") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_roster(community: Community, actor: Any = None) -> None:
    """Through the same services as the import page: checked, staged, confirmed."""
    parsed = parse_roster("名册.xlsx", io.BytesIO(property_company_roster()), max_bytes=10 * 1024 * 1024)
    services.apply_roster_import(roster_import=services.stage_roster_import(community=community, parsed=parsed,
                                                                              actor=actor), actor=actor)
