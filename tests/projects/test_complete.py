"""Completing a project closes the demands it answers and tells the owners who raised them."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.audit.models import AuditRecord
from huanjie.ledgers.models import Status
from huanjie.ledgers.services import assign_demand
from huanjie.projects.errors import BadProgress, CannotComplete, DemandNotLinkable, WrongProjectStatus
from huanjie.projects.models import Notification, ProjectStatus
from huanjie.projects.services import (
    add_milestone,
    complete_project,
    finish_milestone,
    link_demand,
    set_progress,
    start_project,
)


@pytest.fixture
def started(with_photos, alice, today):  # type: ignore[no-untyped-def]
    return start_project(project=with_photos, started_on=date(2026, 11, 5), actor=alice, today=today)


def test_it_closes_linked_demands_and_notifies_their_units(started, make_demand, alice, today):
    plain = make_demand("外墙瓷砖脱落")
    assigned = make_demand("外立面渗水", unit="1-201")
    assign_demand(demand=assigned, handler="property_company", due_on=None, actor=alice)
    anonymous = make_demand("外墙广告牌松动", unit=None)
    for demand in (plain, assigned, anonymous):
        link_demand(project=started, demand=demand, actor=alice)
    complete_project(project=started, completed_on=date(2026, 11, 28), actor=alice, today=today)

    started.refresh_from_db()
    assert (started.status, started.progress, started.completed_on) == (ProjectStatus.COMPLETED, 100,
                                                                         date(2026, 11, 28))
    for demand in (plain, assigned, anonymous):
        demand.refresh_from_db()
        assert demand.status == Status.CLOSED and "1号楼外立面修缮" in demand.answer
    assert sorted(Notification.objects.values_list("unit__code", flat=True)) == ["1-101", "1-201"]
    note = Notification.objects.get(unit__code="1-101")
    assert note.text.startswith(f"您反映的第{plain.number}号诉求“外墙瓷砖脱落”已办结：实事项目“1号楼外立面修缮”")
    record = AuditRecord.objects.get(code="projects.project.completed")
    assert sorted(record.data["demands_closed"]) == sorted([plain.number, assigned.number, anonymous.number])


def test_it_refuses_to_complete_with_open_milestones_and_writes_nothing(started, make_demand, alice, today):
    add_milestone(project=started, title="脚手架拆除", due_on=date(2026, 11, 20), actor=alice)
    demand = make_demand()
    link_demand(project=started, demand=demand, actor=alice)
    with pytest.raises(CannotComplete, match="节点未完成：脚手架拆除"):
        complete_project(project=started, completed_on=today, actor=alice, today=today)
    started.refresh_from_db()
    demand.refresh_from_db()
    assert started.status == ProjectStatus.IN_PROGRESS and demand.status == Status.RECORDED
    assert not Notification.objects.exists()


def test_it_needs_photos_before_and_after(facade, alice, today):
    start_project(project=facade, started_on=today, actor=alice, today=today)
    with pytest.raises(CannotComplete, match="缺少施工前照片；缺少施工后照片"):
        complete_project(project=facade, completed_on=today, actor=alice, today=today)


def test_a_finished_milestone_unblocks_completion(started, alice, today):
    milestone = add_milestone(project=started, title="验收", due_on=today, actor=alice)
    finish_milestone(milestone=milestone, done_on=today, actor=alice, today=today)
    assert complete_project(project=started, completed_on=today, actor=alice, today=today).progress == 100


def test_a_planned_project_cannot_be_completed(with_photos, alice, today):
    with pytest.raises(WrongProjectStatus, match="现为“筹备中”，只有“施工中”时才能竣工"):
        complete_project(project=with_photos, completed_on=today, actor=alice, today=today)


def test_progress_only_goes_forward(started, alice):
    set_progress(project=started, progress=60, actor=alice)
    with pytest.raises(BadProgress, match="不能低于已记录的 60%"):
        set_progress(project=started, progress=40, actor=alice)


def test_a_closed_demand_or_one_of_another_community_cannot_be_linked(started, make_demand, alice, elsewhere):
    demand = make_demand()
    link_demand(project=started, demand=demand, actor=alice)
    with pytest.raises(DemandNotLinkable, match="已经关联过了"):
        link_demand(project=started, demand=demand, actor=alice)
    demand.community = elsewhere
    with pytest.raises(DemandNotLinkable, match="不是本小区的诉求"):
        link_demand(project=started, demand=demand, actor=alice)
