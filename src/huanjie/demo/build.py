"""Loading the demo community into the database, all in one transaction."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from huanjie import audit
from huanjie.accounts.models import Role
from huanjie.accounts.services import IssuedCode, issue_owner_codes
from huanjie.demo.around import load_around
from huanjie.demo.candidates import load_candidates
from huanjie.demo.charter import load_charter
from huanjie.demo.ledgers import load_ledgers
from huanjie.demo.roster import demo_units
from huanjie.demo.users import ADMIN_LOGIN, DEMO_LOGINS, DEMO_OWNER_UNIT, DEMO_PASSWORD
from huanjie.demo.voting import load_voting
from huanjie.office.services import grant_role, grant_supervisor
from huanjie.reelection.models import Reelection, StageProgress
from huanjie.reelection.services import start_reelection
from huanjie.roster.models import Building, Community, Owner, Ownership, StreetOffice, Unit
from huanjie.rules.timeline import Stage, add_months, deadlines

DEMO_SLUG = "wuyuehua"


def demo_exists() -> bool:
    return Community.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def load_demo(*, today: date) -> Community:
    office, _ = StreetOffice.objects.get_or_create(code="zhijiangxilu", defaults={"name": "芷江西路街道"})
    community = Community.objects.create(
        street_office=office, name="五月花生活广场", slug=DEMO_SLUG, residents_committee="普善路居民区",
        address="上海市静安区普善路（虚构示例）",
    )
    _load_roster(community)
    _load_reelection(community, today)
    _load_users(office, community)
    load_ledgers(community, today=today)
    load_charter(community, today=today)
    load_candidates(community, today=today)
    load_voting(community, today=today)
    load_around(community, today=today)
    _record_progress(community, today)
    audit.record("demo.loaded", community_id=community.pk, data={"today": today.isoformat()})
    return community


def _load_roster(community: Community) -> None:
    units = demo_units()
    buildings = {name: Building.objects.create(community=community, name=name, sort_key=i)
                 for i, name in enumerate(sorted({u.building for u in units}), start=1)}
    rows = [Unit(community=community, building=buildings[u.building], code=u.code, floor=u.floor, area=u.area,
                 area_source=u.area_source, status=u.status) for u in units]
    for row in rows:
        row.derive_keys()  # bulk_create does not call save()
    Unit.objects.bulk_create(rows)
    owners: dict[str, Owner] = {}
    for u in units:
        for o in u.owners:
            owners.setdefault(o.identifier, Owner(community=community, identifier=o.identifier, name=o.name,
                                                  phone=o.phone))
    Owner.objects.bulk_create(owners.values())
    stored = {o.identifier: o for o in Owner.objects.filter(community=community)}
    Ownership.objects.bulk_create([
        Ownership(community=community, unit=row, owner=stored[o.identifier])
        for row, u in zip(rows, units, strict=True) for o in u.owners
    ])


def _load_reelection(community: Community, today: date) -> None:
    """The first committee's term ends in about four months; the first three stages are done."""
    term_end = add_months(today, 4)
    reelection = start_reelection(community=community, term_number=2, term_end=term_end, actor=None)
    due = {d.stage: d.due for d in deadlines(term_end)}
    report = due[Stage.REPORT] or today
    done = {Stage.REPORT: report, Stage.WORKING_GROUP: report + timedelta(days=21),
            Stage.RECORDS_HANDOVER: report + timedelta(days=28)}
    StageProgress.objects.bulk_create([
        StageProgress(community=community, reelection=reelection, stage=stage.value, done_on=day,
                      note="演示数据") for stage, day in done.items() if day <= today
    ])


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


# How many days before the voting window opened each stage of the demo was done.
# They follow the candidates' and the voting demo: the call closed 27 days before the vote, the
# interviews the day after, the candidate notice 24 days, the meeting 18, the meeting notice 15.
DONE_BEFORE_VOTING = {
    Stage.VISITS: 40, Stage.CALL_FOR_CANDIDATES: 27, Stage.ELIGIBILITY: 27, Stage.INTERVIEWS: 26,
    Stage.CANDIDATE_NOTICE: 24, Stage.CANDIDATES_MEETING: 18, Stage.ASSEMBLY_NOTICE: 15,
    Stage.BALLOTS_DELIVERED: 1,
}


def _record_progress(community: Community, today: date) -> None:
    """The progress ledger agrees with the rest of the demo: the vote is open, so what precedes it is done."""
    from huanjie.voting.models import Assembly

    assembly = Assembly.objects.filter(community=community).order_by("-opens_at").first()
    reelection = Reelection.objects.get(community=community)
    if assembly is None:
        return
    opened = timezone.localtime(assembly.opens_at).date()
    reelection.assembly_date = timezone.localtime(assembly.closes_at).date()
    reelection.save(update_fields=["assembly_date"])
    worker = get_user_model().objects.filter(username=DEMO_LOGINS[1].username).first()
    StageProgress.objects.bulk_create([
        StageProgress(community=community, reelection=reelection, stage=stage.value, done_by=worker,
                      done_on=opened - timedelta(days=days), note="演示数据")
        for stage, days in DONE_BEFORE_VOTING.items() if opened - timedelta(days=days) <= today
    ])
