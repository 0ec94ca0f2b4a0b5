"""Freezing the roster when voting opens (law.md: later changes do not move the denominator).

Every unit is copied with its area, status and owners; the voting entities are those
`huanjie.rules.build_entities` computes; the SHA-256 is that of the roster export in the
tally.md format, the file published with the roster notice.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from huanjie.privacy import phone_tail
from huanjie.roster.exporting import export_rows, roster_csv
from huanjie.roster.models import Ownership
from huanjie.roster.selectors import rules_units
from huanjie.rules import EntityIndex, JoinRule, RosterError, WriteInRule, build_entities
from huanjie.rules import Unit as RulesUnit
from huanjie.rules import UnitStatus as RulesStatus
from huanjie.voting.errors import EmptyRoster, RosterNotCountable
from huanjie.voting.models import Assembly, SnapshotUnit, VotingEntity

LABEL_LENGTH = 500
# The settings of spec/tally.md v2 the web count applies, until each assembly records its own:
# v1's transitive join and void contest, so that no frozen roster or count changes.
JOIN = JoinRule.SHARED_OWNER
WRITE_IN = WriteInRule.VOID_CONTEST


def freeze_roster(assembly: Assembly) -> EntityIndex:
    """Copy the community's roster into the assembly; returns the entities it counts."""
    community = assembly.community
    units = rules_units(community)
    if not units:
        raise EmptyRoster()
    try:
        index = build_entities(units, JOIN)
    except RosterError as error:
        raise RosterNotCountable(reason=str(error)) from None
    exported = roster_csv(export_rows(community))
    tails = _phone_tails(community.pk)
    entities = VotingEntity.objects.bulk_create([
        VotingEntity(community=community, assembly=assembly, index=entity.index, area=entity.area,
                     developer=entity.developer, label=_label(entity.units),
                     phone_tails=",".join(sorted({t for code in entity.units for t in tails.get(code, ())})))
        for entity in index.entities
    ])
    SnapshotUnit.objects.bulk_create([
        SnapshotUnit(community=community, assembly=assembly, entity=entities[index.unit_entity[position]],
                     position=position, code=unit.code, building=unit.building, area=unit.area,
                     status=unit.status.value, owners=";".join(sorted(unit.owners)),
                     phone_tails=",".join(sorted(tails.get(unit.code, ()))))
        for position, unit in enumerate(index.units)
    ])
    assembly.eligible_headcount = index.eligible.headcount
    assembly.eligible_area = index.eligible.area
    assembly.roster_csv = exported.decode("utf-8")
    assembly.roster_sha256 = hashlib.sha256(exported).hexdigest()
    return index


def frozen_units(assembly: Assembly) -> list[RulesUnit]:
    """The frozen roster as huanjie.rules reads it, in the order it was frozen."""
    rows = SnapshotUnit.objects.filter(assembly=assembly).order_by("position").values_list(
        "code", "area", "owners", "status", "building")
    return [RulesUnit(code, area, frozenset(filter(None, owners.split(";"))), RulesStatus(status), building)
            for code, area, owners, status, building in rows]


def _label(codes: tuple[str, ...]) -> str:
    label = "、".join(codes)
    return label if len(label) <= LABEL_LENGTH else label[:LABEL_LENGTH - 1] + "…"


def _phone_tails(community_id: int) -> dict[str, set[str]]:
    tails: dict[str, set[str]] = defaultdict(set)
    rows = Ownership.objects.filter(community_id=community_id).values_list("unit__code", "owner__phone")
    for code, phone in rows.iterator():
        tail = phone_tail(phone or "")
        if len(tail) == 4:
            tails[code].add(tail)
    return tails
