"""The pre-event checklist gates the start of the event; each item is ticked by its role."""

from __future__ import annotations

import pytest

from huanjie.accounts.models import Role
from huanjie.audit.models import AuditRecord
from huanjie.contingency.errors import AlreadyTicked, ChecklistOpen, PlanExists, RoleRequired, WrongPlanStatus
from huanjie.contingency.models import EventKind, PlanStatus, RiskKind
from huanjie.contingency.services import create_plan, end_event, log_incident, start_event, tick_check
from tests.conftest import make_user


def tick_all(plan, by_role, now):  # type: ignore[no-untyped-def]
    for item in plan.checklist.all():
        tick_check(item=item, actor=by_role[item.role], now=now)


@pytest.fixture
def by_role(alice, wang, wuyuehua):  # type: ignore[no-untyped-def]
    sam = make_user("sam", Role.SCRUTINEER, community=wuyuehua)
    return {Role.WORKING_GROUP: alice, Role.SUPERVISOR: wang, Role.SCRUTINEER: sam}


def test_a_new_plan_lists_the_usual_risks_and_checks_of_its_event(election_plan):
    kinds = set(election_plan.risks.values_list("kind", flat=True))
    assert {RiskKind.CROWD, RiskKind.OUTAGE, RiskKind.BOX_DISPUTE, RiskKind.WITHDRAWAL, RiskKind.WEATHER} <= kinds
    assert all(r.responsible == "李老师" and r.contact == "13800001111" for r in election_plan.risks.all())
    assert election_plan.checklist.count() == 7


def test_it_refuses_a_second_plan_for_the_same_event(election_plan, reelection, alice, now):
    with pytest.raises(PlanExists, match="已有“选举大会”的应急预案"):
        create_plan(reelection=reelection, kind=EventKind.ELECTION_MEETING, starts_at=now, venue="x",
                    commander="x", commander_phone="1", actor=alice)


def test_it_refuses_a_tick_from_someone_without_the_items_role(election_plan, alice, now):
    item = election_plan.checklist.get(role=Role.SUPERVISOR, text__startswith="派出所")
    with pytest.raises(RoleRequired) as refused:
        tick_check(item=item, actor=alice, now=now)
    assert str(refused.value) == "检查项“派出所、物业安保已通知到场”须由街道督导勾选，您在本小区没有这个角色。"
    item.refresh_from_db()
    assert item.done_at is None and item.done_by_label == ""
    assert not AuditRecord.objects.filter(code="contingency.check.ticked").exists()


def test_charlie_of_another_community_may_not_tick_even_as_working_group(election_plan, charlie, now):
    item = election_plan.checklist.filter(role=Role.WORKING_GROUP).first()
    with pytest.raises(RoleRequired):
        tick_check(item=item, actor=charlie, now=now)


def test_it_refuses_to_tick_an_item_twice(election_plan, alice, bob, now):
    item = election_plan.checklist.filter(role=Role.WORKING_GROUP).first()
    tick_check(item=item, actor=alice, now=now)
    with pytest.raises(AlreadyTicked, match="已由 alice 于 2026-12-20 13:30 勾选"):
        tick_check(item=item, actor=bob, now=now)


def test_an_event_with_open_checks_cannot_start(election_plan, alice, now):
    first = election_plan.checklist.filter(role=Role.WORKING_GROUP).first()
    tick_check(item=first, actor=alice, now=now)
    with pytest.raises(ChecklistOpen) as refused:
        start_event(plan=election_plan, actor=alice, now=now)
    assert str(refused.value).startswith("还有 6 项会前检查未完成（")
    assert "等），全部完成后才能宣布“选举大会”开始。" in str(refused.value)
    election_plan.refresh_from_db()
    assert election_plan.status == PlanStatus.PREPARING and election_plan.started_at is None
    assert not AuditRecord.objects.filter(code="contingency.event.started").exists()


def test_an_event_starts_once_every_check_is_ticked_by_its_role(election_plan, by_role, alice, now):
    tick_all(election_plan, by_role, now)
    plan = start_event(plan=election_plan, actor=alice, now=now)
    assert plan.status == PlanStatus.STARTED and plan.started_at == now
    record = AuditRecord.objects.get(code="contingency.event.started")
    assert record.data["after"]["status"] == "started"
    assert AuditRecord.objects.filter(code="contingency.check.ticked").count() == 7


def test_incidents_are_logged_only_while_the_event_runs(election_plan, by_role, alice, now):
    with pytest.raises(WrongPlanStatus, match="只有“进行中”时才能记录突发情况"):
        log_incident(plan=election_plan, happened_at=now, risk_kind=RiskKind.VENUE_DISPUTE, what="争执",
                     action="劝解", actor=alice, now=now)
    tick_all(election_plan, by_role, now)
    start_event(plan=election_plan, actor=alice, now=now)
    log_incident(plan=election_plan, happened_at=now, risk_kind=RiskKind.VENUE_DISPUTE,
                 what="两位业主就签到顺序争执", action="主持人说明程序，书面登记异议", actor=alice, now=now)
    end_event(plan=election_plan, actor=alice, now=now)
    assert election_plan.incidents.get().what == "两位业主就签到顺序争执"
    with pytest.raises(WrongPlanStatus):
        start_event(plan=election_plan, actor=alice, now=now)
