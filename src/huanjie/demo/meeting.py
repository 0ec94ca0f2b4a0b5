"""The demo's candidates' meeting (候选人见面会): after the final list, in the residents' committee hall.

Announced through the notice engine a few days before it (demo/timeline.py); all but one of the
listed candidates came (one sent apologies), forty-six households signed in; owners asked in
advance and on the spot, and every candidate's answer is in the record. Everything goes through
the real services.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser

from huanjie.candidates.models import Meeting, QuestionSource, Recruitment
from huanjie.candidates.selectors import meeting_candidates
from huanjie.candidates.services import meeting as service
from huanjie.demo.timeline import DemoTimeline
from huanjie.demo.users import DEMO_OWNER_UNIT
from huanjie.notices import services as notices
from huanjie.roster.models import Unit

ABSENT_NOTE = "因单位临时出差请假，已书面提交履职设想，由主持人代为宣读。"
# (asker's unit, source, question, index of the candidate asked or None for all, answers by candidate index)
QUESTIONS = (
    (DEMO_OWNER_UNIT, QuestionSource.ADVANCE_ONLINE, "小区公共收益（停车费、广告费）每年有多少？当选后怎么公开？",
     None, {0: "每月在公告栏和业主群公布收支明细，年底请第三方审计。",
            2: "公共收益的使用须经业主大会决定，我会把合同逐份把关。"}),
    ("2-0301", QuestionSource.ADVANCE_PAPER, "3号楼电梯已用了二十年，经常停运，什么时候能更新？", 1,
     {1: "先请有资质的单位做安全评估，再按维修资金使用程序征求业主意见，争取明年上半年开工。"}),
    ("4-0101", QuestionSource.AT_MEETING, "业委会委员工作日白天能到岗吗？", None,
     {0: "晚上和周末有时间，工作日可以请假参加重要会议。", 3: "我退休在家，白天可以在合署办公室值班。"}),
)
MINUTES = ("见面会由吴书记主持，换届改选小组介绍了换届进程和候选人产生过程。到会候选人逐一作自我介绍并谈了履职设想，"
           "回答了业主会前和现场提出的问题，主要涉及公共收益公开、电梯更新和委员履职时间。\n"
           "到会业主对候选人的介绍表示满意，希望新一届业委会定期公开账目、及时回应诉求。会议于 21:00 结束。")


def load_meeting(round_: Recruitment, staff: AbstractBaseUser, timeline: DemoTimeline) -> Meeting:
    """Schedule, announce, hold and record the candidates' meeting of the demo community."""
    starts_at = timeline.at(timeline.meeting_on, 19)
    meeting = service.schedule_meeting(recruitment=round_, starts_at=starts_at, place="普善路居委会一楼活动室",
                                       host="吴书记（居民区党总支）", actor=staff)
    notice = service.draft_meeting_notice(meeting=meeting, actor=staff)
    notices.publish_notice(notice=notice, actor=staff, today=timeline.meeting_announced,
                           now=timeline.at(timeline.meeting_announced, 9))
    listed = meeting_candidates(meeting)
    for n, candidate in enumerate(listed):
        absent = n == len(listed) - 1
        service.record_candidate_attendance(meeting=meeting, candidate=candidate, present=not absent,
                                            note=ABSENT_NOTE if absent else "", actor=staff)
    community_id = round_.community_id
    units = list(Unit.objects.filter(community_id=community_id, status="delivered").order_by("code")[::9][:46])
    service.sign_in(meeting=meeting, units=units, actor=staff, at=starts_at - timedelta(minutes=10))
    for code, source, text, to, answers in QUESTIONS:
        unit = Unit.objects.get(community_id=community_id, code=code)
        asked_at = starts_at - timedelta(days=2) if source != QuestionSource.AT_MEETING else \
            starts_at + timedelta(minutes=50)
        question = service.ask_question(
            meeting=meeting, text=text, asker_name=unit.owners.order_by("identifier").first().name, unit=unit,
            to_candidate=listed[to] if to is not None else None, source=source, actor=staff, now=asked_at)
        for index, answer in answers.items():
            service.answer_question(question=question, candidate=listed[index], text=answer, actor=staff)
    return service.record_minutes(meeting=meeting, minutes=MINUTES, recorder="李老师", actor=staff,
                                  now=starts_at + timedelta(hours=2, minutes=10))
