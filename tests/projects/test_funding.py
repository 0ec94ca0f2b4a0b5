"""The maintenance fund is spent only on a motion the owners' assembly passed (Civil Code art. 278 ¶1 (5))."""

from __future__ import annotations

from decimal import Decimal

import pytest

from huanjie.audit.models import AuditRecord
from huanjie.projects.errors import BadBudget, MotionNotPassed, MotionRequired
from huanjie.projects.models import Funding, Project
from huanjie.projects.services import create_project
from tests.projects.conftest import fund_motion


def create(community, actor, **overrides):  # type: ignore[no-untyped-def]
    args = {"community": community, "title": "外立面修缮", "scope": "外墙修缮", "budget": Decimal("386000.00"),
            "funding": Funding.MAINTENANCE_FUND, "motion": None, "contractor": "某公司", "actor": actor}
    return create_project(**(args | overrides))


def test_a_maintenance_fund_project_without_a_motion_is_refused_and_nothing_written(wuyuehua, alice):
    with pytest.raises(MotionRequired, match="使用专项维修资金须经业主大会表决通过"):
        create(wuyuehua, alice)
    assert not Project.objects.exists()
    assert not AuditRecord.objects.filter(code="projects.project.created").exists()


def test_a_motion_that_failed_is_refused(wuyuehua, alice, wang):
    motion = fund_motion(wuyuehua, wang, passed=False)
    with pytest.raises(MotionNotPassed) as refused:
        create(wuyuehua, alice, motion=motion)
    assert str(refused.value) == "表决事项“使用专项维修资金修缮外立面”未获通过，不能作为使用专项维修资金的依据。"
    assert not Project.objects.exists()


def test_a_motion_not_yet_counted_is_refused(wuyuehua, alice, wang):
    motion = fund_motion(wuyuehua, wang, passed=True, counted=False)
    with pytest.raises(MotionNotPassed, match="所在的业主大会尚未计票"):
        create(wuyuehua, alice, motion=motion)


def test_a_motion_of_another_community_is_refused(wuyuehua, elsewhere, alice, wang):
    motion = fund_motion(elsewhere, wang, passed=True)
    with pytest.raises(MotionNotPassed, match="不属于本小区"):
        create(wuyuehua, alice, motion=motion)


def test_a_passed_motion_funds_the_project(wuyuehua, alice, passed_motion):
    project = create(wuyuehua, alice, motion=passed_motion)
    assert project.motion == passed_motion
    assert AuditRecord.objects.get(code="projects.project.created").data["after"]["budget"] == "386000.00"


def test_other_funding_needs_no_motion_and_keeps_none(wuyuehua, alice, passed_motion):
    project = create(wuyuehua, alice, funding=Funding.GOVERNMENT, motion=passed_motion)
    assert project.motion is None


@pytest.mark.parametrize("budget", [Decimal("0"), Decimal("-5"), Decimal("1.005")])
def test_a_budget_must_be_positive_money(wuyuehua, alice, budget):
    with pytest.raises(BadBudget):
        create(wuyuehua, alice, funding=Funding.GOVERNMENT, budget=budget)
