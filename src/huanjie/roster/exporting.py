"""Exporting the roster: tally.md CSV (what `huanjie tally --roster` reads) and an XLSX workbook.

The CSV has exactly the tally.md columns `unit, building, area, owners, status`, UTF-8 with a
BOM so that Excel shows the Chinese. The workbook's first sheet is the same table (tally.md
accepts `.xlsx` from its first sheet); the second sheet has the Chinese headers a property
company uses, with names, for the working group's own work.

No phone digits leave in an export (issue 17, item 4): the last four digits of an owner's phone
are what an owner proves together with the voting code on the paper, so a copy of the roster
with phones, with the codes, would let whoever holds both vote for households that have not voted.
Staff look a number up on the roster page when they need to call someone. A workbook
without the phone column imports back leaving the phones on record as they are.

A cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) is written with a leading ' so that opening the file never runs anything; the import
takes that ' away again.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from huanjie.csvfiles import neutralise, spreadsheet_csv
from huanjie.roster.models import AreaSource, Community, Ownership, Unit, UnitStatus

TALLY_COLUMNS = ["unit", "building", "area", "owners", "status"]
CHINESE_COLUMNS = ["房号", "楼栋", "楼层", "专有部分面积（㎡）", "面积来源", "状态", "业主姓名", "业主标识"]
SHORT_SOURCE = {AreaSource.REGISTER: "登记簿", AreaSource.SURVEY: "实测", AreaSource.CONTRACT: "合同",
                AreaSource.UNSTATED: "未注明"}
SHORT_STATUS = {UnitStatus.DELIVERED: "已交付", UnitStatus.UNSOLD: "未出售", UnitStatus.UNDELIVERED: "未交付"}


@dataclass(frozen=True, slots=True)
class ExportOwner:
    identifier: str
    name: str


@dataclass(frozen=True, slots=True)
class ExportUnit:
    code: str
    building: str
    floor: int | None
    area: Decimal
    area_source: str
    status: str
    owners: tuple[ExportOwner, ...]  # by identifier


def export_rows(community: Community) -> list[ExportUnit]:
    """Every unit in roster order (building, then code in reading order), in two queries."""
    owners: dict[int, list[ExportOwner]] = defaultdict(list)
    # The owners joined under their community too, so that it is an index scan (issue 20).
    links = Ownership.objects.filter(community=community, owner__community=community)
    for unit_id, identifier, name in links.values_list("unit_id", "owner__identifier", "owner__name").iterator():
        owners[unit_id].append(ExportOwner(identifier, name))
    # Units without a building last, on SQLite as on PostgreSQL.
    rows = (Unit.objects.filter(community=community)
            .order_by(F("building__sort_key").asc(nulls_last=True), "building__name", "sort_key", "code")
            .values_list("pk", "code", "building__name", "floor", "area", "area_source", "status"))
    return [ExportUnit(code, building or "", floor, area, source, status,
                       tuple(sorted(owners[pk], key=lambda o: o.identifier)))
            for pk, code, building, floor, area, source, status in rows.iterator()]


def tally_row(unit: ExportUnit) -> list[str]:
    return [neutralise(unit.code), neutralise(unit.building), f"{unit.area:.2f}",
            ";".join(neutralise(o.identifier) for o in unit.owners), unit.status]


def chinese_row(unit: ExportUnit) -> list[object]:
    return [neutralise(unit.code), neutralise(unit.building), unit.floor, unit.area,
            SHORT_SOURCE[AreaSource(unit.area_source)], SHORT_STATUS[UnitStatus(unit.status)],
            "、".join(neutralise(o.name) for o in unit.owners), ";".join(neutralise(o.identifier) for o in unit.owners)]


def roster_csv(units: list[ExportUnit]) -> bytes:
    return spreadsheet_csv([TALLY_COLUMNS, *(tally_row(unit) for unit in units)])


def roster_xlsx(units: list[ExportUnit], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    tables: list[tuple[str, list[str], list[list[object]]]] = [
        ("roster", TALLY_COLUMNS, [_tally_cells(unit) for unit in units]),
        ("业主名册", CHINESE_COLUMNS, [chinese_row(unit) for unit in units]),
    ]
    for name, columns, rows in tables:
        sheet = book.create_sheet(name)
        for letter, width in zip(_letters(len(columns)), _widths(columns, rows), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
        header = []
        for text in columns:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_number_cell(sheet, value) if isinstance(value, Decimal) else value for value in row])
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _tally_cells(unit: ExportUnit) -> list[object]:
    row: list[object] = list(tally_row(unit))
    row[2] = unit.area
    return row


def _number_cell(sheet: object, value: Decimal) -> object:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
    cell.number_format = "0.00"
    return cell


def _letters(count: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(i) for i in range(1, count + 1)]


def _widths(columns: list[str], rows: list[list[object]]) -> list[float]:
    """Column widths that fit the longest cell (a Chinese character is two wide), within reason."""
    widest = [_display_width(text) for text in columns]
    for row in rows[:2000]:  # a sample is enough to size a column
        for i, value in enumerate(row):
            widest[i] = max(widest[i], _display_width("" if value is None else str(value)))
    return [min(max(width + 2, 8), 60) for width in widest]


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
