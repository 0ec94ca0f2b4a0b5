"""The one-page plan to print and carry: time, place, who is in charge, risks, the checklist."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from huanjie.contingency.models import EventPlan
from huanjie.notices.pdf import cjk_font

BODY = 9.5


def _styles() -> dict[str, ParagraphStyle]:
    base = {"fontName": cjk_font(), "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("title", fontSize=16, leading=22, alignment=1, spaceAfter=4, **base),
        "body": ParagraphStyle("body", fontSize=BODY, leading=BODY * 1.45, **base),
        "head": ParagraphStyle("head", fontSize=11, leading=16, spaceBefore=6, spaceAfter=3, **base),
        "cell": ParagraphStyle("cell", fontSize=8.5, leading=11.5, **base),
    }


def _grid(rows: list[list[str]], style: ParagraphStyle, widths: list[float]) -> Table:
    table = Table([[Paragraph(escape(cell), style) for cell in row] for row in rows], colWidths=widths,
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def render_plan_pdf(plan: EventPlan) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    title = _("%(community)s %(event)s应急预案") % {"community": plan.community.name,
                                                     "event": plan.get_kind_display()}
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=title)
    starts = timezone.localtime(plan.starts_at)
    story: list[Flowable] = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(escape(_("时间：%(when)s　地点：%(venue)s") % {"when": f"{starts:%Y年%m月%d日 %H:%M}",
                                                               "venue": plan.venue}), styles["body"]),
        Paragraph(escape(_("现场总负责人：%(name)s　电话：%(phone)s　紧急情况：110 / 120 / 119") % {
            "name": plan.commander, "phone": plan.commander_phone}), styles["body"]),
        Paragraph(escape(_("一、风险与应对")), styles["head"]),
    ]
    w = doc.width
    rows = [[_("风险"), _("可能性/影响"), _("应对措施"), _("责任人"), _("联系电话")]]
    rows += [[f"{r.get_kind_display()}：{r.situation}" if r.situation else r.get_kind_display(),
              f"{r.get_likelihood_display()}/{r.get_impact_display()}", r.mitigation, r.responsible, r.contact]
             for r in plan.risks.all()]
    story.append(_grid(rows, styles["cell"], [w * 0.22, w * 0.1, w * 0.43, w * 0.11, w * 0.14]))
    story.append(Paragraph(escape(_("二、会前检查清单（全部确认后方可宣布开始）")), styles["head"]))
    checks = [[_("序号"), _("检查项"), _("由谁确认"), _("确认情况")]]
    for item in plan.checklist.all():
        done = (_("%(who)s %(when)s 已确认") % {"who": item.done_by_label,
                                             "when": f"{timezone.localtime(item.done_at):%m-%d %H:%M}"}
                if item.done_at else _("未确认"))
        checks.append([str(item.position), item.text, item.get_role_display(), done])
    story.append(_grid(checks, styles["cell"], [w * 0.07, w * 0.5, w * 0.18, w * 0.25]))
    story += [Spacer(1, 6), Paragraph(escape(_(
        "三、会议期间发生的情况，由现场总负责人指定专人当场记录（时间、情况、处置），会后存档备查。")), styles["body"])]
    doc.build(story)
    return buffer.getvalue()
