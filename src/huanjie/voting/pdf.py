"""表决票 for printing: one A4 page per paper, in Chinese, with a QR code of its serial.

A paper is a voting entity's (all its units) or, when the assembly issues a paper per unit, one
unit's (that unit only, not the entity's other units). Each sheet names the community, the
paper's units and area, every contest with its boxes
(同意 per candidate with the max-choices rule; 同意/反对/弃权 per motion), how to fill it in,
the signature lines, and the voting code for voting online instead.

Drawn straight onto a reportlab canvas rather than through platypus: a street office prints
thousands at once (target: 5,000 in under a minute, bench/bench_ballot_pdfs.py). A sheet whose
contests do not fit on one page continues on the next, with the serial repeated.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from huanjie.notices.pdf import cjk_font
from huanjie.voting.codes import format_code
from huanjie.voting.models import Assembly, BallotPaper, PaperMode, Precedence

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIDE = 26 * mm
BOX = 4.2 * mm


@dataclass(frozen=True)
class ContestSpec:
    title: str
    is_election: bool
    seats: int
    limit: int
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class BallotHeader:
    """What every sheet of one assembly shares."""

    community: str
    title: str
    form: str
    window: str
    counting_place: str
    precedence: str
    vote_url: str
    contests: tuple[ContestSpec, ...]
    per_unit: bool = False


@dataclass(frozen=True)
class BallotSheet:
    """What one paper's sheet says of it. `code` is None when no code is printed."""

    serial: str
    units: str
    area: Decimal
    developer: bool
    code: str | None


def header_of(assembly: Assembly, *, vote_url: str) -> BallotHeader:
    def local(moment: object) -> str:
        return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}"  # type: ignore[arg-type]

    contests = tuple(
        ContestSpec(c.title, c.is_election, c.seats or 0, c.choice_limit, tuple(c.candidates))
        for c in assembly.contests.order_by("position", "pk"))
    precedence = (_("同一户既网上投票又交纸质票的，以纸质票为准。") if assembly.precedence == Precedence.PAPER
                  else _("同一户既网上投票又交纸质票的，以先收到的为准。"))
    return BallotHeader(assembly.community.name, assembly.title, str(assembly.get_form_display()),
                        f"{local(assembly.opens_at)} 至 {local(assembly.closes_at)}", assembly.counting_place,
                        precedence, vote_url, contests, assembly.paper_mode == PaperMode.PER_UNIT)


def sheet_of(paper: BallotPaper, code: str | None) -> BallotSheet:
    """A per-unit paper lists its one unit and that unit's area; an entity-wide one all the entity's."""
    return BallotSheet(paper.serial, paper.label, paper.area, paper.entity.developer,
                       format_code(code) if code else None)


def render_ballots(header: BallotHeader, sheets: Iterable[BallotSheet]) -> bytes:
    """All sheets in one PDF, in the order given."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(f"{header.community} · {header.title} · {_('表决票')}")
    canvas.setAuthor(header.community)
    font = cjk_font()
    drawn = 0
    # A print run makes millions of small objects that all live until the PDF is written; the
    # cyclic collector would rescan them again and again (5,000 sheets: about a third of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for sheet in sheets:
            _Sheet(canvas, font, header, sheet).draw()
            drawn += 1
    finally:
        if collecting:
            gc.enable()
    if not drawn:
        canvas.setFont(font, 12)
        canvas.drawString(MARGIN, PAGE_HEIGHT - MARGIN, _("没有需要打印的表决票。"))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@lru_cache(maxsize=4096)
def wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Lines of `text` no wider than `width`, broken between any two characters (Chinese has no spaces).

    Cached: the instructions and contest texts are the same on every sheet of a print run.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0
        for char in paragraph:
            advance = _advance(char, font) * size
            if line and used + advance > width:
                lines.append(line)
                line, used = "", 0.0
            line += char
            used += advance
        lines.append(line)
    return tuple(lines)


@lru_cache(maxsize=8192)
def _advance(char: str, font: str) -> float:
    """The width of `char` at size 1; measuring a line char by char keeps wrapping linear."""
    return float(stringWidth(char, font, 1000)) / 1000


def qr_runs(serial: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR matrix of `serial` as horizontal runs of dark modules: (size, [(row, first column, length)])."""
    matrix = [list(row) for row in segno.make(serial, error="m").matrix_iter(scale=1, border=1)]
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(matrix), runs


class _Sheet:
    """One entity's sheet, drawn top to bottom with a cursor `y`."""

    def __init__(self, canvas: Canvas, font: str, header: BallotHeader, sheet: BallotSheet) -> None:
        self.canvas, self.font, self.header, self.sheet = canvas, font, header, sheet
        self.y = PAGE_HEIGHT - MARGIN
        self.page = 1

    def draw(self) -> None:
        self._masthead()
        self._entity()
        for number, contest in enumerate(self.header.contests, start=1):
            if contest.is_election:
                self._election(number, contest)
            else:
                self._motion(number, contest)
        self._instructions()
        self._signature()
        self._footer()
        self.canvas.showPage()

    # -- drawing helpers -------------------------------------------------------------------

    def text(self, x: float, text: str, size: float = 10.5, *, centre: bool = False, gap: float = 1.45) -> None:
        self.y -= size * gap
        self.canvas.setFont(self.font, size)
        if centre:
            self.canvas.drawCentredString(PAGE_WIDTH / 2, self.y, text)
        else:
            self.canvas.drawString(x, self.y, text)

    def paragraph(self, text: str, size: float = 10.5, *, indent: float = 0) -> None:
        for line in wrap(text, self.font, size, WIDTH - indent):
            self.room(size * 1.45)
            self.text(MARGIN + indent, line, size)

    def box(self, x: float, label: str) -> float:
        """A tick box followed by its label at the cursor's line; returns the x after it."""
        self.canvas.rect(x, self.y - 1, BOX, BOX, stroke=1, fill=0)
        self.canvas.setFont(self.font, 10.5)
        self.canvas.drawString(x + BOX + 1.5 * mm, self.y, label)
        return x + BOX + 3 * mm + stringWidth(label, self.font, 10.5)

    def room(self, needed: float) -> None:
        """Continue on a new page when `needed` points do not fit above the footer."""
        if self.y - needed >= MARGIN + 12 * mm:
            return
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_HEIGHT - MARGIN
        self.text(MARGIN, _("表决票（续）  编号 %(serial)s  %(units)s") % {
            "serial": self.sheet.serial, "units": self.sheet.units[:40]}, 10.5)
        self.y -= 3 * mm

    def rule(self) -> None:
        self.y -= 2.5 * mm
        self.canvas.setLineWidth(0.6)
        self.canvas.line(MARGIN, self.y, PAGE_WIDTH - MARGIN, self.y)
        self.y -= 1 * mm

    # -- the parts of a sheet ---------------------------------------------------------------

    def _masthead(self) -> None:
        self._qr()
        # Centred between the margins, clear of the QR code in the corner.
        beside_qr = WIDTH - 2 * (QR_SIDE + 4 * mm)
        for line in wrap(self.header.community, self.font, 14, beside_qr):
            self.text(MARGIN, line, 14, centre=True)
        for line in wrap(self.header.title, self.font, 13, beside_qr):
            self.text(MARGIN, line, 13, centre=True)
        self.text(MARGIN, _("表 决 票"), 20, centre=True, gap=1.6)
        self.y = min(self.y, PAGE_HEIGHT - MARGIN - QR_SIDE - 5 * mm)
        self.rule()

    def _qr(self) -> None:
        size, runs = qr_runs(self.sheet.serial)
        cell = QR_SIDE / size
        left, top = PAGE_WIDTH - MARGIN - QR_SIDE, PAGE_HEIGHT - MARGIN
        canvas = self.canvas
        canvas.saveState()
        # In module units, with y downwards: every rectangle is four small integers.
        canvas.transform(cell, 0, 0, -cell, left, top)
        path = canvas.beginPath()
        for row, column, length in runs:
            path.rect(column, row, length, 1)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()
        canvas.setFont(self.font, 8)
        canvas.drawCentredString(left + QR_SIDE / 2, top - QR_SIDE - 3 * mm, self.sheet.serial)

    def _entity(self) -> None:
        sheet = self.sheet
        self.text(MARGIN, _("表决票编号：%(serial)s") % {"serial": sheet.serial}, 12)
        self.paragraph(_("房号：%(units)s") % {"units": sheet.units}, 12)
        area = _("专有部分面积：%(area)s ㎡") % {"area": f"{sheet.area:.2f}"}
        if sheet.developer:
            area += _("（建设单位未售或未交付房屋，合计按一人计算）")
        self.text(MARGIN, area, 12)
        self.paragraph(_("会议形式：%(form)s    投票时间：%(window)s") % {
            "form": self.header.form, "window": self.header.window}, 10.5)
        if self.header.counting_place:
            self.paragraph(_("开箱计票地点：%(place)s") % {"place": self.header.counting_place}, 10.5)
        if sheet.code:
            self.y -= 1.5 * mm
            self.text(MARGIN, _("网上投票表决码：%(code)s") % {"code": sheet.code}, 14)
            self.paragraph(_("也可以用手机打开 %(url)s ，输入上面的表决码和业主名册登记手机号的后四位投票。"
                             "表决码只能使用一次，请勿告诉他人。网上投票后请不要再交纸质票。") % {
                "url": self.header.vote_url}, 9.5)
        self.rule()

    def _election(self, number: int, contest: ContestSpec) -> None:
        self.room(12 * mm + 7 * mm * min(len(contest.candidates), 3))
        self.text(MARGIN, f"{number}. {contest.title}", 12.5, gap=1.7)
        self.paragraph(_("应选 %(seats)s 人，每张表决票最多同意 %(limit)s 人。在同意的候选人“同意”框内打“√”，"
                         "不打即为不同意；同意超过 %(limit)s 人的，本项表决无效。") % {
            "seats": contest.seats, "limit": contest.limit}, 9.5)
        half = WIDTH / 2
        for index, name in enumerate(contest.candidates):
            column = index % 2
            if column == 0:
                self.room(7 * mm)
                self.y -= 7 * mm
            x = MARGIN + column * half
            self.canvas.setFont(self.font, 11)
            self.canvas.drawString(x, self.y, f"{index + 1}. {name}")
            self.box(x + half - 30 * mm, _("同意"))
        self.y -= 2 * mm

    def _motion(self, number: int, contest: ContestSpec) -> None:
        self.room(16 * mm)
        self.paragraph(f"{number}. {contest.title}", 12.5)
        self.y -= 7 * mm
        x = MARGIN + 6 * mm
        for label in (_("同意"), _("反对"), _("弃权")):
            x = self.box(x, label) + 8 * mm
        self.canvas.setFont(self.font, 9.5)
        self.canvas.drawString(x, self.y, _("只能选一项；不选或多选视为弃权"))
        self.y -= 2 * mm

    def _instructions(self) -> None:
        self.rule()
        self.room(30 * mm)
        self.text(MARGIN, _("填写说明"), 11)
        for line in (
            _("1. 请用黑色或蓝色笔在方框内打“√”，字迹清楚，不要涂改。"),
            _("2. 表决票须由业主本人签名；委托他人投票的，受托人签名并附业主签署的委托书。"),
            _("3. 未签名、非业主本人签名又无委托书、字迹无法辨认的表决票无效。"),
            (_("4. 每个专有部分一张表决票；同一业主的几张票意见不一致的，各房屋面积按各自的票计算，"
               "该业主的人数只在各票一致时计入。")
             if self.header.per_unit else _("4. 每户（表决主体）只计一票。")) + self.header.precedence,
            _("5. 请在投票截止时间前投入票箱，或交给上门收票的两位工作人员。"),
        ):
            self.paragraph(line, 9.5, indent=3 * mm)

    def _signature(self) -> None:
        self.room(22 * mm)
        self.y -= 8 * mm
        self.canvas.setFont(self.font, 11)
        self.canvas.drawString(MARGIN, self.y, _("业主签名：____________________    日期：______年____月____日"))
        self.y -= 9 * mm
        self.canvas.drawString(MARGIN, self.y, _("受托人签名（委托投票时）：____________________"))

    def _footer(self) -> None:
        self.canvas.setFont(self.font, 8)
        line = _("%(community)s · 表决票编号 %(serial)s · 第 %(page)s 页") % {
            "community": self.header.community, "serial": self.sheet.serial, "page": self.page}
        self.canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN - 4 * mm, line)


def render_papers(assembly: Assembly, issued: Sequence[tuple[BallotPaper, str | None]], *, vote_url: str) -> bytes:
    """The sheets of these papers, each with its freshly issued code (or none)."""
    header = header_of(assembly, vote_url=vote_url)
    return render_ballots(header, (sheet_of(paper, code) for paper, code in issued))
