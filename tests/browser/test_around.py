"""Around the election in the browser: an event's checklist gates its start; a project is closed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from huanjie.accounts.models import Role
from huanjie.contingency.models import EventKind, EventPlan, PlanStatus
from huanjie.contingency.services import create_plan, tick_check
from huanjie.ledgers.models import Category, Source, Status
from huanjie.ledgers.services import add_default_categories, record_demand
from huanjie.projects.models import Funding, Phase, Project, ProjectStatus
from huanjie.projects.services import add_photo, create_project, link_demand, start_project
from huanjie.reelection.models import Reelection
from tests.projects.conftest import png, upload

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_alice_completes_the_checklist_and_starts_the_candidates_meeting(live_server, page, alice, wang, wuyuehua,
                                                                         sign_in):
    reelection = Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 1))
    plan = create_plan(reelection=reelection, kind=EventKind.CANDIDATES_MEETING,
                       starts_at=timezone.make_aware(datetime(2026, 12, 5, 19)), venue="小区会所", commander="李老师",
                       commander_phone="13800001111", actor=alice)
    police = plan.checklist.get(role=Role.SUPERVISOR)
    tick_check(item=police, actor=wang, now=timezone.now())

    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/contingency/{plan.pk}/")
    page.get_by_test_id("start-event").click()
    expect(page.locator(".messages")).to_contain_text("全部完成后才能宣布“候选人见面会”开始")
    ticks = page.locator("[data-testid^=tick-]")
    for remaining in range(ticks.count(), 0, -1):
        expect(ticks).to_have_count(remaining)
        ticks.first.click()
    expect(ticks).to_have_count(0)
    expect(page.get_by_test_id("checklist").locator(".badge.ok")).to_have_count(plan.checklist.count())
    page.get_by_test_id("start-event").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("进行中")
    assert EventPlan.objects.get(pk=plan.pk).status == PlanStatus.STARTED


def test_alice_closes_the_facade_project_and_its_demand_closes(live_server, page, alice, wuyuehua, sign_in):
    today = timezone.localdate()
    add_default_categories(community=wuyuehua, actor=alice)
    demand = record_demand(community=wuyuehua, source=Source.VISIT, summary="外墙瓷砖脱落",
                           category=Category.objects.get(community=wuyuehua, name="外立面"),
                           unit=wuyuehua.units.get(code="1-101"), recorded_on=today - timedelta(days=30),
                           actor=alice, today=today).demand
    project = create_project(community=wuyuehua, title="1号楼外立面修缮", scope="外墙瓷砖更换",
                             budget=Decimal("1000.00"), funding=Funding.GOVERNMENT, motion=None, contractor="某公司",
                             actor=alice)
    for phase, color in ((Phase.BEFORE, "gray"), (Phase.AFTER, "white")):
        add_photo(project=project, phase=phase, caption="南立面", upload=upload(png(color)), actor=alice)
    start_project(project=project, started_on=today - timedelta(days=20), actor=alice, today=today)
    link_demand(project=project, demand=demand, actor=alice)

    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/projects/{project.pk}/")
    expect(page.get_by_test_id("photo-pair").locator("img")).to_have_count(2)
    page.get_by_test_id("complete-project").click()
    expect(page.get_by_test_id("project-status")).to_have_text("已竣工")
    expect(page.get_by_test_id("linked-demands")).to_contain_text("已办结")
    expect(page.get_by_test_id("notified")).to_be_visible()
    demand.refresh_from_db()
    assert demand.status == Status.CLOSED and Project.objects.get().status == ProjectStatus.COMPLETED
