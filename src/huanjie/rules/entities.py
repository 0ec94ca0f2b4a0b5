"""Who counts, and how much: voting entities from the roster (JI arts. 8–9; spec/tally.md v2).

JI art. 9: 「业主人数可以按照专有部分的数量计算，一个专有部分按一人计算。但建设单位尚未出售和虽已出售但尚未交付的
部分，以及同一买受人拥有一个以上专有部分的，按一人计算。」 So:

- one unit is one head, whose area is the unit's;
- the developer's unsold and undelivered units together are one head. The identifiers on an
  undelivered unit are its buyers', who do not vote it yet: they join it to nothing (a
  buyer's own delivered home stays a head of its own);
- the same buyer's units are one head, their areas added up. "The same buyer" is the same
  owner set (`JoinRule.IDENTICAL_OWNERS`, the default): x;y on two units is one head, x;y and x
  are two. Identifiers on unsold units take part, so a delivered unit whose owners are an
  unsold unit's (the developer itself) joins the developer. Where the rules of procedure
  adopt it, `JoinRule.SHARED_OWNER` joins units sharing any identifier, transitively (A x;y,
  B y;z, C z are one head) — still never through an undelivered unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from itertools import accumulate, chain, compress, repeat
from operator import eq, ne

from huanjie.rules.types import (
    JoinRule,
    Totals,
    Unit,
    UnitStatus,
    VotingEntity,
    area_to_cents,
    cents_to_area,
)


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
    `unit_entity`, `unit_cents`); pages read `entity_of`, `entities`, `multi_unit` and `shown_apart`.
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
        return tuple(entity for entity in self.shown_apart if len(entity.units) > 1)

    @cached_property
    def shown_apart(self) -> tuple[VotingEntity, ...]:
        """The entities a roster page lists on their own, in roster order: those of more than one
        unit, and the developer's. Built without building every entity (a roster of 3,000 units
        has some 3,000, of which a page lists a few dozen): the same entities as `entities` has."""
        if "entities" in self.__dict__:
            return tuple(e for e in self.entities if len(e.units) > 1 or e.index == self.developer_entity)
        sizes = Counter(self.unit_entity)
        members: dict[int, list[Unit]] = {
            entity: [] for entity in sorted(e for e, size in sizes.items() if size > 1 or e == self.developer_entity)}
        for unit, entity in zip(self.units, self.unit_entity, strict=True):
            if entity in members:
                members[entity].append(unit)
        return tuple(_entity(i, group, i == self.developer_entity) for i, group in members.items())

    def entity_of(self, unit_code: str) -> VotingEntity:
        """The voting entity a unit belongs to; `KeyError` for a unit not in the roster."""
        return self.entities[self.unit_entity[self.unit_position[unit_code]]]


def build_entities(units: Iterable[Unit], join: JoinRule = JoinRule.IDENTICAL_OWNERS) -> EntityIndex:
    """Join the roster's units into voting entities (JI art. 9), by the election's `join`.

    Raises `RosterError` for a repeated unit code, a delivered unit with no owner, or an area
    that is not positive with at most two decimals (JI art. 8).
    """
    roster = tuple(units)
    area_cents: dict[Decimal, int] = {}  # rosters repeat a few floor plans
    cents = [_unit_cents(unit, area_cents) for unit in roster]
    _check_unique_codes(roster)
    joined = _join([unit.owners for unit in roster], [unit.status for unit in roster], JoinRule(join))
    return EntityIndex(roster, joined, cents)


def entity_columns(
    codes: list[str],
    areas: list[Decimal],
    owners: list[frozenset[str]],
    statuses: list[UnitStatus],
    join: JoinRule = JoinRule.IDENTICAL_OWNERS,
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
        build_entities(map(Unit, codes, areas, owners, statuses), join)
        raise AssertionError("build_entities accepted what the columns refused")  # noqa: EM101  # unreachable
    joined = _join(owners, statuses, JoinRule(join))
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


NO_OWNER: frozenset[str] = frozenset()


def _join(owners: list[frozenset[str]], statuses: list[UnitStatus], join: JoinRule) -> _Joined:
    """Union-find over units: the same buyer's units, and all developer-held units, join.

    The identifiers on an undelivered unit are its buyers', who do not vote it yet (JI art. 9):
    they take no part. With `IDENTICAL_OWNERS` each unit's key is its owner set; with
    `SHARED_OWNER` each of its identifiers. Most units share no key with another: each key's
    first unit is found for all at once (at C speed), and only the units that must join
    another go through the union-find."""
    if UnitStatus.UNDELIVERED in statuses:
        owners = list(owners)
        for i in compress(range(len(statuses)), map(UnitStatus.UNDELIVERED.__eq__, statuses)):
            owners[i] = NO_OWNER
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

    keys, unit_of = _keys(owners, join)
    first_of_key = dict(zip(reversed(keys), reversed(unit_of), strict=True))  # the earliest unit wins
    firsts = list(map(first_of_key.__getitem__, keys))
    joined = list(compress(zip(firsts, unit_of, strict=True), map(ne, firsts, unit_of)))
    # Units of the developer count as one head (JI art. 9), however many are unsold.
    held = list(compress(range(len(owners)), map(UnitStatus.DELIVERED.__ne__, statuses)))
    joined += zip(repeat(held[0]), held[1:]) if held else ()
    for first, unit in joined:  # in any order: a set's root is always its earliest unit
        union(first, unit)
    for unit in set(chain.from_iterable(joined)):
        parent[unit] = find(unit)
    return _number_entities(parent, held[0] if held else None)  # now each unit's root


def _keys(owners: list[frozenset[str]], join: JoinRule) -> tuple[list[Hashable], list[int]]:
    """What joins units, and the unit of each key. Units keyed alike join.

    `IDENTICAL_OWNERS`: one key per unit, its owner set (an empty set is only ever a
    developer-held unit's, which joins the developer anyway). `SHARED_OWNER`: one key per
    identifier of each unit, flattened: key k belongs to unit `unit_of[k]`."""
    if join is JoinRule.IDENTICAL_OWNERS:
        return list(owners), list(range(len(owners)))
    flat: list[Hashable] = list(chain.from_iterable(owners))
    return flat, list(chain.from_iterable(map(repeat, range(len(owners)), map(len, owners))))


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
