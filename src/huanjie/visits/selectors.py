"""Coverage of the visits: which units were reached, with what outcome, building by building.

Built from two narrow queries (units; each unit's visits in date order) and grouped in Python,
so the page costs the same few queries for 500 units or 10,000.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from huanjie.roster.models import Building, Community, Unit
from huanjie.visits.models import Outcome, Visit


@dataclass(frozen=True)
class Cell:
    code: str
    outcome: str  # "" when not yet reached
    label: str


@dataclass
class FloorRow:
    floor: int | None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class BuildingCoverage:
    pk: int
    name: str
    units: int = 0
    reached: int = 0
    by_floor: dict[int | None, tuple[int, int]] = field(default_factory=dict)  # floor → (reached, units)

    @property
    def share(self) -> Fraction:
        return Fraction(self.reached, self.units) if self.units else Fraction(0)


@dataclass(frozen=True)
class Coverage:
    units: int
    reached: int
    outcomes: Counter[str]
    buildings: list[BuildingCoverage]
    floors: list[int | None]  # every floor of the community, top first

    @property
    def share(self) -> Fraction:
        return Fraction(self.reached, self.units) if self.units else Fraction(0)


def latest_outcomes(community: Community, *, building: Building | None = None) -> dict[int, str]:
    """Each visited unit's most recent outcome (unit id → outcome)."""
    visits = Visit.objects.filter(community=community)
    if building is not None:
        visits = visits.filter(unit__building=building)
    if connection.features.can_distinct_on_fields:
        # PostgreSQL hands back one row per unit (DISTINCT ON) instead of every visit.
        rows = visits.order_by("unit_id", "-visited_on", "-pk").distinct("unit_id").values_list("unit_id", "outcome")
        return dict(rows.iterator(2000))
    # Elsewhere (SQLite) each unit looks up its newest visit through the (community, unit, date) index.
    newest = (Visit.objects.filter(community=community, unit=OuterRef("pk")).order_by("-visited_on", "-pk")
              .values("outcome")[:1])
    units = Unit.objects.filter(community=community)
    if building is not None:
        units = units.filter(building=building)
    rows = units.order_by().annotate(latest=Subquery(newest)).filter(latest__isnull=False)
    return dict(rows.values_list("pk", "latest").iterator(2000))


def reached_unit_ids(community: Community) -> set[int]:
    return set(Visit.objects.filter(community=community).values_list("unit_id", flat=True).distinct())


def coverage(community: Community) -> Coverage:
    """Units reached per building and floor, and the latest outcome of each reached unit."""
    latest = latest_outcomes(community)
    buildings = {b.pk: BuildingCoverage(b.pk, b.name)
                 for b in Building.objects.filter(community=community).order_by("sort_key", "name")}
    none_building = BuildingCoverage(0, "—")
    floors: set[int | None] = set()
    for unit_id, building_id, floor in Unit.objects.filter(community=community).order_by().values_list(
            "pk", "building_id", "floor").iterator(2000):
        row = buildings.get(building_id, none_building) if building_id else none_building
        reached = unit_id in latest
        row.units += 1
        row.reached += reached
        done, total = row.by_floor.get(floor, (0, 0))
        row.by_floor[floor] = (done + reached, total + 1)
        floors.add(floor)
    rows = [b for b in buildings.values() if b.units] + ([none_building] if none_building.units else [])
    return Coverage(
        units=sum(b.units for b in rows), reached=sum(b.reached for b in rows),
        outcomes=Counter(latest.values()), buildings=rows,
        floors=sorted(floors, key=lambda f: (f is None, -(f or 0))),
    )


def building_grid(community: Community, building: Building) -> list[FloorRow]:
    """One building floor by floor (top first), each unit coloured by its latest outcome."""
    latest = latest_outcomes(community, building=building)
    labels = dict(Outcome.choices)
    rows: dict[int | None, FloorRow] = {}
    for unit_id, code, floor in (Unit.objects.filter(community=community, building=building)
                                 .order_by("sort_key", "code").values_list("pk", "code", "floor")):
        outcome = latest.get(unit_id, "")
        rows.setdefault(floor, FloorRow(floor)).cells.append(
            Cell(code, outcome, str(labels[outcome]) if outcome else ""))
    return [rows[f] for f in sorted(rows, key=lambda f: (f is None, -(f or 0)))]


def voted_unit_codes(community: Community) -> set[str] | None:
    """During a voting window: the units whose voting entity has a counted ballot (whether, never how).

    None when no assembly is voting, so the grid shows nothing about voting at all.
    """
    from huanjie.voting.models import AssemblyStatus, Ballot, BallotStatus, SnapshotUnit

    counted = Ballot.objects.filter(assembly__community=community, assembly__status=AssemblyStatus.OPEN,
                                    status=BallotStatus.COUNTED)
    if not counted.exists() and not community.assemblies.filter(status=AssemblyStatus.OPEN).exists():
        return None
    return set(SnapshotUnit.objects.filter(entity__in=counted.values("entity")).values_list("code", flat=True))


def unreached_units(community: Community) -> QuerySet[Unit]:
    """Units nobody has visited yet, building by building."""
    visited = Visit.objects.filter(unit=OuterRef("pk"))
    return (Unit.objects.filter(community=community).filter(~Exists(visited)).select_related("building")
            .order_by("building__sort_key", "building__name", "sort_key", "code"))


def recent_visits(community: Community) -> QuerySet[Visit]:
    return Visit.objects.filter(community=community).select_related("unit").order_by("-visited_on", "-pk")
