"""Read queries of the roster, and the bridge from stored rows to the values huanjie.rules counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps

from huanjie.roster import unitcodes
from huanjie.roster.models import Community, Ownership, Unit
from huanjie.rules import JoinRule, WriteInRule
from huanjie.rules import types as rt
from huanjie.rules.entities import build_entities
from huanjie.web.charts import Bar


def units_named(community: Community, text: str) -> list[Unit]:
    """The units of the community that `text` names: the unit whose code it is, else every flat
    that way of writing it can mean (`1-101` for `1号楼101室`; huanjie.roster.unitcodes).

    Several when a short form leaves out a part the roster needs (`1-101` where 1号楼 has two
    entrances); none for a text that is no unit of this community.
    """
    typed = text.strip()
    exact = Unit.objects.filter(community=community, code=typed).first()
    if exact is not None:
        return [exact]
    address = unitcodes.parse(typed)
    if address is None:
        return []
    candidates = (Unit.objects.filter(community=community, room=address.room).select_related("building")
                  .order_by("sort_key", "code"))
    return [u for u in candidates
            if (have := unitcodes.address_of(u.code, u.building.name if u.building else "")) is not None
            and unitcodes.means(address, have)]


def rules_units(community: Community) -> list[rt.Unit]:
    """The community's units as huanjie.rules sees them: code, area, owner identifiers, status.

    The owners are joined under their community too: without it PostgreSQL reads every owner of the
    district to join a community's ownerships (issue 20); with it, two index scans.
    """
    owners: dict[int, set[str]] = defaultdict(set)
    for unit_id, identifier in Ownership.objects.filter(community=community, owner__community=community).values_list(
            "unit_id", "owner__identifier").iterator():
        owners[unit_id].add(identifier)
    rows = Unit.objects.filter(community=community).values_list("pk", "code", "area", "status", "building__name")
    return [rt.Unit(code=code, area=area, owners=frozenset(owners[pk]), status=rt.UnitStatus(status),
                    building=building or "")
            for pk, code, area, status, building in rows.iterator()]


@dataclass(frozen=True)
class CountRules:
    """The count's settings the roster is read with (spec/tally.md v2): those of the vote being
    prepared, or the law's reading when there is none yet."""

    join: JoinRule = JoinRule.IDENTICAL_OWNERS
    write_in: WriteInRule = WriteInRule.IGNORE_NAME
    basis: str = ""
    assembly: str = ""  # the title of the assembly they are set on; "" for the law's reading


def count_rules_of(community: Community, reelection_id: int | None = None) -> CountRules:
    """The settings of the assembly the roster is prepared for: the re-election's latest assembly
    when `reelection_id` is given, else the community's latest assembly not yet counted."""
    Assembly = apps.get_model("voting", "Assembly")  # voting builds on the roster
    assemblies = Assembly.objects.filter(community=community)
    if reelection_id is not None:
        assemblies = assemblies.filter(reelection_id=reelection_id)
    else:
        assemblies = assemblies.exclude(status="counted")
    found = assemblies.order_by("-created_at", "-pk").values_list("join", "write_in", "count_rules_basis",
                                                                   "title").first()
    if found is None:
        return CountRules()
    join, write_in, basis, title = found
    return CountRules(JoinRule(join), WriteInRule(write_in), basis, title)


@dataclass(frozen=True)
class EntityRow:
    units: tuple[str, ...]
    area: Decimal
    developer: bool


@dataclass(frozen=True)
class RosterSummary:
    unit_count: int
    owner_count: int
    total_area: Decimal
    eligible_headcount: int
    eligible_area: Decimal
    multi_unit_entities: list[EntityRow]
    developer_units: tuple[str, ...]
    developer_area: Decimal
    rules: CountRules


def roster_summary(community: Community, rules: CountRules | None = None) -> RosterSummary:
    """Eligible headcount and area as the law counts them (JI arts. 8–9, via huanjie.rules), with
    the units joined by the count's settings (`count_rules_of` unless given)."""
    rules = rules or count_rules_of(community)
    units = rules_units(community)
    index = build_entities(units, rules.join)
    multi: list[EntityRow] = []
    developer = EntityRow((), Decimal("0.00"), True)
    for entity in index.shown_apart:  # not every entity: a 3,000-unit roster has some 3,000 (issue 20)
        row = EntityRow(tuple(sorted(entity.units, key=unitcodes.sort_key)), entity.area, entity.developer)
        if entity.developer:
            developer = row
        elif len(entity.units) > 1:
            multi.append(row)
    multi.sort(key=lambda row: (-len(row.units), [unitcodes.sort_key(code) for code in row.units]))
    return RosterSummary(
        unit_count=len(units),
        owner_count=community.owners.count(),
        total_area=sum((u.area for u in units), Decimal("0.00")),
        eligible_headcount=index.eligible.headcount,
        eligible_area=index.eligible.area,
        multi_unit_entities=multi,
        developer_units=developer.units,
        developer_area=developer.area,
        rules=rules,
    )


def building_bars(community: Community) -> list[Bar]:
    """Units and area per building. Areas are added as Decimal here: SQLite's SUM would return a float."""
    units: dict[str, int] = defaultdict(int)
    areas: dict[str, Decimal] = defaultdict(Decimal)
    rows = (Unit.objects.filter(community=community)
            .order_by("building__sort_key", "building__name")
            .values_list("building__name", "area"))
    for building, area in rows.iterator():
        name = building or "—"
        units[name] += 1
        areas[name] += area
    return [Bar(name, count, f"{count} 户 · {areas[name]:.2f} ㎡") for name, count in units.items()]
