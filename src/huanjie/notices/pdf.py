"""Print-ready notices: A4 for the bulletin board and, in larger type, for the lift hall.

Each page carries a QR code (segno, drawn as vector squares) to the notice's public web copy,
so that an owner reading the wall can check it is the same text as the one online.

Fonts: a TrueType CJK font is embedded when one is installed. Debian's fonts-noto-cjk ships
OpenType/CFF outlines, which reportlab cannot embed (it raises TTFError), so on a standard
install huanjie falls back to reportlab's built-in CID font STSong-Light — every PDF reader
has it, nothing is downloaded, and text stays extractable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from huanjie.notices.models import Notice

# (path, subfont index) of TrueType CJK fonts tried in order; the first that loads is used.
TRUETYPE_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # SC face; CFF, see module doc
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
FALLBACK_CID_FONT = "STSong-Light"


@cache
def cjk_font() -> str:
    """The registered name of a font that prints Chinese (see the module docstring)."""
    for path, index in TRUETYPE_CANDIDATES:
        if not Path(path).exists():
            continue
        try:
            pdfmetrics.registerFont(TTFont("HuanjieCJK", path, subfontIndex=index))
        except TTFError:
            continue
        return "HuanjieCJK"
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
    return FALLBACK_CID_FONT


class Layout(StrEnum):
    BULLETIN = "bulletin"   # 公告栏: the whole text in reading size
    LIFT_HALL = "lift"      # 电梯厅: read standing, from a step away — larger type, larger QR


@dataclass(frozen=True)
class Sizes:
    title: float
    body: float
    table: float
    qr: float  # side of the QR code in points


SIZES = {
    Layout.BULLETIN: Sizes(title=20, body=12, table=10.5, qr=32 * mm),
    Layout.LIFT_HALL: Sizes(title=30, body=17, table=14, qr=48 * mm),
}


class QrCode(Flowable):
    """The QR code of `url`, drawn as vector squares so it stays sharp at any print size."""

    def __init__(self, url: str, side: float) -> None:
        super().__init__()
        self.qr = segno.make(url, error="m")
        self.side = side
        self.width = self.height = side

    def draw(self) -> None:
        matrix = [list(row) for row in self.qr.matrix_iter(scale=1, border=2)]
        cell = self.side / len(matrix)
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    canvas.rect(x * cell, self.side - (y + 1) * cell, cell, cell, stroke=0, fill=1)


def _styles(sizes: Sizes) -> dict[str, ParagraphStyle]:
    font = cjk_font()
    base = {"fontName": font, "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("title", fontSize=sizes.title, leading=sizes.title * 1.35, alignment=1,
                                spaceAfter=sizes.body, **base),
        "body": ParagraphStyle("body", fontSize=sizes.body, leading=sizes.body * 1.7, firstLineIndent=sizes.body * 2,
                               spaceAfter=sizes.body * 0.4, **base),
        "cell": ParagraphStyle("cell", fontSize=sizes.table, leading=sizes.table * 1.35, **base),
        "right": ParagraphStyle("right", fontSize=sizes.body, leading=sizes.body * 1.7, alignment=2, **base),
        "small": ParagraphStyle("small", fontSize=sizes.table * 0.9, leading=sizes.table * 1.3, alignment=1, **base),
    }


def _paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    return [Paragraph(escape(line.strip()), style) for line in text.splitlines() if line.strip()]


def _table(table: dict[str, Any], style: ParagraphStyle, width: float) -> list[Flowable]:
    columns = [str(c) for c in table.get("columns", [])]
    rows = [[str(cell) for cell in row] for row in table.get("rows", [])]
    if not columns or not rows:
        return []
    data = [[Paragraph(escape(cell), style) for cell in row] for row in [columns, *rows]]
    grid = Table(data, colWidths=[width / len(columns)] * len(columns), repeatRows=1)
    grid.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return [grid, Spacer(1, style.fontSize)]


def period_line(notice: Notice) -> str:
    if notice.has_period and notice.period_starts_on and notice.period_ends_on:
        return _("公示期：%(start)s 至 %(end)s（共 %(days)s 天%(moved)s）。"
                 "公示期内如有异议，请向换届改选小组书面提出或在网上提出。") % {
            "start": f"{notice.period_starts_on:%Y年%m月%d日}", "end": f"{notice.period_ends_on:%Y年%m月%d日}",
            "days": notice.period_days, "moved": moved_words(notice)}
    return ""


def moved_words(notice: Notice) -> str:
    """"；10月07日为国庆节，依《民法典》第二百零三条顺延" when art. 203 ¶1 moved the last day; else ""."""
    if notice.period_moved_from is None:
        return ""
    return _("；%(day)s为%(reason)s，依《民法典》第二百零三条顺延") % {
        "day": f"{notice.period_moved_from:%m月%d日}", "reason": notice.period_moved_reason}


def fingerprint_lines(notice: Notice) -> str:
    """The content's SHA-256 and the audit chain's head at publication, for anyone to check later."""
    if not notice.audit_head:
        return ""
    return "\n".join([_("内容指纹（SHA-256）：%(sha)s") % {"sha": notice.content_sha256},
                      _("发布时留痕链头：%(head)s") % {"head": notice.audit_head}])


def withdrawn_line(notice: Notice) -> str:
    if not notice.is_withdrawn or notice.withdrawn_at is None:
        return ""
    return _("【已撤回】本公告已于 %(day)s 撤回，不再有效。撤回理由：%(reason)s") % {
        "day": f"{timezone.localtime(notice.withdrawn_at):%Y年%m月%d日}", "reason": notice.withdrawn_reason}


def render_notice_pdf(notice: Notice, *, layout: Layout, public_url: str) -> bytes:
    """The notice on A4 in the given layout, with its period, issuer, date and QR code."""
    sizes = SIZES[layout]
    styles = _styles(sizes)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=notice.title, author=notice.issuer,
                            subject=str(notice.get_kind_display()))
    story: list[Flowable] = [Paragraph(escape(notice.title), styles["title"])]
    story += _paragraphs(withdrawn_line(notice), styles["small"])
    story += _paragraphs(notice.body, styles["body"])
    story += _table(notice.table, styles["cell"], doc.width)
    period = period_line(notice)
    if period:
        story += _paragraphs(period, styles["body"])
    story.append(Spacer(1, sizes.body))
    story += _paragraphs(notice.issuer, styles["right"])
    if notice.published_on:
        story.append(Paragraph(f"{notice.published_on:%Y年%m月%d日}", styles["right"]))
    qr = QrCode(public_url, sizes.qr)
    qr.hAlign = "RIGHT"
    story += [Spacer(1, sizes.body), qr, Paragraph(escape(_("扫码查看网上公示原文")), styles["small"]),
              Paragraph(escape(public_url), styles["small"])]
    story += _paragraphs(fingerprint_lines(notice), styles["small"])
    doc.build(story)
    return buffer.getvalue()


def group_message(notice: Notice, *, public_url: str, community_name: str) -> str:
    """The text to paste into the owners' group: title, period, short link, how to object."""
    lines = [f"【{community_name}】{notice.title}"]
    if notice.has_period and notice.period_starts_on and notice.period_ends_on:
        lines.append(_("公示期：%(start)s 至 %(end)s。") % {"start": f"{notice.period_starts_on:%m月%d日}",
                                                        "end": f"{notice.period_ends_on:%m月%d日}"}
                     + (_("（%(day)s为%(reason)s，顺延）") % {"day": f"{notice.period_moved_from:%m月%d日}",
                                                       "reason": notice.period_moved_reason}
                        if notice.period_moved_from else ""))
    lines.append(_("全文：%(url)s") % {"url": public_url})
    if notice.has_period:
        lines.append(_("如有异议，请在公示期内通过上述链接登录后提出，或书面交换届改选小组。"))
    return "\n".join(lines)


@dataclass(frozen=True)
class Section:
    """One part of a printed record: a heading, lines of text, and optionally a table under them."""

    heading: str
    lines: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()  # shares of the page width per column; equal when empty


def _record_table(section: Section, style: ParagraphStyle, width: float) -> list[Flowable]:
    if not section.columns:
        return []
    shares = section.widths or tuple(1.0 for _c in section.columns)
    total = sum(shares)
    data = [[Paragraph(escape(str(cell)), style) for cell in row] for row in [section.columns, *section.rows]]
    grid = Table(data, colWidths=[width * share / total for share in shares], repeatRows=1)
    grid.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return [grid, Spacer(1, style.fontSize)]


def render_record_pdf(*, title: str, lines: list[str], sections: list[Section], signature: str = "") -> bytes:
    """A printed record on A4 (meeting minutes, score sheets): title, header lines, sections, signature line."""
    sizes = SIZES[Layout.BULLETIN]
    styles = _styles(sizes)
    heading = ParagraphStyle("heading", parent=styles["cell"], fontSize=sizes.body * 1.1,
                             leading=sizes.body * 1.6, spaceBefore=sizes.body * 0.6, spaceAfter=sizes.body * 0.3)
    plain = ParagraphStyle("plain", parent=styles["body"], firstLineIndent=0)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=title)
    story: list[Flowable] = [Paragraph(escape(title), styles["title"])]
    story += [Paragraph(escape(line), plain) for line in lines if line.strip()]
    for section in sections:
        story.append(Paragraph(escape(section.heading), heading))
        for line in section.lines:
            story += _paragraphs(line, plain)
        story += _record_table(section, styles["cell"], doc.width)
    if signature:
        story += [Spacer(1, sizes.body * 2), Paragraph(escape(signature), plain)]
    doc.build(story)
    return buffer.getvalue()
