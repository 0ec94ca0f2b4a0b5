"""The ledgers as XLSX workbooks in the layout street offices exchange.

Title row with the community and the date, Chinese headers, header frozen, widths set. Every
text an owner or staff member typed is written as text: a leading = + - @ (or tab, CR) would
make a spreadsheet run it as a formula (CSV/formula injection), so such text gets a leading
apostrophe, which spreadsheets show as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from io import BytesIO

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from huanjie.csvfiles import neutralise
from huanjie.ledgers.models import Demand
from huanjie.ledgers.workflow import OPEN
from huanjie.roster.models import Community

COLUMNS: list[tuple[Promise, int]] = [
    (_lazy("编号"), 8),
    (_lazy("登记日期"), 12),
    (_lazy("来源"), 12),
    (_lazy("分类"), 14),
    (_lazy("楼栋"), 10),
    (_lazy("房号"), 10),
    (_lazy("诉求"), 40),
    (_lazy("紧急程度"), 10),
    (_lazy("承办单位"), 14),
    (_lazy("办理期限"), 12),
    (_lazy("状态"), 10),
    (_lazy("是否逾期"), 10),
    (_lazy("答复业主"), 40),
    (_lazy("答复日期"), 12),
    (_lazy("办结日期"), 12),
    (_lazy("回访结果"), 10),
    (_lazy("重复于"), 8),
]


def _row(demand: Demand, today: date) -> list[object]:
    unit = demand.unit
    overdue = demand.due_on is not None and demand.due_on < today and demand.status in OPEN
    return [
        demand.number, demand.recorded_on, demand.get_source_display(), demand.category.name,
        unit.building.name if unit and unit.building else "", unit.code if unit else "",
        demand.summary, demand.get_urgency_display(), demand.get_handler_display(),
        demand.due_on, demand.get_status_display(), _("逾期") if overdue else "", demand.answer,
        demand.answered_on, demand.closed_on, demand.get_follow_up_display(),
        demand.duplicate_of.number if demand.duplicate_of else None,
    ]


def ledger_workbook(community: Community, demands: Iterable[Demand], *, today: date) -> bytes:
    title = _("%(name)s 诉求台账（导出日期：%(day)s）") % {"name": community.name, "day": today.isoformat()}
    return workbook(_("诉求台账"), title, COLUMNS, (_row(demand, today) for demand in demands))


def workbook(sheet_name: str, title: str, columns: list[tuple[Promise, int]], rows: Iterable[list[object]]) -> bytes:
    """Stream the rows into a write-only sheet: 20,000 rows fit in a few MB of memory."""
    book = Workbook(write_only=True)
    sheet: Worksheet = book.create_sheet(sheet_name)
    sheet.freeze_panes = "A3"
    for index, (_title, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    header = []
    for name, _width in columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F5")
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=neutralise(value) if isinstance(value, str) else value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
