"""五月花 after its election: three households voted (online, at the door, by proxy), results announced.

Olivia owns 1-101 (甲先生); Oscar owns 1-102 (乙先生). Each unit has its own visit, demand,
access code and delivery record, each with a text that names the household, so a test can tell
whose data ends up where.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from huanjie.accounts.models import Role
from huanjie.accounts.services import issue_owner_codes
from huanjie.candidates.models import Candidate, EligibilityCheck, Nomination, Recruitment
from huanjie.contingency.models import EventPlan
from huanjie.holidays.selectors import app_calendar
from huanjie.ledgers.models import Category, Demand
from huanjie.notices.services import publish_notice
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Owner, Unit
from huanjie.rules.timeline import period_end
from huanjie.visits.models import Visit
from huanjie.voting.models import Assembly, Proxy
from huanjie.voting.services import cast_online_ballot, close_voting, count_assembly, find_paper
from huanjie.voting.services.delivery import record_delivery
from huanjie.voting.services.notices import draft_final_results_notice, draft_preliminary_results_notice
from huanjie.voting.services.proxies import cast_proxy_ballot, collect_at_door
from tests.conftest import make_user
from tests.voting.conftest import assembly, codes, open_assembly, open_boxes, paper_of  # noqa: F401  (fixtures)

VISIT_NOTE = {"1-101": "甲先生家电梯异响，希望尽快维修", "1-102": "乙先生家楼上漏水，已拍照"}
DEMAND_DETAIL = {"1-101": "甲先生：电梯每晚异响", "1-102": "乙先生：楼上漏水两周"}
PROXY_HOLDER_PHONE = "13912345678"
OLIVIA_BALLOT = {"committee": ["张三", "李四"], "lift-fund": "yes"}
# The code on each unit's letter (the owners type it again before downloading their data).
LETTERS: dict[str, str] = {}


@dataclass
class Election:
    community: Community
    assembly: Assembly
    announced_on: date
    proxy: Proxy


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def oscar(wuyuehua):  # type: ignore[no-untyped-def]
    return make_user("oscar", Role.OWNER, community=wuyuehua, unit=wuyuehua.units.get(code="1-102"))


def _household_records(community: Community, alice: object) -> None:
    category = Category.objects.create(community=community, name="电梯")
    today = timezone.localdate()
    for number, unit in enumerate(Unit.objects.filter(community=community, code__in=VISIT_NOTE), start=1):
        Visit.objects.create(
            community=community,
            unit=unit,
            visited_on=today - timedelta(days=30),
            visitor="李老师",
            outcome="met",
            notes=VISIT_NOTE[unit.code],
        )
        Demand.objects.create(
            community=community,
            number=number,
            source="visit",
            category=category,
            unit=unit,
            summary="电梯",
            detail=DEMAND_DETAIL[unit.code],
            recorded_on=today - timedelta(days=30),
        )
    LETTERS.update((issued.unit.code, issued.code) for issued in issue_owner_codes(
        community=community, units=list(Unit.objects.filter(community=community)), actor=alice))
    reelection = Reelection.objects.create(community=community, term_end=today + timedelta(days=200))
    recruitment = Recruitment.objects.create(community=community, reelection=reelection)
    owner = Owner.objects.get(community=community, name="甲先生")
    nomination = Nomination.objects.create(
        community=community,
        recruitment=recruitment,
        owner=owner,
        unit=Unit.objects.get(community=community, code="1-101"),
        method="self",
        channel="online",
        gender="male",
        age_band="36-50",
        occupation="会计",
        time_available="evenings",
        statement="甲先生愿意为小区服务",
        consent_to_publish=True,
    )
    candidate = Candidate.objects.create(community=community, recruitment=recruitment, nomination=nomination)
    check = EligibilityCheck(
        community=community,
        candidate=candidate,
        condition="owner",
        met=True,
        evidence="身份证与产证一致",
        confirmed_at=timezone.now() - timedelta(days=20),
    )
    check.evidence_file.save("id-card.jpg", ContentFile(b"id card photo"), save=False)
    check.save()
    EventPlan.objects.create(
        community=community,
        reelection=reelection,
        kind="election",
        starts_at=timezone.now() - timedelta(days=2),
        venue="会所",
        commander="赵主任",
        commander_phone="13600001111",
    )


@pytest.fixture
def election(open_assembly, codes, alice, wuyuehua, holidays_ahead) -> Election:  # noqa: F811
    """Votes cast, counted, preliminary notice published today, the announcement two days later."""
    _household_records(wuyuehua, alice)
    now = timezone.now()
    record_delivery(
        paper=paper_of(open_assembly, "1-101"),
        outcome="delivered",
        delivered_by="李老师",
        delivered_at=now,
        signed_by="甲先生",
        relation="本人",
        actor=alice,
    )
    record_delivery(
        paper=paper_of(open_assembly, "1-102"),
        outcome="delivered",
        delivered_by="李老师",
        delivered_at=now,
        signed_by="乙太太",
        relation="配偶",
        actor=alice,
    )
    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="t")
    cast_online_ballot(paper=paper, choices=OLIVIA_BALLOT, submission_key="a")
    collect_at_door(
        paper=paper_of(open_assembly, "1-102"),
        first_collector="李老师",
        second_collector="赵阿姨",
        valid=True,
        choices={"committee": ["张三", "王五"], "lift-fund": "no"},
        actor=alice,
    )
    proxy = Proxy(
        community=wuyuehua,
        assembly=open_assembly,
        entity=paper_of(open_assembly, "1-201").entity,
        grantor_name="丙先生",
        holder_name="钱阿姨",
        holder_phone=PROXY_HOLDER_PHONE,
        instructions="同意张三、李四；同意使用维修资金",
        slot=1,
        cap=open_assembly.proxy_cap,
        recorded_by=alice,
    )
    proxy.authorisation.save("proxy.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
    proxy.save()
    cast_proxy_ballot(proxy=proxy, valid=True, choices={"committee": ["张三", "李四"], "lift-fund": "yes"}, actor=alice)
    close_voting(assembly=open_assembly, actor=alice)
    open_boxes(open_assembly, alice)
    count_assembly(assembly=open_assembly, actor=alice)
    today = timezone.localdate()
    preliminary = publish_notice(
        notice=draft_preliminary_results_notice(assembly=open_assembly, actor=alice), actor=alice, today=today
    )
    announced = preliminary.period_ends_on + timedelta(days=1)  # the 公示's period, moved past rest days, is over
    publish_notice(
        notice=draft_final_results_notice(assembly=open_assembly, actor=alice, today=announced),
        actor=alice,
        today=announced,
    )
    open_assembly.refresh_from_db()
    proxy.refresh_from_db()
    return Election(wuyuehua, open_assembly, announced, proxy)


def challenge_over(announced_on: date) -> date:
    """The day after the one-year challenge period (JI art. 12), its last day moved past rest days (art. 203 ¶1)."""
    return period_end(announced_on, months=12, calendar=app_calendar()).last_day + timedelta(days=1)
