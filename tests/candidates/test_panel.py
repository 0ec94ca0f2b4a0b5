from __future__ import annotations

from decimal import Decimal

import pytest

from huanjie.candidates import selectors
from huanjie.candidates.errors import (
    AlreadyScored,
    ConflictOfInterest,
    NotAPanelist,
    NotYourAssignment,
    RubricLocked,
    ScoreOutOfRange,
    WrongCandidateState,
)
from huanjie.candidates.models import ScoreSheet
from huanjie.candidates.services import panel
from tests.candidates.conftest import nominate, score_all
from tests.conftest import make_user


def points(candidate, statement, plan, answers):
    criteria = list(candidate.recruitment.criteria.all())
    return dict(zip([c.pk for c in criteria], [statement, plan, answers], strict=True))


def test_the_panel_recommends_from_the_trimmed_mean_of_five_sheets(candidate, panelists):
    candidate = score_all(candidate, panelists, [(27, 36, 27), (21, 28, 21), (18, 24, 18), (30, 40, 30),
                                                 (0, 0, 0)])
    # 90, 70, 60, 100, 0 → drop 100 and 0 → mean of 90, 70, 60 = 73.33
    assert candidate.panel_score == Decimal("73.33")
    assert candidate.panel_recommended is True
    assert "去掉一个最高分和一个最低分" in candidate.panel_reason and "评分分歧较大" in candidate.panel_reason


def test_no_panelist_sees_the_others_scores_before_everyone_has_submitted(candidate, panelists):
    score_all(candidate, panelists[:1], [(20, 30, 20)])
    first = candidate.assignments.get(panelist=panelists[0])
    panel.assign_panel(candidate=candidate, panelists=panelists[1:2], actor=None)
    assert selectors.others_sheets(first) is None
    second = candidate.assignments.get(panelist=panelists[1])
    assert selectors.others_sheets(second) is None
    panel.submit_scores(assignment=second, points=points(candidate, 25, 30, 20), comment="", actor=panelists[1].user)
    assert len(selectors.others_sheets(first)) == 2


def test_a_score_outside_the_rubric_is_refused_and_nothing_is_written(candidate, panelists):
    panel.assign_panel(candidate=candidate, panelists=panelists[:1], actor=None)
    assignment = candidate.assignments.get()
    with pytest.raises(ScoreOutOfRange) as raised:
        panel.submit_scores(assignment=assignment, points=points(candidate, 31, 40, 30), comment="",
                            actor=panelists[0].user)
    assert "自我陈述" in str(raised.value) and "30" in str(raised.value)
    assert not ScoreSheet.objects.exists()


def test_a_panelist_scores_a_candidate_once(candidate, panelists):
    score_all(candidate, panelists[:1], [(20, 30, 20)])
    with pytest.raises(AlreadyScored):
        panel.submit_scores(assignment=candidate.assignments.get(), points=points(candidate, 30, 40, 30), comment="",
                            actor=panelists[0].user)


def test_a_conflicted_panelist_cannot_score_and_is_left_out_of_the_panel(candidate, panelists):
    panel.assign_panel(candidate=candidate, panelists=panelists[:2], actor=None)
    conflicted = candidate.assignments.get(panelist=panelists[0])
    panel.declare_conflict(assignment=conflicted, note="候选人是我的表姐", actor=panelists[0].user)
    with pytest.raises(ConflictOfInterest):
        panel.submit_scores(assignment=conflicted, points=points(candidate, 30, 40, 30), comment="",
                            actor=panelists[0].user)
    other = candidate.assignments.get(panelist=panelists[1])
    panel.submit_scores(assignment=other, points=points(candidate, 15, 20, 15), comment="", actor=panelists[1].user)
    candidate.refresh_from_db()
    assert candidate.panel_score == Decimal("50.00") and candidate.panel_recommended is False


def test_one_panelist_cannot_score_on_anothers_sheet(candidate, panelists):
    panel.assign_panel(candidate=candidate, panelists=panelists[:2], actor=None)
    with pytest.raises(NotYourAssignment):
        panel.submit_scores(assignment=candidate.assignments.get(panelist=panelists[0]),
                            points=points(candidate, 1, 1, 1), comment="", actor=panelists[1].user)


def test_only_eligible_candidates_are_interviewed(round_, alice, panelists):
    nominee = nominate(round_, "1-102", alice).candidate
    with pytest.raises(WrongCandidateState):
        panel.assign_panel(candidate=nominee, panelists=panelists, actor=alice)


def test_only_holders_of_the_panelist_role_join_the_panel(round_, alice, bob):
    with pytest.raises(NotAPanelist):
        panel.add_panelist(recruitment=round_, user=bob, affiliation="owner_rep", actor=alice)


def test_the_rubric_locks_once_a_sheet_is_in(candidate, panelists, alice):
    panel.add_criterion(recruitment=candidate.recruitment, name="专业能力", max_points=10, weight=Decimal("0.5"),
                        actor=alice)
    criteria = list(candidate.recruitment.criteria.all())
    panel.assign_panel(candidate=candidate, panelists=panelists[:1], actor=None)
    panel.submit_scores(assignment=candidate.assignments.get(), points={c.pk: c.max_points for c in criteria},
                        comment="", actor=panelists[0].user)
    with pytest.raises(RubricLocked):
        panel.add_criterion(recruitment=candidate.recruitment, name="沟通", max_points=10, weight=Decimal(1),
                            actor=alice)


def test_the_panel_composition_is_checked_against_the_targets(round_, wuyuehua, alice):
    panel.add_panelist(recruitment=round_, user=make_user("lawyer", "panelist", community=wuyuehua),
                       affiliation="legal_expert", actor=alice)
    gaps = {g.key: (g.have, g.need) for g in selectors.panel_shortfalls(round_)}
    assert gaps == {"street": (0, 1), "owner_rep": (0, 2)}
