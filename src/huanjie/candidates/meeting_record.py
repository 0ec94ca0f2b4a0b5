"""The printed record of a candidates' meeting (见面会记录): schedule, attendance, questions and answers, minutes.

Askers are shown with masked names and their building only: the record is posted and filed,
and an owner's question should not put their flat number on the wall.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from huanjie.candidates.models import Meeting
from huanjie.candidates.selectors import attendance_by_building, meeting_candidates, questions_of
from huanjie.candidates.services.meeting import when_text
from huanjie.notices.pdf import Section, render_record_pdf
from huanjie.privacy import mask_name


def _attendance(meeting: Meeting) -> list[Section]:
    marks = {row.candidate_id: row for row in meeting.candidate_attendance.all()}
    rows = []
    for candidate in meeting_candidates(meeting):
        row = marks.get(candidate.pk)
        state = _("未登记") if row is None else (_("出席") if row.present else _("缺席"))
        rows.append((candidate.name, state, row.note if row else ""))
    by_building = attendance_by_building(meeting)
    total = sum(n for _b, n in by_building)
    return [
        Section(_("一、候选人出席情况"), columns=(_("候选人"), _("出席情况"), _("说明")), rows=tuple(rows),
                widths=(2, 1.2, 4)),
        Section(_("二、业主签到情况"), lines=(_("签到业主共 %(n)s 户。") % {"n": total},),
                columns=(_("楼栋"), _("签到户数")), rows=tuple((b, str(n)) for b, n in by_building)),
    ]


def _questions(meeting: Meeting) -> Section:
    rows = []
    for number, question in enumerate(questions_of(meeting), start=1):
        building = question.unit.building.name if question.unit and question.unit.building else ""
        asker = "".join(filter(None, [building, mask_name(question.asker_name)])) or _("业主")
        to = question.to_candidate.name if question.to_candidate else _("全体候选人")
        answers = "\n".join(f"{a.candidate.name}：{a.text}" for a in question.answers.all()) or _("（未作回答）")
        rows.append((str(number), f"{asker} → {to}（{question.get_source_display()}）", question.text, answers))
    if not rows:
        return Section(_("三、业主提问及候选人回答"), lines=(_("本次见面会无业主提问。"),))
    return Section(_("三、业主提问及候选人回答"), columns=(_("序号"), _("提问人 → 对象"), _("问题"), _("回答要点")),
                   rows=tuple(rows), widths=(0.6, 2.2, 3, 4.5))


def meeting_record_pdf(meeting: Meeting) -> bytes:
    reelection = meeting.recruitment.reelection
    minutes = meeting.minutes or _("（会议纪要尚未存档）")
    return render_record_pdf(
        title=_("%(name)s第%(term)s届业主委员会委员候选人见面会记录") % {
            "name": reelection.community.name, "term": reelection.term_number},
        lines=[_("时间：%(when)s") % {"when": when_text(meeting.starts_at)},
               _("地点：%(place)s") % {"place": meeting.place},
               _("主持人：%(host)s　　记录人：%(recorder)s") % {"host": meeting.host,
                                                            "recorder": meeting.recorder or "____"}],
        sections=[*_attendance(meeting), _questions(meeting),
                  Section(_("四、会议纪要"), lines=tuple(minutes.splitlines()))],
        signature=_("主持人签名：______________　　记录人签名：______________　　日期：__________"))
