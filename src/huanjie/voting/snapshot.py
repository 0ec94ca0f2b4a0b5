"""Freezing the roster when voting opens (law.md: later changes do not move the denominator).

Every unit is copied with its area, status and owners; the voting entities are those
`huanjie.rules.build_entities` computes with the assembly's `join` (JI art. 9, spec/tally.md
v2); the SHA-256 is that of the roster export in the tally.md format, the file published with
the roster notice. The count's settings are frozen with it: `snapshot_sha256` is taken of the
roster's SHA-256 and the settings (`snapshot_text`), so a setting changed afterwards shows.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from huanjie.privacy import phone_tail
from huanjie.roster.exporting import export_rows, roster_csv
from huanjie.roster.models import Ownership
from huanjie.roster.selectors import rules_units
from huanjie.rules import EntityIndex, JoinRule, RosterError, build_entities
from huanjie.rules import Unit as RulesUnit
from huanjie.rules import UnitStatus as RulesStatus
from huanjie.voting.errors import EmptyRoster, RosterNotCountable
from huanjie.voting.models import Assembly, SnapshotUnit, VotingEntity

LABEL_LENGTH = 500


def freeze_roster(assembly: Assembly) -> EntityIndex:
    """Copy the community's roster into the assembly; returns the entities it counts."""
    community = assembly.community
    units = rules_units(community)
    if not units:
        raise EmptyRoster()
    try:
        index = build_entities(units, JoinRule(assembly.join))
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
    assembly.snapshot_sha256 = snapshot_sha256(assembly)
    return index


def snapshot_text(assembly: Assembly) -> str:
    """What `snapshot_sha256` is taken of: the frozen roster's SHA-256 and the count's settings,
    as TOML lines (election.toml writes the same settings)."""
    return f'roster_sha256 = "{assembly.roster_sha256}"\njoin = "{assembly.join}"\nwrite_in = "{assembly.write_in}"\n'


def snapshot_sha256(assembly: Assembly) -> str:
    return hashlib.sha256(snapshot_text(assembly).encode("utf-8")).hexdigest()


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
    # The units and owners joined under their community too, so that each is an index scan (issue 20).
    rows = (Ownership.objects.filter(community_id=community_id, unit__community_id=community_id,
                                     owner__community_id=community_id).values_list("unit__code", "owner__phone"))
    for code, phone in rows.iterator():
        tail = phone_tail(phone or "")
        if len(tail) == 4:
            tails[code].add(tail)
    return tails
