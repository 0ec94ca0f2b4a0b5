"""The audit log as CSV and XLSX for the street office's files.

The file opens with a header: what was exported, by whom, when, with which filters, the chain
head and the chain's verification status; then one row per record. Cells that a spreadsheet
would run as a formula are neutralised exactly as the roster export does (a leading ').
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.audit.models import AuditRecord
from huanjie.audit.presenting import (
    Words,
    action_labels,
    actor_text,
    break_reason,
    changes_text,
    field_label,
    mask,
    record_data,
    type_label,
    words,
)
from huanjie.audit.verification import ChainStatus
from huanjie.csvfiles import neutralise, spreadsheet_csv


@dataclass(frozen=True)
class Header:
    scope: str  # the community, or the street office
    exported_by: str
    filters: dict[str, str]
    status: ChainStatus


def status_text(status: ChainStatus) -> str:
    """The chain's status in one sentence (the page says the same at its top)."""
    if status.broken is not None:
        return _("留痕链在第 %(n)s 条记录处断开（%(reason)s）；第 1—%(ok)s 条完整") % {
            "n": status.broken.sequence,
            "reason": break_reason(status.broken.reason),
            "ok": status.verified_through,
        }
    if status.failing:
        return _("留痕链与签名检查点或印出的链头有 %(n)s 处不符：%(first)s") % {
            "n": len(status.failing),
            "first": status.failing[0].text(),
        }
    if status.unverified and not status.verified_through:
        return _("共 %(left)s 条记录，尚未核验") % {"left": status.unverified}
    if status.unverified:
        return _("第 1—%(ok)s 条已核验完整；其后 %(left)s 条尚未核验") % {
            "ok": status.verified_through,
            "left": status.unverified,
        }
    if status.last is not None and not status.live:
        return _("第 1—%(ok)s 条已核验完整（全链核验于 %(at)s，其后新增记录已逐条核验）") % {
            "ok": status.verified_through,
            "at": f"{timezone.localtime(status.last.at):%Y-%m-%d %H:%M}",
        }
    return _("第 1—%(ok)s 条已核验完整") % {"ok": status.verified_through}


def columns() -> list[str]:
    return [
        _("序号"),
        _("时间"),
        _("小区"),
        _("操作人"),
        _("操作"),
        _("操作代码"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("变更内容"),
        _("哈希"),
        _("前一条哈希"),
    ]


def header_rows(header: Header, count: int) -> list[list[str]]:
    filters = "；".join(f"{field_label(key)}：{value}" for key, value in header.filters.items()) or _("无（全部记录）")
    return [
        [_("留痕记录导出"), neutralise(header.scope)],
        [_("导出时间"), f"{timezone.localtime():%Y-%m-%d %H:%M:%S}"],
        [_("导出人"), neutralise(header.exported_by)],
        [_("筛选条件"), neutralise(filters)],
        [_("记录条数"), str(count)],
        [_("链头"), f"#{header.status.head_sequence} {header.status.head_hash}"],
        [_("核验状态"), status_text(header.status)],
        [],
    ]


def row(record: AuditRecord, communities: dict[int, str], labels: Labels | None = None) -> list[object]:
    labels = labels or Labels.now()
    return [
        record.sequence,
        f"{timezone.localtime(record.at):%Y-%m-%d %H:%M:%S}",
        neutralise(communities.get(record.community_id or 0, "")),
        neutralise(actor_text(record.actor_label)),
        labels.actions.get(record.code, record.code),
        record.code,
        type_label(record.target_type),
        neutralise(record.target_id),
        neutralise(mask(record.target_label)),
        neutralise(changes_text(record_data(record), labels.words, record.target_type)),
        record.hash,
        record.previous_hash,
    ]


@dataclass(frozen=True)
class Labels:
    """The label tables in the current language, looked up once for a whole file."""

    actions: dict[str, str]
    words: Words

    @classmethod
    def now(cls) -> Labels:
        return cls(action_labels(), words())


def rows(found: Iterable[AuditRecord], communities: dict[int, str]) -> Iterator[list[object]]:
    labels = Labels.now()
    return (row(record, communities, labels) for record in found)


def log_csv(header: Header, found: list[AuditRecord], communities: dict[int, str]) -> bytes:
    return spreadsheet_csv([*header_rows(header, len(found)), columns(), *rows(found, communities)])


def log_xlsx(header: Header, found: list[AuditRecord], communities: dict[int, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("留痕记录"))
    bold = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJKL", [8, 20, 16, 14, 22, 30, 16, 10, 30, 60, 66, 66], strict=True):
        sheet.column_dimensions[letter].width = width
    top = header_rows(header, len(found))
    sheet.freeze_panes = f"A{len(top) + 2}"  # before the first row: a write-only sheet writes its view first
    for line in top:
        cells = []
        for i, text in enumerate(line):
            cell = WriteOnlyCell(sheet, value=text)
            if i == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    titles = []
    for text in columns():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    for values in rows(found, communities):
        sheet.append(values)
    book.properties.title = f"{header.scope} {_('留痕记录')}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
