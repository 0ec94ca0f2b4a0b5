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
from itertools import accumulate, chain, compress, repeat
from operator import eq, ne, not_

from huanjie.rules.types import Totals, Unit, UnitStatus, VotingEntity, area_to_cents, cents_to_area


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
        self.codes = list(codes)  # by position
        self.unit_entity = unit_entity
        self.unit_cents = unit_cents
        self.entity_count = entity_count
        self.eligible_cents = sum(unit_cents)

    @cached_property
    def unit_position(self) -> dict[str, int]:
        """Each unit's position, by its code (built when first asked: a count from files finds
        most units column-wise)."""
        return {code: i for i, code in enumerate(self.codes)}

    @property
    def eligible(self) -> Totals:
        """All who may vote: the denominator of the quorum (Civil Code art. 278 ¶2)."""
        return Totals.from_cents(self.entity_count, self.eligible_cents)

    def columns(self) -> tuple[list[str], list[int], list[int], int]:
        """The arguments that build these columns again (`EntityColumns(*columns)`)."""
        return self.codes, self.unit_entity, self.unit_cents, self.entity_count


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
    owners = [unit.owners for unit in roster]
    return EntityIndex(roster, _join(owners, [unit.status.held_by_developer for unit in roster]), cents)


def entity_columns(
    codes: list[str], areas: list[Decimal], owners: list[frozenset[str]], statuses: list[UnitStatus]
) -> EntityColumns:
    """`build_entities` for a roster given column by column, without a `Unit` per row: the
    same checks and the same entities, as the flat columns a count reads. Each distinct area
    is converted once; when any check fails, the units are built and `build_entities` raises
    exactly its error."""
    try:
        area_cents = {area: area_to_cents(area) for area in set(areas)}
    except (ValueError, TypeError):  # TypeError: a signalling NaN cannot be hashed
        area_cents = {}
    cents: list[int | None] = list(map(area_cents.get, areas)) if area_cents or not areas else [None]
    delivered = list(map(UnitStatus.DELIVERED.__eq__, statuses))
    ownerless: frozenset[str] = frozenset()
    if (
        None in cents
        or min(cents, default=1) <= 0  # type: ignore[operator,type-var]  # no None left
        or any(compress(delivered, map(ownerless.__eq__, owners)))
        or len(set(codes)) != len(codes)
    ):
        build_entities(map(Unit, codes, areas, owners, statuses))
        raise AssertionError("build_entities accepted what the columns refused")  # noqa: EM101  # unreachable
    joined = _join(owners, list(map(not_, delivered)))
    return EntityColumns(codes, joined.unit_entity, cents, joined.entity_count)  # type: ignore[arg-type]  # no None left


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
    if len({unit.code for unit in roster}) == len(roster):
        return
    seen: set[str] = set()
    for unit in roster:
        if unit.code in seen:
            raise RosterError(f"unit {unit.code} appears twice in the roster")
        seen.add(unit.code)


def _join(owners: list[frozenset[str]], developer: list[bool]) -> _Joined:
    """Union-find over units: shared owners, and all developer-held units, join.

    Most units share no owner with another: each owner's first unit is found for all at once
    (at C speed), and only the units that must join another go through the union-find."""
    parent = list(range(len(owners)))

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

    # Each owner's units, flattened: owner k of the list is an owner of unit `unit_of[k]`.
    flat = list(chain.from_iterable(owners))
    unit_of = list(chain.from_iterable(map(repeat, range(len(owners)), map(len, owners))))
    first_of_owner = dict(zip(reversed(flat), reversed(unit_of), strict=True))  # the earliest unit wins
    firsts = list(map(first_of_owner.__getitem__, flat))
    joined = list(compress(zip(firsts, unit_of, strict=True), map(ne, firsts, unit_of)))
    # Units of the developer count as one head (JI art. 9), however many are unsold.
    held = list(compress(range(len(owners)), developer))
    joined += zip(repeat(held[0]), held[1:]) if held else ()
    for first, unit in joined:  # in any order: a set's root is always its earliest unit
        union(first, unit)
    for unit in set(chain.from_iterable(joined)):
        parent[unit] = find(unit)
    return _number_entities(parent, held[0] if held else None)  # now each unit's root


def _number_entities(roots: list[int], first_developer: int | None) -> _Joined:
    """Entities numbered in roster order: each unit's root is the earliest unit of its
    entity, so an entity's number is how many roots come before its own."""
    roots_before = list(accumulate(map(eq, roots, range(len(roots))), initial=0))  # a root is its own root
    unit_entity = list(map(roots_before.__getitem__, roots))
    developer = None if first_developer is None else unit_entity[first_developer]
    return _Joined(unit_entity, roots_before[-1], developer)


def _entity(index: int, units: list[Unit], developer: bool) -> VotingEntity:
    owners = frozenset().union(*(unit.owners for unit in units))
    area = cents_to_area(sum(area_to_cents(unit.area) for unit in units))
    return VotingEntity(index, tuple(unit.code for unit in units), owners, area, developer)
