"""A roster as a property company really hands it over: a title row, no 楼栋 or 楼层 column, units
written 1号楼101室 (two entrances in 3号楼), co-owners joined with 、, areas under 建筑面积."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from huanjie.roster import services
from huanjie.roster.importing import parse_roster
from huanjie.roster.models import Community

HEADER = ["序号", "房号", "业主姓名", "联系电话", "建筑面积（㎡）"]
ROWS: list[list[object]] = [
    [1, "1号楼1001室", "孙八", "13300001001", 101.5],
    [2, "1号楼101室", "张三、李四", "13812341234、13900001111", 88.5],
    [3, "1号楼201室", "赵六", "13600004321", 65],
    [4, "1号楼102室", "王五", "13700005678", 120.25],
    [5, "10号楼101室", "周九", "13200000010", 77],
    [6, "2号楼101室", "钱七", "13500008765", 90],
    [7, "3号楼1单元101室", "吴十", "13100003101", 70],
    [8, "3号楼2单元101室", "郑一", "13000003201", 71],
]
# As people read them: numbers by value, 2号楼 before 10号楼, 101 before 1001.
READING_ORDER = ["1号楼101室", "1号楼102室", "1号楼201室", "1号楼1001室", "2号楼101室", "3号楼1单元101室",
                 "3号楼2单元101室", "10号楼101室"]


def property_roster(header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["静安新城业主名册（物业公司提供，2026年11月）"])
    sheet.append(header or HEADER)
    for row in ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_property_roster(community: Community, actor: Any = None, area_source: str | None = None) -> None:
    """Through the same services as the import page: checked, staged, confirmed."""
    parsed = parse_roster("业主名册.xlsx", io.BytesIO(property_roster()), max_bytes=10 * 1024 * 1024,
                          area_source=area_source)
    services.apply_roster_import(roster_import=services.stage_roster_import(community=community, parsed=parsed,
                                                                              actor=actor), actor=actor)
