"""The panel's score sheets of one candidate as a printed record, for the file and the panelists' signatures."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.candidates.models import Candidate, Criterion
from huanjie.candidates.selectors import PanelResult
from huanjie.notices.pdf import Section, render_record_pdf
from huanjie.rules.panel import format_score


def score_sheets_pdf(candidate: Candidate, result: PanelResult) -> bytes:
    """Every sheet with its points per criterion and score out of 100, the conflicts, and the panel's view."""
    criteria = list(Criterion.objects.filter(recruitment_id=candidate.recruitment_id))
    rows = []
    for sheet, score in result.sheets:
        points = {s.criterion_id: s.points for s in sheet.scores.all()}
        rows.append((str(sheet.assignment.panelist), sheet.assignment.panelist.get_affiliation_display(),
                     *[str(points.get(c.pk, "")) for c in criteria], format_score(score), sheet.comment,
                     f"{timezone.localtime(sheet.submitted_at):%Y-%m-%d %H:%M}"))
    columns = (_("评审团成员"), _("所属方面"), *[f"{c.name}（{c.max_points}）" for c in criteria], _("百分制"),
               _("评语"), _("提交时间"))
    conflicts = [_("%(who)s 申报利益冲突，未评分：%(note)s") % {"who": a.panelist, "note": a.conflict_note}
                 for a in candidate.assignments.select_related("panelist__user").filter(conflict_declared=True)]
    interview = ""
    if candidate.interview_at:
        interview = _("面试时间：%(at)s　地点：%(place)s") % {
            "at": f"{timezone.localtime(candidate.interview_at):%Y-%m-%d %H:%M}", "place": candidate.interview_place}
    reelection = candidate.recruitment.reelection
    return render_record_pdf(
        title=_("业主委员会委员候选人面试评分表"),
        lines=[_("%(community)s第%(term)s届业主委员会换届") % {"community": reelection.community.name,
                                                        "term": reelection.term_number},
               _("候选人：%(name)s（%(building)s）") % {
                   "name": candidate.name, "building": candidate.nomination.unit.building.name
                   if candidate.nomination.unit.building else candidate.nomination.unit.code},
               interview],
        sections=[
            Section(_("一、各评审团成员评分（各自独立评分，提交后不可修改）"), columns=columns, rows=tuple(rows),
                    widths=(1.4, 1.3, *[1.0 for _c in criteria], 0.9, 2.4, 1.5)),
            Section(_("二、利益冲突回避"), lines=tuple(conflicts) or (_("无。"),)),
            Section(_("三、评审团意见"), lines=(result.reason,)),
        ],
        signature=_("评审团成员签名：________________________________________　　日期：__________"))
