"""Who counts, and how much: voting entities from the roster (JI arts. 8–9).

JI art. 9: one unit counts as one person, but all of the developer's unsold or undelivered
units count as one person, and so does one buyer of several units. Owners who share a unit
are joined transitively (spec/tally.md): if unit A is owned by x;y and unit B by y, A and B
are one voting entity, whose area is the sum of its units' areas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from huanjie.rules.types import Totals, Unit, VotingEntity, area_to_cents, cents_to_area


class RosterError(ValueError):
    """The roster cannot be counted (a repeated unit, an ownerless delivered unit, ...)."""


@dataclass(frozen=True, slots=True)
class _Joined:
    """The result of joining units: each unit's entity number, entities in roster order."""

    unit_entity: list[int]
    entity_count: int
    developer_entity: int | None


class EntityColumns:
    """What a count reads of the voting entities: the roster's units by position — their
    codes, entity numbers and areas in hundredths of m² — and how many entities there are.
    An `EntityIndex` is one; built from plain lists, these also travel between processes."""

    def __init__(self, codes: Iterable[str], unit_entity: list[int], unit_cents: list[int], entity_count: int) -> None:
        self.unit_position: dict[str, int] = {code: i for i, code in enumerate(codes)}
        self.unit_entity = unit_entity
        self.unit_cents = unit_cents
        self.entity_count = entity_count
        self.eligible_cents = sum(unit_cents)

    @property
    def eligible(self) -> Totals:
        """All who may vote: the denominator of the quorum (Civil Code art. 278 ¶2)."""
        return Totals.from_cents(self.entity_count, self.eligible_cents)

    def columns(self) -> tuple[list[str], list[int], list[int], int]:
        """The arguments that build these columns again (`EntityColumns(*columns)`)."""
        return list(self.unit_position), self.unit_entity, self.unit_cents, self.entity_count


class EntityIndex(EntityColumns):
    """The voting entities of one roster, frozen when the roster is published (law.md).

    Build it with `build_entities`. The count reads the flat lists (`unit_position`,
    `unit_entity`, `unit_cents`); pages read `entity_of`, `entities` and `multi_unit`.
    """

    def __init__(self, units: tuple[Unit, ...], joined: _Joined, unit_cents: list[int]) -> None:
        super().__init__((unit.code for unit in units), joined.unit_entity, unit_cents, joined.entity_count)
        self.units = units
        self.developer_entity = joined.developer_entity

    @cached_property
    def entities(self) -> tuple[VotingEntity, ...]:
        """Every voting entity, in the roster order of its first unit."""
        members: list[list[Unit]] = [[] for _ in range(self.entity_count)]
        for unit, entity in zip(self.units, self.unit_entity, strict=True):
            members[entity].append(unit)
        return tuple(_entity(i, group, i == self.developer_entity) for i, group in enumerate(members))

    @property
    def multi_unit(self) -> tuple[VotingEntity, ...]:
        """Entities of more than one unit: what the roster notice must show joined."""
        return tuple(entity for entity in self.entities if len(entity.units) > 1)

    def entity_of(self, unit_code: str) -> VotingEntity:
        """The voting entity a unit belongs to; `KeyError` for a unit not in the roster."""
        return self.entities[self.unit_entity[self.unit_position[unit_code]]]


def build_entities(units: Iterable[Unit]) -> EntityIndex:
    """Join the roster's units into voting entities (JI art. 9).

    Raises `RosterError` for a repeated unit code, a delivered unit with no owner, or an area
    that is not positive with at most two decimals (JI art. 8).
    """
    roster = tuple(units)
    area_cents: dict[Decimal, int] = {}  # rosters repeat a few floor plans
    cents = [_unit_cents(unit, area_cents) for unit in roster]
    _check_unique_codes(roster)
    return EntityIndex(roster, _join(roster), cents)


def _unit_cents(unit: Unit, area_cents: dict[Decimal, int]) -> int:
    try:
        cents = area_cents.get(unit.area)
    except TypeError:  # a signalling NaN cannot be hashed; area_to_cents names it
        cents = None
    if cents is None:
        try:
            cents = area_cents[unit.area] = area_to_cents(unit.area)
        except ValueError as error:
            raise RosterError(f"unit {unit.code}: {error}") from None
    if cents <= 0:
        raise RosterError(f"unit {unit.code}: area {unit.area} is not positive")
    if not unit.owners and not unit.status.held_by_developer:
        raise RosterError(f"unit {unit.code}: a delivered unit needs an owner")
    return cents


def _check_unique_codes(roster: tuple[Unit, ...]) -> None:
    seen: set[str] = set()
    for unit in roster:
        if unit.code in seen:
            raise RosterError(f"unit {unit.code} appears twice in the roster")
        seen.add(unit.code)


def _join(roster: tuple[Unit, ...]) -> _Joined:
    """Union-find over units: shared owners, and all developer-held units, join."""
    parent = list(range(len(roster)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            # The earlier unit stays the root, so entity numbers follow roster order.
            parent[max(ra, rb)] = min(ra, rb)

    first_of_owner: dict[str, int] = {}
    first_developer: int | None = None
    for i, unit in enumerate(roster):
        # Units of the developer count as one head (JI art. 9), however many are unsold.
        if unit.status.held_by_developer:
            if first_developer is None:
                first_developer = i
            else:
                union(first_developer, i)
        for owner in unit.owners:
            first = first_of_owner.setdefault(owner, i)
            if first != i:
                union(first, i)
    return _number_entities([find(i) for i in range(len(roster))], first_developer)


def _number_entities(roots: list[int], first_developer: int | None) -> _Joined:
    number: dict[int, int] = {}
    unit_entity = [number.setdefault(root, len(number)) for root in roots]
    developer = None if first_developer is None else unit_entity[first_developer]
    return _Joined(unit_entity, len(number), developer)


def _entity(index: int, units: list[Unit], developer: bool) -> VotingEntity:
    owners = frozenset().union(*(unit.owners for unit in units))
    area = cents_to_area(sum(area_to_cents(unit.area) for unit in units))
    return VotingEntity(index, tuple(unit.code for unit in units), owners, area, developer)
