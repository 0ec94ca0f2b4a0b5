"""告业主书 for printing: one A4 page per unit, in large clear type for elderly owners.

Each letter names the community and the unit, prints the unit's one-time sign-in code in large
grouped letters with the last day it works, a QR code that opens the owner sign-in page with the
community and the unit already filled in, and three plain steps. A strip at the foot is torn off
and handed back as the receipt, the way ballot papers are signed for.

Drawn straight onto a reportlab canvas, like the ballot papers (voting/pdf.py), whose line
wrapping and QR drawing it shares: a large community prints thousands at once.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import segno
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from huanjie.notices.pdf import cjk_font
from huanjie.voting.pdf import wrap

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIDE = 46 * mm
BODY = 14.0  # points: large enough to read without glasses at arm's length


@dataclass(frozen=True)
class LetterHeader:
    """What every letter of one print run shares."""

    community: str
    residents_committee: str
    title: str  # e.g. 第2届业主委员会换届改选
    issued_on: date
    expires_on: date
    sign_in_url: str  # the owner sign-in page, community filled in; the unit is added per letter


@dataclass(frozen=True)
class Letter:
    unit: str
    owners: str  # 张三、李四
    code: str  # as issued; printed in two groups of four
    unit_id: int  # in the QR code's link: shorter than the unit's text, so the code stays small and quick


def grouped(code: str) -> str:
    return f"{code[:4]} {code[4:]}" if len(code) == 8 else code


def day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def letter_url(header: LetterHeader, letter: Letter) -> str:
    """The sign-in page with the community and this unit filled in (accounts.views.owner_login)."""
    return f"{header.sign_in_url}&u={letter.unit_id}"


def qr_runs(text: str, mask: int | None) -> tuple[int, int, list[tuple[int, int, int]]]:
    """(mask, size, [(row, first column, length)]): the QR matrix of `text`, with a one-module
    border, as runs of dark modules.

    Choosing the best of the eight masks is most of segno's time (25 ms of 30 per letter); the
    links of one print run differ only in a few digits, so the mask chosen for the first serves
    the rest (any mask makes a valid code; the choice only evens out the pattern).
    """
    code = segno.make(text, error="m", mask=mask)
    runs = []
    for y, row in enumerate(code.matrix, start=1):
        x = row.find(1)
        while x >= 0:
            end = row.find(0, x)
            end = len(row) if end < 0 else end
            runs.append((y, x + 1, end - x))
            x = row.find(1, end)
    return code.mask, len(code.matrix) + 2, runs


def render_letters(header: LetterHeader, letters: Iterable[Letter],
                   progress: Callable[[int], object] | None = None) -> bytes:
    """All letters in one PDF, in the order given; `progress(1)` after each.

    What every letter of the run says is drawn once, as a form the pages share (reportlab's form
    XObject); each page adds its unit, owners, code and QR code.
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(f"{header.community} · {_('告业主书')}")
    canvas.setAuthor(header.community)
    font = cjk_font()
    box_top = _Static(canvas, font, header).draw()
    drawn, mask = 0, None
    for letter in letters:
        canvas.doForm(FORM)
        mask = _fill(canvas, font, header, letter, box_top, mask)
        canvas.showPage()
        drawn += 1
        if progress is not None:
            progress(1)
    if not drawn:
        canvas.setFont(font, 12)
        canvas.drawString(MARGIN, PAGE_HEIGHT - MARGIN, _("没有需要打印的告业主书。"))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


FORM = "letter"
BOX_HEIGHT = QR_SIDE + 12 * mm
RECEIPT_CUT = MARGIN + 22 * mm


class _Static:
    """The part of the letter that is the same for every unit, drawn top to bottom with a cursor `y`."""

    def __init__(self, canvas: Canvas, font: str, header: LetterHeader) -> None:
        self.canvas, self.font, self.header = canvas, font, header
        self.y = PAGE_HEIGHT - MARGIN

    def draw(self) -> float:
        """Draw the form; where the box of the unit's own details starts."""
        self.canvas.beginForm(FORM)
        self._masthead()
        self._greeting()
        box_top = self.y
        self._box(box_top)
        self.y = box_top - BOX_HEIGHT - 2 * mm
        self._steps()
        self._notes()
        self._signature()
        self._receipt()
        self.canvas.endForm()
        return box_top

    def text(self, x: float, text: str, size: float = BODY, *, centre: bool = False, gap: float = 1.5) -> None:
        self.y -= size * gap
        self.canvas.setFont(self.font, size)
        if centre:
            self.canvas.drawCentredString(PAGE_WIDTH / 2, self.y, text)
        else:
            self.canvas.drawString(x, self.y, text)

    def paragraph(self, text: str, size: float = BODY, *, indent: float = 0, width: float = WIDTH) -> None:
        for line in wrap(text, self.font, size, width - indent):
            self.text(MARGIN + indent, line, size)

    def _masthead(self) -> None:
        self.text(MARGIN, _("告 业 主 书"), 28, centre=True, gap=1.2)
        self.text(MARGIN, f"{self.header.community}　{self.header.title}", 14, centre=True, gap=1.9)
        self.y -= 3 * mm

    def _greeting(self) -> None:
        self.text(MARGIN, _("尊敬的业主："), 15)
        self.paragraph(_("　　本小区业主委员会换届改选工作已经开始。为了方便您在手机上查看换届进度和公示公告、"
                         "报名参选、反映诉求、提出异议，换届改选小组为您的房屋开通了业主登录。"
                         "请按下面的步骤登录。"))
        self.y -= 3 * mm

    def _box(self, top: float) -> None:
        self.canvas.setLineWidth(1.2)
        self.canvas.roundRect(MARGIN, top - BOX_HEIGHT, WIDTH, BOX_HEIGHT, 4 * mm, stroke=1, fill=0)
        self.canvas.setFont(self.font, 15)
        self.canvas.drawString(MARGIN + 6 * mm, top - BOX_HEIGHT + 6 * mm,
                               _("有效期至：%(day)s") % {"day": day(self.header.expires_on)})
        self.canvas.setFont(self.font, 11)
        self.canvas.drawCentredString(PAGE_WIDTH - MARGIN - 5 * mm - QR_SIDE / 2, top - QR_SIDE - 9 * mm,
                                      _("用手机扫码登录"))

    def _steps(self) -> None:
        self.text(MARGIN, _("怎样登录"), 16, gap=1.9)
        for step in (
            _("1. 用手机扫描上面的二维码（微信“扫一扫”或手机相机都可以）；也可以在手机浏览器里输入网址：%(url)s")
            % {"url": self.header.sign_in_url.split("?", 1)[0]},
            _("2. 打开的页面上已经填好小区和房号。请填写您在业主名册登记的手机号的后四位，再填写上面的登录码。"),
            _("3. 点“登录”。登录以后，这部手机 90 天内不用再输入。"),
        ):
            self.paragraph(step, indent=4 * mm)
            self.y -= 1 * mm

    def _notes(self) -> None:
        self.y -= 2 * mm
        self.text(MARGIN, _("请注意"), 15, gap=1.8)
        for note in (
            _("※ 登录码只能用一次，请不要告诉他人。家里其他业主也要登录的，请找换届改选小组补发。"),
            _("※ 登录码不是表决码。业主大会投票时，另行发放表决票。"),
            _("※ 登录码遗失、过期或登录不上的，请联系换届改选小组或%(committee)s居委会，补发后原登录码作废。")
            % {"committee": self.header.residents_committee or self.header.community},
        ):
            self.paragraph(note, 12.5, indent=4 * mm)

    def _signature(self) -> None:
        self.y -= 6 * mm
        self.canvas.setFont(self.font, 14)
        right = PAGE_WIDTH - MARGIN
        group = _("%(community)s换届改选小组") % {"community": self.header.community}
        self.canvas.drawRightString(right, self.y, group)
        self.y -= 7 * mm
        self.canvas.drawRightString(right, self.y, day(self.header.issued_on))

    def _receipt(self) -> None:
        """The tear-off strip: the working group records the delivery from it."""
        self.canvas.setDash(4, 3)
        self.canvas.setLineWidth(0.6)
        self.canvas.line(MARGIN, RECEIPT_CUT, PAGE_WIDTH - MARGIN, RECEIPT_CUT)
        self.canvas.setDash()
        self.canvas.setFont(self.font, 9)
        self.canvas.drawString(MARGIN, RECEIPT_CUT + 1.5 * mm, _("（沿虚线撕下，交换届改选小组留存）"))
        self.canvas.setFont(self.font, 12)
        self.canvas.drawString(MARGIN, RECEIPT_CUT - 17 * mm,
                               _("签收人：__________　与业主关系：________　日期：______年____月____日"))


def _fill(canvas: Canvas, font: str, header: LetterHeader, letter: Letter, top: float, mask: int | None) -> int:
    """The unit's own details in the box, its QR code and the receipt's unit; the QR mask used."""
    left = MARGIN + 6 * mm
    text_width = WIDTH - QR_SIDE - 18 * mm
    canvas.setFont(font, 17)
    canvas.drawString(left, top - 10 * mm, _("房号：%(unit)s") % {"unit": letter.unit})
    owners = wrap(_("业主：%(owners)s") % {"owners": letter.owners}, font, 12, text_width) if letter.owners else ()
    canvas.setFont(font, 12)
    for n, line in enumerate(owners[:2]):
        canvas.drawString(left, top - 16.5 * mm - n * 5 * mm, line + ("……" if n == 1 and len(owners) > 2 else ""))
    canvas.setFont(font, 17)
    canvas.drawString(left, top - 31 * mm, _("登录码："))
    canvas.setFont(font, 32)
    canvas.drawString(left + 26 * mm, top - 33 * mm, grouped(letter.code))
    used, size, runs = qr_runs(letter_url(header, letter), mask)
    cell = QR_SIDE / size
    canvas.saveState()
    canvas.transform(cell, 0, 0, -cell, PAGE_WIDTH - MARGIN - QR_SIDE - 5 * mm, top - 4 * mm)  # y downwards
    path = canvas.beginPath()
    for row, column, length in runs:
        path.rect(column, row, length, 1)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    canvas.setFont(font, 12)
    canvas.drawString(MARGIN, RECEIPT_CUT - 8 * mm, _("告业主书签收回执　　房号：%(unit)s") % {"unit": letter.unit})
    return used
