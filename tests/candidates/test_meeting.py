from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from huanjie.audit.models import AuditRecord
from huanjie.candidates.errors import (
    AbsenceNeedsNote,
    MeetingAlreadyHeld,
    MeetingNeedsCandidateList,
    MeetingNotStarted,
    NotOnMeetingList,
    QuestionsClosed,
)
from huanjie.candidates.meeting_record import meeting_record_pdf
from huanjie.candidates.models import MeetingStatus, QuestionSource
from huanjie.candidates.services import meeting as service
from huanjie.candidates.services import slate
from huanjie.notices import services as notices
from huanjie.notices.errors import NoticeTooLate
from huanjie.notices.models import NoticeKind


@pytest.fixture
def meeting(round_, listed, alice):  # type: ignore[no-untyped-def]
    at = timezone.now() + timedelta(days=3)
    return service.schedule_meeting(recruitment=round_, starts_at=at, place="居委会二楼会议室", host="吴书记",
                                    actor=alice)


def text_of(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_meeting_waits_for_the_published_candidate_list(round_, alice):
    with pytest.raises(MeetingNeedsCandidateList):
        service.schedule_meeting(recruitment=round_, starts_at=timezone.now(), place="会议室", host="吴书记",
                                 actor=alice)


def test_the_meeting_notice_is_filled_from_the_schedule_and_the_list(meeting, alice):
    notice = service.draft_meeting_notice(meeting=meeting, actor=alice)
    assert notice.kind == NoticeKind.CANDIDATES_MEETING
    assert notice.event_on == timezone.localtime(meeting.starts_at).date()
    assert "居委会二楼会议室" in notice.body and "吴书记主持" in notice.body and "候选人 2 名" in notice.body
    assert [row[1] for row in notice.table["rows"]] == ["甲先生", "乙先生"]
    assert "subjects" not in notice.table
    assert notices.publish_notice(notice=notice, actor=alice, today=timezone.localdate()).is_published


def test_a_meeting_cannot_be_announced_after_it_took_place(meeting, alice):
    notice = service.draft_meeting_notice(meeting=meeting, actor=alice)
    with pytest.raises(NoticeTooLate):
        notices.publish_notice(notice=notice, actor=alice, today=notice.event_on + timedelta(days=1))


def test_an_absent_candidate_needs_a_reason(meeting, listed, alice):
    with pytest.raises(AbsenceNeedsNote):
        service.record_candidate_attendance(meeting=meeting, candidate=listed[1], present=False, note="", actor=alice)
    row = service.record_candidate_attendance(meeting=meeting, candidate=listed[1], present=False, note="出差",
                                              actor=alice)
    assert row.note == "出差"


def test_only_listed_candidates_are_on_the_roll(meeting, listed, alice):
    outsider = slate.withdraw_candidate(candidate=listed[1], reason="本人因工作调动退出", actor=alice)
    with pytest.raises(NotOnMeetingList):
        service.record_candidate_attendance(meeting=meeting, candidate=outsider, present=True, note="", actor=alice)


def test_a_unit_signs_in_once(meeting, wuyuehua, alice):
    units = list(wuyuehua.units.filter(code__in=["1-101", "1-102"]))
    assert service.sign_in(meeting=meeting, units=units, actor=alice, at=timezone.now()) == 2
    assert service.sign_in(meeting=meeting, units=units[:1], actor=alice, at=timezone.now()) == 0
    assert meeting.attendees.count() == 2


def test_questions_in_advance_close_when_the_meeting_starts(meeting, wuyuehua, olivia):
    unit = wuyuehua.units.get(code="1-201")
    with pytest.raises(QuestionsClosed):
        service.ask_question(meeting=meeting, text="电梯何时更新？", asker_name="丙先生", unit=unit, to_candidate=None,
                             source=QuestionSource.ADVANCE_ONLINE, actor=olivia, now=meeting.starts_at)
    at_meeting = service.ask_question(meeting=meeting, text="电梯何时更新？", asker_name="丙先生", unit=unit,
                                      to_candidate=None, source=QuestionSource.AT_MEETING, actor=None,
                                      now=meeting.starts_at + timedelta(minutes=30))
    assert at_meeting.source == QuestionSource.AT_MEETING


def test_each_candidate_answers_and_a_correction_replaces_the_gist(meeting, listed, alice):
    question = service.ask_question(meeting=meeting, text="公共收益怎么公开？", asker_name="丙先生", unit=None,
                                    to_candidate=None, source=QuestionSource.ADVANCE_PAPER, actor=alice,
                                    now=timezone.now())
    service.answer_question(question=question, candidate=listed[0], text="每月公告栏公布", actor=alice)
    service.answer_question(question=question, candidate=listed[0], text="每月在公告栏和业主群公布", actor=alice)
    service.answer_question(question=question, candidate=listed[1], text="同意", actor=alice)
    assert sorted(question.answers.values_list("text", flat=True)) == ["同意", "每月在公告栏和业主群公布"]


def test_the_minutes_close_the_record(meeting, listed, wuyuehua, alice):
    with pytest.raises(MeetingNotStarted):
        service.record_minutes(meeting=meeting, minutes="会议顺利", recorder="小组", actor=alice, now=timezone.now())
    after = meeting.starts_at + timedelta(hours=2)
    held = service.record_minutes(meeting=meeting, minutes="会议顺利", recorder="小组", actor=alice, now=after)
    assert held.status == MeetingStatus.HELD
    assert AuditRecord.objects.filter(code="candidates.meeting.minutes").exists()
    with pytest.raises(MeetingAlreadyHeld):
        service.sign_in(meeting=held, units=[wuyuehua.units.get(code="1-201")], actor=alice, at=after)
    with pytest.raises(MeetingAlreadyHeld):
        service.record_candidate_attendance(meeting=held, candidate=listed[0], present=True, note="", actor=alice)


def test_the_printed_record_has_the_roll_the_sign_in_the_answers_and_masked_askers(meeting, listed, wuyuehua,
                                                                                    alice):
    service.record_candidate_attendance(meeting=meeting, candidate=listed[0], present=True, note="", actor=alice)
    service.record_candidate_attendance(meeting=meeting, candidate=listed[1], present=False, note="因公出差",
                                        actor=alice)
    service.sign_in(meeting=meeting, units=list(wuyuehua.units.all()), actor=alice, at=timezone.now())
    question = service.ask_question(meeting=meeting, text="维修资金怎么用？", asker_name="丙先生",
                                    unit=wuyuehua.units.get(code="1-201"), to_candidate=listed[0],
                                    source=QuestionSource.ADVANCE_PAPER, actor=alice, now=timezone.now())
    service.answer_question(question=question, candidate=listed[0], text="先公示后表决", actor=alice)
    held = service.record_minutes(meeting=meeting, minutes="到会业主踊跃提问。", recorder="王记录", actor=alice,
                                  now=meeting.starts_at + timedelta(hours=2))
    text = text_of(meeting_record_pdf(held))
    for expected in ("候选人见面会记录", "居委会二楼会议室", "吴书记", "王记录", "因公出差", "签到业主共 3 户",
                     "维修资金怎么用", "先公示后表决", "丙*生", "到会业主踊跃提问"):
        assert expected in text, expected
    assert "丙先生" not in text
