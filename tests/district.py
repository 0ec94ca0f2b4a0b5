"""A district's data, built fast: one street office's communities, their rosters, votes under way and
a long audit history (issue 20). Used by the query-plan tests (a few communities, a few hundred rows
each) and by bench/bench_district.py (tens of communities, thousands of units each).

Rosters and audit history go in by the bulk paths (bulk_create; the audit records linked and hashed
exactly as `audit.record` would, then the chain head moved to the last one); votes are opened through
the voting services, as the working group opens them, and their ballots bulk-created as counted.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from huanjie.accounts.models import Membership, Role
from huanjie.audit.models import GENESIS_HASH, AuditRecord, ChainHead
from huanjie.audit.services import hash_of
from huanjie.roster.models import Building, Community, Owner, Ownership, StreetOffice, Unit
from huanjie.voting.models import Assembly, Ballot, BallotPaper, BallotStatus, Channel, ContestKind, PaperMode
from huanjie.voting.services import add_contest, create_assembly, open_voting, seal_box
from tests.announce import announce_vote

UNITS_PER_BUILDING = 100
CODES = ["visits.visit.recorded", "ledgers.demand.recorded", "ledgers.demand.started", "roster.exported",
         "notice.published", "voting.assembly.created", "accounts.owner.signed_in"]  # 7: prime to most counts


@dataclass
class District:
    office: StreetOffice
    communities: list[Community]
    supervisor: Any
    staff: dict[int, Any] = field(default_factory=dict)  # community pk → its working group member
    assemblies: dict[int, Assembly] = field(default_factory=dict)  # community pk → its open assembly


def build_roster(office: StreetOffice, slug: str, units: int) -> Community:
    """A community of `units` units, one owner each (every tenth unit owned by its neighbour's owner too)."""
    community = Community.objects.create(street_office=office, slug=slug, name=f"{slug}小区")
    buildings = Building.objects.bulk_create([
        Building(community=community, name=f"{b + 1}号楼", sort_key=b + 1)
        for b in range((units + UNITS_PER_BUILDING - 1) // UNITS_PER_BUILDING)])
    rows = [Unit(community=community, building=buildings[i // UNITS_PER_BUILDING],
                 code=f"{i // UNITS_PER_BUILDING + 1}-{i % UNITS_PER_BUILDING + 101}", area=Decimal("60.00") + i % 90)
            for i in range(units)]
    for row in rows:
        row.derive_keys()  # bulk_create does not call save()
    made = Unit.objects.bulk_create(rows, batch_size=2000)
    owners = Owner.objects.bulk_create([
        Owner(community=community, identifier=f"{slug}-{i:06d}", name=f"业主{i}", phone=f"139{i:08d}")
        for i in range(units)], batch_size=2000)
    links = [Ownership(community=community, unit=u, owner=o) for u, o in zip(made, owners, strict=True)]
    links += [Ownership(community=community, unit=made[i], owner=owners[i - 1]) for i in range(10, units, 10)]
    Ownership.objects.bulk_create(links, batch_size=2000)
    return community


def open_assembly(community: Community, actor: Any, *, paper_mode: str = PaperMode.PER_ENTITY,
                  counted_share: float = 0.3) -> Assembly:
    """A written vote opened through the services, with a share of its papers voted (bulk-created ballots)."""
    now = timezone.now()
    assembly = create_assembly(community=community, title="第二届业主委员会选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(days=7), actor=actor, paper_mode=paper_mode)
    add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举业主委员会委员", seats=2, candidates=["张三", "李四", "王五"], actor=actor)
    seal_box(assembly=assembly, label="1号票箱", seal_number=f"F-{community.pk}", sealed_before="监票人", actor=actor)
    announce_vote(assembly, actor)
    assembly = open_voting(assembly=assembly, actor=actor)
    papers = list(BallotPaper.objects.filter(assembly=assembly).order_by("serial").values_list("pk", "entity_id"))
    voted = papers[: int(len(papers) * counted_share)]
    Ballot.objects.bulk_create([
        Ballot(community=community, assembly=assembly, entity_id=entity, paper_id=paper, channel=Channel.PAPER,
               received_at=now, status=BallotStatus.COUNTED, choices={"committee": ["张三"]},
               receipt=hashlib.sha256(f"{assembly.pk}-{paper}".encode()).hexdigest()[:16].upper())
        for paper, entity in voted], batch_size=2000)
    return assembly


def append_history(community_ids: list[int], records: int, *, actors: list[str], batch: int = 5000) -> None:
    """`records` audit records spread over these communities, linked and hashed as `audit.record` links them."""
    head, _ = ChainHead.objects.get_or_create(id=1)
    sequence, previous = head.sequence, head.hash if head.sequence else GENESIS_HASH
    at = timezone.now() - timedelta(days=30)
    step = timedelta(days=30) / max(records, 1)
    spread = itertools.cycle(community_ids)
    for start in range(0, records, batch):
        rows = []
        for n in range(start, min(start + batch, records)):
            sequence += 1
            entry = AuditRecord(sequence=sequence, at=at + step * n, actor_label=actors[n % len(actors)],
                                community_id=next(spread), code=CODES[n % len(CODES)], target_type="roster.unit",
                                target_id=str(n % 3000), target_label=f"{n % 30 + 1}-{n % 100 + 101}",
                                data={"n": n}, previous_hash=previous)
            entry.hash = previous = hash_of(entry)
            rows.append(entry)
        with transaction.atomic():
            AuditRecord.objects.bulk_create(rows)
            ChainHead.objects.filter(id=1).update(sequence=sequence, hash=previous)


def build_district(*, communities: int, units: int, open_votes: int = 0, audit_records: int = 0,
                   code: str = "district", paper_mode: str = PaperMode.PER_ENTITY) -> District:
    """One street office's communities with `units` units each; the first `open_votes` of them voting now."""
    office = StreetOffice.objects.create(name=f"{code}街道", code=code)
    supervisor = get_user_model().objects.create_user(f"{code}-supervisor")
    Membership.objects.create(user=supervisor, role=Role.SUPERVISOR, street_office=office)
    district = District(office, [], supervisor)
    add_communities(district, communities, units=units, open_votes=open_votes, paper_mode=paper_mode)
    if audit_records:
        append_history([c.pk for c in district.communities], audit_records, actors=actor_names(district))
    return district


def add_communities(district: District, count: int, *, units: int, open_votes: int = 0,
                    paper_mode: str = PaperMode.PER_ENTITY) -> list[Community]:
    """`count` more communities in the district; the first `open_votes` of them voting now."""
    added = []
    for n in range(len(district.communities), len(district.communities) + count):
        community = build_roster(district.office, f"{district.office.code}-{n:03d}", units)
        member = get_user_model().objects.create_user(f"{district.office.code}-wg-{n:03d}")
        Membership.objects.create(user=member, role=Role.WORKING_GROUP, community=community)
        district.communities.append(community)
        district.staff[community.pk] = member
        if len(added) < open_votes:
            district.assemblies[community.pk] = open_assembly(community, member, paper_mode=paper_mode)
        added.append(community)
    return added


def actor_names(district: District) -> list[str]:
    return [member.username for member in district.staff.values()] + [district.supervisor.username, "system"]
