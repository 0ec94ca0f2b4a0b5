from __future__ import annotations

from datetime import date

import pytest

from huanjie.candidates import selectors
from huanjie.candidates.errors import (
    DecisionNeedsReason,
    PanelNotComplete,
    RecruitmentClosed,
    UndecidedCandidates,
)
from huanjie.candidates.models import CandidateStatus
from huanjie.candidates.services import panel, slate
from huanjie.notices import services as notices
from huanjie.notices.errors import NoticePeriodNotOver, ObjectionsStillOpen
from huanjie.notices.models import NoticeKind
from tests.candidates.conftest import close_nominations, decide_uncontested, make_eligible, nominate, score_all

GOOD = [(27, 36, 27)] * 5   # 90 each
POOR = [(9, 12, 9)] * 5     # 30 each
PUBLISHED_ON = date(2026, 12, 1)


@pytest.fixture
def two_listed(round_, alice, panelists):  # type: ignore[no-untyped-def]
    first = score_all(make_eligible(nominate(round_, "1-101", alice).candidate, alice), panelists, GOOD)
    second = score_all(make_eligible(nominate(round_, "1-102", alice).candidate, alice), panelists, GOOD)
    return [slate.decide_shortlist(candidate=c, shortlist=True, reason="", actor=alice) for c in (first, second)]


@pytest.fixture
def notice(round_, two_listed, alice):  # type: ignore[no-untyped-def]
    close_nominations(round_, alice)
    decide_uncontested(round_, alice)
    drafted = slate.draft_candidate_notice(recruitment=round_, actor=alice)
    return notices.publish_notice(notice=drafted, actor=alice, today=PUBLISHED_ON)


def test_the_working_group_follows_the_panel_or_says_why_not(round_, alice, panelists):
    poor = score_all(make_eligible(nominate(round_, "1-101", alice).candidate, alice), panelists, POOR)
    assert poor.panel_recommended is False
    with pytest.raises(DecisionNeedsReason):
        slate.decide_shortlist(candidate=poor, shortlist=True, reason="", actor=alice)
    excluded = slate.decide_shortlist(candidate=poor, shortlist=False, reason="面试得分 30 分，低于推荐线。",
                                      actor=alice)
    assert excluded.status == CandidateStatus.NOT_SHORTLISTED and "低于推荐线" in excluded.status_reason


def test_no_decision_before_the_whole_panel_has_scored(candidate, panelists, alice):
    score_all(candidate, panelists[:2], GOOD[:2])
    panel.assign_panel(candidate=candidate, panelists=panelists[2:3], actor=None)
    with pytest.raises(PanelNotComplete):
        slate.decide_shortlist(candidate=candidate, shortlist=True, reason="", actor=alice)


def test_the_candidate_notice_waits_until_every_nominee_is_decided(round_, two_listed, alice):
    nominate(round_, "1-201", alice)
    close_nominations(round_, alice)
    with pytest.raises(UndecidedCandidates) as raised:
        slate.draft_candidate_notice(recruitment=round_, actor=alice)
    assert "丙先生" in str(raised.value)


def test_the_candidate_notice_lists_the_shortlisted_without_phone_or_unit(notice, two_listed):
    assert notice.kind == NoticeKind.CANDIDATE_LIST and notice.period_ends_on == date(2026, 12, 8)
    rows = notice.table["rows"]
    assert [row[1] for row in rows] == ["甲先生", "乙先生"]
    flat = str(notice.table)
    assert "1-101" not in flat and "1380000" not in flat
    assert [s["id"] for s in notice.table["subjects"]] == [c.pk for c in two_listed]


def test_nominations_close_with_the_candidate_notice(round_, notice, alice):
    with pytest.raises(RecruitmentClosed):
        nominate(round_, "1-201", alice)


def test_an_upheld_objection_withdraws_the_candidate_and_a_dismissed_one_does_not(notice, two_listed, olivia, alice):
    first, second = two_listed
    upheld = notices.raise_objection(notice=notice, text="甲先生在物业公司任职", objector_name="甲先生",
                                     objector_unit=None, actor=olivia, today=date(2026, 12, 3), subject=first,
                                     subject_label=first.name)
    dismissed = notices.raise_objection(notice=notice, text="乙先生不住本小区", objector_name="甲先生",
                                        objector_unit=None, actor=olivia, today=date(2026, 12, 4), subject=second,
                                        subject_label=second.name)
    notices.decide_objection(objection=upheld, upheld=True, reason="经向物业公司核实，其现任项目经理。", actor=alice)
    notices.decide_objection(objection=dismissed, upheld=False, reason="经核实其为 1-102 登记业主。", actor=alice)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == CandidateStatus.WITHDRAWN
    assert first.status_reason == "公示期内异议成立：经向物业公司核实，其现任项目经理。"
    assert second.status == CandidateStatus.SHORTLISTED


def test_the_final_list_waits_for_the_period_and_the_answers(round_, notice, two_listed, olivia, alice):
    with pytest.raises(NoticePeriodNotOver):
        slate.publish_final_list(recruitment=round_, actor=alice, today=date(2026, 12, 8))
    objection = notices.raise_objection(notice=notice, text="有异议", objector_name="甲先生", objector_unit=None,
                                        actor=olivia, today=date(2026, 12, 8))
    with pytest.raises(ObjectionsStillOpen):
        slate.publish_final_list(recruitment=round_, actor=alice, today=date(2026, 12, 9))
    notices.decide_objection(objection=objection, upheld=False, reason="不影响候选人资格。", actor=alice)
    final = slate.publish_final_list(recruitment=round_, actor=alice, today=date(2026, 12, 9))
    assert [c.name for c in final] == ["甲先生", "乙先生"]
    assert [c.name for c in selectors.final_candidates(round_.reelection)] == ["甲先生", "乙先生"]
