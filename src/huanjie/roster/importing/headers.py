"""Recognising the columns of a roster by their header, in English or in Chinese.

Two layouts come in:

- the tally.md roster (`unit, building, area, owners, status`), which `huanjie tally` reads
  and huanjie exports;
- a property company's sheet with Chinese headers: 房号, 楼号/楼栋, 专有部分面积 or 建筑面积,
  业主姓名, 联系电话, 状态, 面积来源, 楼层, often under a title row.

A header is found in the first few rows; a cell matches when, once spaces and a unit in
brackets are taken away (“专有部分面积（㎡）”), it is one of the names below. Where a sheet has
both 专有部分面积 and 建筑面积, the exclusive area is the one the law counts (JI art. 8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huanjie.roster.importing.problems import Problems

# In order of preference within each field.
ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "房号", "房屋编号", "房屋号", "室号", "户号", "房间号"),
    "building": ("building", "楼号", "楼栋", "楼栋号", "栋号", "幢号", "楼幢"),
    "floor": ("floor", "楼层", "所在楼层", "层"),
    "area": ("area", "专有部分面积", "专有面积", "不动产登记面积", "登记面积", "产证面积", "产权面积", "实测面积",
             "测绘面积", "合同面积", "预售面积", "套内面积", "建筑面积", "面积"),
    "area_source": ("area_source", "面积来源", "面积依据"),
    "status": ("status", "状态", "交付状态", "房屋状态"),
    "owners": ("owners", "业主标识", "业主编号"),
    "names": ("names", "业主姓名", "业主", "姓名", "产权人", "产权人姓名"),
    "phones": ("phones", "联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
}
# The area column's own name says where its areas come from (JI art. 8) for these headers only;
# 建筑面积, 专有部分面积, 面积 say nothing about the source, which is then asked at import.
SOURCE_OF_AREA_HEADER: dict[str, str] = {
    "不动产登记面积": "register", "登记面积": "register", "产证面积": "register", "产权面积": "register",
    "实测面积": "survey", "测绘面积": "survey", "合同面积": "contract", "预售面积": "contract",
}
LOOKUP = {alias: (field, rank) for field, aliases in ALIASES.items() for rank, alias in enumerate(aliases)}
# Header rows further down than this are not looked for: the file is not a roster.
HEADER_SEARCH_ROWS = 10
BRACKETED = re.compile(r"[（(【\[].*?[）)】\]]")


@dataclass(frozen=True, slots=True)
class Header:
    row: int
    index: dict[str, int]  # field -> column position
    label: dict[str, str]  # field -> the header text as written in the file

    @property
    def layout(self) -> str:
        return "property" if "names" in self.index else "tally"

    def carries(self, field: str) -> bool:
        return field in self.index

    @property
    def area_source(self) -> str | None:
        """The source the area column's header names (实测面积 → survey), or None."""
        label = self.label.get("area")
        return SOURCE_OF_AREA_HEADER.get(normalise(label)) if label else None


def normalise(cell: str) -> str:
    text = BRACKETED.sub("", cell.replace("\ufeff", "")).strip().lower()
    return re.sub(r"[\s:：*＊]", "", text)


def match(row: int, cells: list[str]) -> Header | None:
    """The header in `cells`, if they name a unit column and an area or owner column."""
    best: dict[str, tuple[int, int]] = {}
    for position, cell in enumerate(cells):
        found = LOOKUP.get(normalise(cell))
        if found is None:
            continue
        field, rank = found
        if field not in best or rank < best[field][1]:
            best[field] = (position, rank)
    if "unit" not in best or not ({"area", "owners", "names"} & best.keys()):
        return None
    index = {field: position for field, (position, _rank) in best.items()}
    return Header(row, index, {field: cells[position].strip() for field, position in index.items()})


def check(header: Header, cells: list[str], problems: Problems) -> bool:
    """Required columns present, and no column given twice under the same name."""
    ok = True
    seen: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = normalise(cell)
        if name in LOOKUP and name in seen:
            ok = False
            problems.add(header.row, cell.strip(), f"表头“{cell.strip()}”出现了两次（第{seen[name] + 1}列和第"
                         f"{position + 1}列），无法确定用哪一列", f"column {cell.strip()!r} appears twice")
        seen.setdefault(name, position)
    if "area" not in header.index:
        ok = False
        problems.add(header.row, None, "缺少面积列（area、专有部分面积或建筑面积）",
                     "missing the area column (area, 专有部分面积 or 建筑面积)")
    if "owners" not in header.index and "names" not in header.index:
        ok = False
        problems.add(header.row, None, "缺少业主列（owners 或 业主姓名）",
                     "missing the owners column (owners or 业主姓名)")
    return ok
