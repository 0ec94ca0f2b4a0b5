"""Loading the demo community into the database, all in one transaction."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from huanjie import audit
from huanjie.accounts.models import Role
from huanjie.accounts.services import IssuedCode, issue_owner_codes
from huanjie.demo.around import load_around, load_records_handover
from huanjie.demo.candidates import load_candidates
from huanjie.demo.charter import load_charter
from huanjie.demo.ledgers import load_ledgers
from huanjie.demo.progress import mark_done
from huanjie.demo.roster import demo_units, roster_csv
from huanjie.demo.timeline import DemoTimeline, demo_timeline, working_day_on_or_before
from huanjie.demo.users import ADMIN_LOGIN, DEMO_LOGINS, DEMO_OWNER_UNIT, DEMO_PASSWORD
from huanjie.demo.voting import load_voting
from huanjie.office.services import create_community, create_street_office, grant_role, grant_supervisor
from huanjie.reelection.models import Reelection
from huanjie.reelection.services import start_reelection
from huanjie.roster.importing import parse_roster
from huanjie.roster.models import Community, StreetOffice, Unit
from huanjie.roster.services import apply_roster_import, stage_roster_import
from huanjie.rules.timeline import Stage

DEMO_SLUG = "wuyuehua"
OFFICE_NAME = "芷江西路街道"


def demo_exists() -> bool:
    return Community.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def load_demo(*, today: date) -> Community:
    """The demo community on `today`, built step by step in the order of the re-election (demo/timeline.py)."""
    timeline = demo_timeline(today)
    office = StreetOffice.objects.filter(name=OFFICE_NAME).first() or create_street_office(name=OFFICE_NAME,
                                                                                            actor=None)
    community = create_community(street_office=office, name="五月花生活广场", slug=DEMO_SLUG,
                                 residents_committee="普善路居民区", address="上海市静安区普善路（虚构示例）",
                                 actor=None)
    _load_users(office, community)
    _load_roster(community, get_user_model().objects.get(username=DEMO_LOGINS[1].username))
    _start_reelection(community, timeline)
    # The working group records the community's rules of procedure and covenant with the records handed over.
    load_charter(community, today=timeline.records_handed_over)
    load_ledgers(community, timeline)
    load_candidates(community, timeline)
    load_voting(community, timeline)
    load_around(community, timeline)
    audit.record("demo.loaded", community_id=community.pk, data={"today": today.isoformat()})
    return community


def _load_roster(community: Community, actor: AbstractBaseUser) -> None:
    """The property company's roster, imported as a working group imports one: checked, staged, applied."""
    data = roster_csv(demo_units()).encode()
    parsed = parse_roster("五月花生活广场业主名册.csv", io.BytesIO(data), max_bytes=len(data))
    apply_roster_import(roster_import=stage_roster_import(community=community, parsed=parsed, actor=actor),
                        actor=actor)


def _start_reelection(community: Community, timeline: DemoTimeline) -> Reelection:
    """The first committee's term ends in about four months: it reported, the street office formed the
    working group, and the old committee handed its records and seals to the housing office."""
    staff = get_user_model().objects.get(username=DEMO_LOGINS[1].username)
    reelection = start_reelection(community=community, term_number=2, term_end=timeline.term_end, actor=staff)
    mark_done(reelection, Stage.REPORT, timeline.reported, staff)
    mark_done(reelection, Stage.WORKING_GROUP, timeline.group_formed, staff)
    load_records_handover(reelection, staff, timeline.records_handed_over)
    mark_done(reelection, Stage.RECORDS_HANDOVER, timeline.records_handed_over, staff)
    # 换届财务审计: a firm audits the outgoing committee's accounts in the weeks after the group is formed.
    mark_done(reelection, Stage.FINANCIAL_AUDIT,
              working_day_on_or_before(timeline.records_handed_over + timedelta(days=21)), staff)
    return reelection


def _load_users(office: StreetOffice, community: Community) -> None:
    User = get_user_model()
    for login in DEMO_LOGINS:
        user = User.objects.create_user(login.username, password=DEMO_PASSWORD, first_name=login.full_name)
        if login.role == Role.SUPERVISOR:
            grant_supervisor(user=user, street_office=office, actor=None)
        else:
            grant_role(user=user, role=login.role, community=community, actor=None)
    if not User.objects.filter(username=ADMIN_LOGIN.username).exists():
        User.objects.create_superuser(ADMIN_LOGIN.username, password=DEMO_PASSWORD, first_name=ADMIN_LOGIN.full_name)


def issue_demo_owner_code() -> IssuedCode:
    """A fresh one-time code for the demo owner, so the printed login always works."""
    community = Community.objects.get(slug=DEMO_SLUG)
    unit = Unit.objects.get(community=community, code=DEMO_OWNER_UNIT)
    return issue_owner_codes(community=community, units=[unit], actor=None)[0]
