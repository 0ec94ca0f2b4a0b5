from __future__ import annotations

from datetime import date

import pytest

from huanjie.candidates import selectors
from huanjie.candidates.models import Candidate, CandidateStatus
from huanjie.demo.build import load_demo
from huanjie.notices.models import ObjectionStatus

TODAY = date(2026, 11, 29)


@pytest.fixture
def demo(db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo(today=TODAY)


def test_the_demo_went_through_recruitment_eligibility_and_a_five_member_panel(demo):
    round_ = selectors.recruitment_for(demo)
    assert round_.panelists.count() == 5
    statuses = {c.nomination.unit.code: c.status for c in Candidate.objects.filter(recruitment=round_)}
    assert statuses["3-1501"] == CandidateStatus.INELIGIBLE
    assert statuses["2-1203"] == CandidateStatus.NOT_SHORTLISTED
    assert statuses["5-0603"] == CandidateStatus.WITHDRAWN
    assert list(statuses.values()).count(CandidateStatus.FINAL) == 5


def test_the_demo_candidate_notice_had_one_objection_upheld_and_one_dismissed(demo):
    notice = selectors.recruitment_for(demo).candidate_notice
    assert sorted(o.status for o in notice.objections.all()) == [ObjectionStatus.DISMISSED, ObjectionStatus.UPHELD]
    assert notice.period_ends_on < TODAY


def test_the_demo_final_list_is_ready_for_the_election(demo):
    final = selectors.final_candidates(demo.reelections.get())
    assert len(final) == 5 and all(c.nomination.consent_to_publish for c in final)


def test_the_demo_held_its_candidates_meeting_with_questions_answered(demo):
    meeting = selectors.recruitment_for(demo).meetings.get()
    assert meeting.is_held and meeting.notice.is_published
    assert meeting.attendees.count() == 46
    assert sorted(meeting.candidate_attendance.values_list("present", flat=True)) == [False, True, True, True, True]
    assert meeting.questions.count() == 3 and all(q.answers.exists() for q in meeting.questions.all())
