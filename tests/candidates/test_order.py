"""The list follows the nominations (SH art. 21), and the scores follow the interview (issue 15, finding 11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from huanjie.candidates.errors import (
    InterviewNotScheduled,
    InterviewNotYet,
    NominationsNeverClosed,
    NominationsStillOpen,
)
from huanjie.candidates.models import ScoreSheet
from huanjie.candidates.services import panel, recruitment, slate
from huanjie.notices import services as notices
from huanjie.notices.models import NoticeStatus
from tests.candidates.conftest import decide_uncontested, make_eligible, nominate, score_all

GOOD = [(27, 36, 27)] * 5
CALLED_ON = date(2026, 12, 1)  # ten days to be nominated: 12-02 … 12-11


@pytest.fixture
def shortlisted(round_, panelists, alice):  # type: ignore[no-untyped-def]
    scored = score_all(make_eligible(nominate(round_, "1-101", alice).candidate, alice), panelists, GOOD)
    listed = slate.decide_shortlist(candidate=scored, shortlist=True, reason="", actor=alice)
    decide_uncontested(round_, alice)
    return listed


@pytest.fixture
def call(round_, alice):  # type: ignore[no-untyped-def]
    drafted = recruitment.draft_call_notice(recruitment=round_, actor=alice, days=10)
    return notices.publish_notice(notice=drafted, actor=alice, today=CALLED_ON)


def test_the_candidate_list_is_refused_on_the_last_day_owners_may_be_nominated(round_, shortlisted, call, alice):
    with pytest.raises(NominationsStillOpen) as refused:
        slate.draft_candidate_notice(recruitment=round_, actor=alice, today=date(2026, 12, 11))
    assert str(refused.value) == ("报名期至 2026-12-11 止，报名期内不能公示候选人名单：候选人名单须由全部报名产生"
                                  "（《上海市住宅物业管理规定》第二十一条）。请于 2026-12-12 起再办理。")
    round_.refresh_from_db()
    assert round_.candidate_notice_id is None


def test_the_candidate_list_is_drafted_the_day_after_the_nominations_close(round_, shortlisted, call, alice):
    drafted = slate.draft_candidate_notice(recruitment=round_, actor=alice, today=date(2026, 12, 12))
    assert notices.publish_notice(notice=drafted, actor=alice, today=date(2026, 12, 12)).is_published


def test_without_a_call_for_candidates_nothing_has_closed_the_nominations(round_, shortlisted, alice):
    with pytest.raises(NominationsNeverClosed, match="候选人征集公告尚未发布"):
        slate.draft_candidate_notice(recruitment=round_, actor=alice)


def test_a_drafted_list_cannot_be_published_back_into_the_nomination_period(round_, shortlisted, call, alice):
    drafted = slate.draft_candidate_notice(recruitment=round_, actor=alice, today=date(2026, 12, 12))
    with pytest.raises(NominationsStillOpen):
        notices.publish_notice(notice=drafted, actor=alice, today=date(2026, 12, 10))
    drafted.refresh_from_db()
    assert drafted.status == NoticeStatus.DRAFT


def test_the_final_list_is_refused_while_owners_may_still_be_nominated(round_, shortlisted, call, alice):
    drafted = slate.draft_candidate_notice(recruitment=round_, actor=alice, today=date(2026, 12, 12))
    notices.publish_notice(notice=drafted, actor=alice, today=date(2026, 12, 12))
    with pytest.raises(NominationsStillOpen, match="不能确定正式候选人名单"):
        slate.publish_final_list(recruitment=round_, actor=alice, today=date(2026, 12, 11))


def test_a_score_before_the_interviews_time_is_refused_and_nothing_is_written(round_, panelists, alice):
    candidate = make_eligible(nominate(round_, "1-101", alice).candidate, alice)
    at = timezone.now() + timedelta(hours=2)
    panel.schedule_interview(candidate=candidate, at=at, place="居委会", actor=alice)
    panel.assign_panel(candidate=candidate, panelists=panelists[:1], actor=alice)
    sheet = {c.pk: c.max_points for c in candidate.recruitment.criteria.all()}
    with pytest.raises(InterviewNotYet) as refused:
        panel.submit_scores(assignment=candidate.assignments.get(), points=sheet, comment="",
                            actor=panelists[0].user, now=at - timedelta(minutes=1))
    assert str(refused.value) == f"甲先生 的面试定于 {timezone.localtime(at):%Y-%m-%d %H:%M}，面试开始后才能提交评分。"
    assert not ScoreSheet.objects.exists()
    panel.submit_scores(assignment=candidate.assignments.get(), points=sheet, comment="", actor=panelists[0].user,
                        now=at)
    assert ScoreSheet.objects.get().submitted_at == at


def test_no_score_for_a_candidate_whose_interview_was_never_scheduled(round_, panelists, alice):
    candidate = make_eligible(nominate(round_, "1-101", alice).candidate, alice)
    panel.assign_panel(candidate=candidate, panelists=panelists[:1], actor=alice)
    with pytest.raises(InterviewNotScheduled):
        panel.submit_scores(assignment=candidate.assignments.get(), comment="", actor=panelists[0].user,
                            points={c.pk: 1 for c in candidate.recruitment.criteria.all()})

