"""候选人见面会: the schedule, its notice, who came, owners' questions and each candidate's answer, the minutes.

The meeting is for the candidates on the published candidate list (SH art. 21: the working group
posts the candidates; the owners then meet them). Owners may send questions in advance until the
meeting starts; at the meeting staff record attendance, the questions asked and every answer.
Filing the minutes closes the record: what was said is not edited afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.candidates.errors import (
    AbsenceNeedsNote,
    MeetingAlreadyHeld,
    MeetingNeedsCandidateList,
    MeetingNoticeExists,
    MeetingNotStarted,
    NotOnMeetingList,
    QuestionsClosed,
    TextRequired,
    UnitNotInCommunity,
)
from huanjie.candidates.models import (
    Candidate,
    Meeting,
    MeetingAnswer,
    MeetingAttendee,
    MeetingCandidate,
    MeetingQuestion,
    MeetingStatus,
    QuestionSource,
    Recruitment,
)
from huanjie.candidates.selectors import meeting_candidates
from huanjie.candidates.services.slate import notice_table
from huanjie.notices import services as notices
from huanjie.notices.models import Notice, NoticeKind
from huanjie.roster.models import Unit

Actor = AbstractBaseUser | None
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def when_text(at: datetime) -> str:
    """2026年12月12日（星期六）19:00, in Shanghai time."""
    local = timezone.localtime(at)
    return f"{local:%Y年%m月%d日}（星期{WEEKDAYS[local.weekday()]}）{local:%H:%M}"


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("recruitment__reelection__community").get(pk=meeting.pk)


def _ensure_open(meeting: Meeting) -> None:
    if meeting.is_held and meeting.minutes_at is not None:  # the constraint makes these go together
        raise MeetingAlreadyHeld(day=f"{timezone.localtime(meeting.minutes_at):%Y-%m-%d}")


def _required(text: str, what: str) -> str:
    if not text.strip():
        raise TextRequired(what=what)
    return text.strip()


@transaction.atomic
def schedule_meeting(*, recruitment: Recruitment, starts_at: datetime, place: str, host: str,
                     actor: Actor) -> Meeting:
    """Set the date, place and host; the candidate list must already be before the owners."""
    recruitment = Recruitment.objects.select_related("candidate_notice").get(pk=recruitment.pk)
    notice = recruitment.candidate_notice
    if notice is None or not notice.is_published:
        raise MeetingNeedsCandidateList()
    meeting = Meeting.objects.create(
        community_id=recruitment.community_id, recruitment=recruitment, starts_at=starts_at,
        place=_required(place, _("会议地点")), host=_required(host, _("主持人")), created_by=actor)
    audit.record("candidates.meeting.scheduled", actor=actor, target=meeting, data={"after": {
        "starts_at": starts_at.isoformat(), "place": meeting.place, "host": meeting.host}})
    return meeting


def meeting_notice_text(meeting: Meeting, candidate_count: int) -> str:
    reelection = meeting.recruitment.reelection
    return "\n".join([
        _("为便于广大业主了解第%(term)s届业主委员会委员候选人，听取候选人的履职设想，换届改选小组定于"
          "%(when)s在%(place)s召开候选人见面会，由%(host)s主持。现将有关事项公告如下。")
        % {"term": reelection.term_number, "when": when_text(meeting.starts_at), "place": meeting.place,
           "host": meeting.host},
        _("一、参加人员：经公示的候选人 %(n)s 名（名单附后）；欢迎本小区业主参加，每户可来一至两人，"
          "到场后请按房号签到。") % {"n": candidate_count},
        _("二、会议议程：主持人介绍换届改选工作进展；候选人逐一作自我介绍并谈履职设想；候选人回答业主提问。"),
        _("三、业主可在会前登录手机页面“报名参选—候选人见面会”提交问题，也可书面交换届改选小组，"
          "或在会上现场提问。问题和候选人的回答将记入会议纪要，会后存档备查。"),
        _("请业主相互转告，准时参加。"),
    ])


@transaction.atomic
def draft_meeting_notice(*, meeting: Meeting, actor: Actor) -> Notice:
    """候选人见面会公告, filled from the schedule and the candidate list; staff review and publish it."""
    meeting = _locked(meeting)
    if meeting.notice_id is not None:
        raise MeetingNoticeExists(title=str(meeting.notice))
    _ensure_open(meeting)
    reelection = meeting.recruitment.reelection
    listed = meeting_candidates(meeting)
    table = notice_table(listed)
    table.pop("subjects")  # an announcement of a meeting takes no objections to the candidates
    notice = notices.create_notice(
        community=reelection.community, reelection=reelection, kind=NoticeKind.CANDIDATES_MEETING,
        title=_("关于召开第%(term)s届业主委员会委员候选人见面会的公告") % {"term": reelection.term_number},
        body=meeting_notice_text(meeting, len(listed)), table=table, period_days=0, actor=actor,
        issuer=_("%(name)s业主委员会换届改选小组") % {"name": reelection.community.name},
        event_on=timezone.localtime(meeting.starts_at).date())
    meeting.notice = notice
    meeting.save(update_fields=["notice"])
    audit.record("candidates.meeting.notice_drafted", actor=actor, target=meeting, data={"after": {
        "notice": notice.pk}})
    return notice


def _ensure_listed(meeting: Meeting, candidate: Candidate) -> None:
    if candidate.pk not in {c.pk for c in meeting_candidates(meeting)}:
        raise NotOnMeetingList(name=candidate.name)


@transaction.atomic
def record_candidate_attendance(*, meeting: Meeting, candidate: Candidate, present: bool, note: str,
                                actor: Actor) -> MeetingCandidate:
    meeting = _locked(meeting)
    _ensure_open(meeting)
    _ensure_listed(meeting, candidate)
    if not present and not note.strip():
        raise AbsenceNeedsNote(name=candidate.name)
    row, created = MeetingCandidate.objects.update_or_create(
        meeting=meeting, candidate=candidate,
        defaults={"community_id": meeting.community_id, "present": present, "note": note.strip()})
    audit.record("candidates.meeting.candidate_attendance", actor=actor, target=meeting, data={
        "candidate": candidate.pk, "after": {"present": present, "note": row.note}, "created": created})
    return row


@transaction.atomic
def sign_in(*, meeting: Meeting, units: Sequence[Unit], actor: Actor, at: datetime) -> int:
    """Owners signing in by unit; a unit signed in already is not counted twice. Returns the new rows."""
    meeting = _locked(meeting)
    _ensure_open(meeting)
    for unit in units:
        if unit.community_id != meeting.community_id:
            raise UnitNotInCommunity(code=unit.code)
    have = set(meeting.attendees.values_list("unit_id", flat=True))
    new = {u.pk: u for u in units if u.pk not in have}
    MeetingAttendee.objects.bulk_create([
        MeetingAttendee(community_id=meeting.community_id, meeting=meeting, unit=u, signed_at=at, recorded_by=actor)
        for u in new.values()])
    audit.record("candidates.meeting.signed_in", actor=actor, target=meeting, data={"after": {
        "units": sorted(u.code for u in new.values())}})
    return len(new)


@transaction.atomic
def ask_question(*, meeting: Meeting, text: str, asker_name: str, unit: Unit | None,
                 to_candidate: Candidate | None, source: str, actor: Actor, now: datetime) -> MeetingQuestion:
    """A question in advance (until the meeting starts) or at the meeting, to everyone or to one candidate."""
    meeting = _locked(meeting)
    _ensure_open(meeting)
    if source != QuestionSource.AT_MEETING and now >= meeting.starts_at:
        raise QuestionsClosed(when=when_text(meeting.starts_at))
    if unit is not None and unit.community_id != meeting.community_id:
        raise UnitNotInCommunity(code=unit.code)
    if to_candidate is not None:
        _ensure_listed(meeting, to_candidate)
    question = MeetingQuestion.objects.create(
        community_id=meeting.community_id, meeting=meeting, unit=unit, asker_name=asker_name.strip(),
        to_candidate=to_candidate, text=_required(text, _("问题")), source=source, asked_by=actor, asked_at=now)
    audit.record("candidates.meeting.question", actor=actor, target=question, data={"after": {
        "unit": unit.code if unit else None, "to": to_candidate.pk if to_candidate else None,
        "source": source, "text": question.text}})
    return question


@transaction.atomic
def answer_question(*, question: MeetingQuestion, candidate: Candidate, text: str, actor: Actor) -> MeetingAnswer:
    """The gist of one candidate's answer, as the recorder wrote it down; corrected until the minutes are filed."""
    meeting = _locked(question.meeting)
    _ensure_open(meeting)
    _ensure_listed(meeting, candidate)
    before = MeetingAnswer.objects.filter(question=question, candidate=candidate).values_list("text", flat=True) \
        .first()
    answer, _created = MeetingAnswer.objects.update_or_create(
        question=question, candidate=candidate,
        defaults={"community_id": meeting.community_id, "text": _required(text, _("回答要点"))})
    audit.record("candidates.meeting.answer", actor=actor, target=question, data={
        "candidate": candidate.pk, "before": before, "after": answer.text})
    return answer


@transaction.atomic
def record_minutes(*, meeting: Meeting, minutes: str, recorder: str, actor: Actor, now: datetime) -> Meeting:
    """File the minutes after the meeting; attendance, questions and answers are closed with them."""
    meeting = _locked(meeting)
    _ensure_open(meeting)
    if now < meeting.starts_at:
        raise MeetingNotStarted(when=when_text(meeting.starts_at))
    meeting.minutes, meeting.recorder = _required(minutes, _("会议纪要")), _required(recorder, _("记录人"))
    meeting.status, meeting.minutes_by, meeting.minutes_at = MeetingStatus.HELD, actor, now
    meeting.save(update_fields=["minutes", "recorder", "status", "minutes_by", "minutes_at"])
    audit.record("candidates.meeting.minutes", actor=actor, target=meeting, data={"after": {
        "minutes": meeting.minutes, "recorder": meeting.recorder,
        "attendees": meeting.attendees.count(), "questions": meeting.questions.count()}})
    return meeting
