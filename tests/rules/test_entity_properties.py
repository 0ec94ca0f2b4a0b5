"""JI art. 9 on every roster (spec/tally.md v2): the properties the voting entities keep.

- `identical-owners` never joins units whose owner sets differ (but into the developer's one
  head), and always joins those whose owner sets are the same;
- no identifier on an undelivered unit changes any entity, in either join;
- the developer is always one head;
- `shared-owner` is the transitive closure of "shares an identifier", computed here
  independently, by a walk over the units.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules import EntityIndex, JoinRule, Unit, UnitStatus, build_entities

MANY = settings(max_examples=150, deadline=None)
PEOPLE = "abcdefgh"
DELIVERED, UNSOLD, UNDELIVERED = UnitStatus.DELIVERED, UnitStatus.UNSOLD, UnitStatus.UNDELIVERED


@st.composite
def rosters(draw: st.DrawFn) -> list[Unit]:
    """Up to 16 units of a few people, so that owner sets meet, overlap and repeat; some held
    by the developer, now and then with identifiers (the developer's own, or buyers')."""
    units = []
    for i in range(draw(st.integers(0, 16))):
        status = draw(st.sampled_from((DELIVERED,) * 5 + (UNSOLD, UNDELIVERED)))
        owners = draw(st.frozensets(st.sampled_from(PEOPLE), min_size=0 if status is not DELIVERED else 1, max_size=3))
        units.append(Unit(f"U{i}", Decimal(draw(st.integers(1, 9999))).scaleb(-2), owners, status))
    return units


def partition(index: EntityIndex) -> set[frozenset[str]]:
    return {frozenset(entity.units) for entity in index.entities}


@MANY
@given(rosters())
def test_identical_owners_joins_units_exactly_when_their_owner_sets_are_the_same(units: list[Unit]) -> None:
    index = build_entities(units, JoinRule.IDENTICAL_OWNERS)
    by_code = {unit.code: unit for unit in units}
    for entity in index.entities:
        if entity.developer:
            continue
        assert len({by_code[code].owners for code in entity.units}) == 1  # never different owner sets
    for a in units:
        for b in units:
            if a.status is not UNDELIVERED and b.status is not UNDELIVERED and a.owners == b.owners:
                assert index.entity_of(a.code) is index.entity_of(b.code)


@MANY
@given(rosters())
def test_a_delivered_unit_joins_the_developer_only_with_the_owners_of_an_unsold_unit(units: list[Unit]) -> None:
    index = build_entities(units, JoinRule.IDENTICAL_OWNERS)
    unsold_owners = {unit.owners for unit in units if unit.status is UNSOLD}
    for unit in units:
        if unit.status is DELIVERED:
            assert index.entity_of(unit.code).developer == (unit.owners in unsold_owners)


@MANY
@given(rosters(), st.data(), st.sampled_from(list(JoinRule)))
def test_no_identifier_on_an_undelivered_unit_changes_any_entity(units: list[Unit], data: st.DataObject,
                                                                 join: JoinRule) -> None:  # fmt: skip
    renamed = [
        Unit(unit.code, unit.area, data.draw(st.frozensets(st.sampled_from(PEOPLE), max_size=4)), unit.status)
        if unit.status is UNDELIVERED else unit
        for unit in units
    ]  # fmt: skip
    assert build_entities(renamed, join).columns() == build_entities(units, join).columns()


@MANY
@given(rosters(), st.sampled_from(list(JoinRule)))
def test_the_developer_is_always_one_head(units: list[Unit], join: JoinRule) -> None:
    index = build_entities(units, join)
    held = {unit.code for unit in units if unit.status is not DELIVERED}
    developers = [entity for entity in index.entities if entity.developer]
    if not held:
        assert developers == [] and index.developer_entity is None
        return
    assert len(developers) == 1
    assert held <= set(developers[0].units)
    assert developers[0].headcount == 1


def transitive_closure(units: list[Unit]) -> set[frozenset[str]]:
    """Units linked when they share an identifier (an undelivered unit's take no part) or are
    both held by the developer; the groups a walk over those links reaches."""

    def linked(a: Unit, b: Unit) -> bool:
        if a.status is not DELIVERED and b.status is not DELIVERED:
            return True
        named = [u.owners if u.status is not UNDELIVERED else frozenset() for u in (a, b)]
        return bool(named[0] & named[1])

    groups: set[frozenset[str]] = set()
    seen: set[str] = set()
    for start in units:
        if start.code in seen:
            continue
        group, frontier = {start.code}, [start]
        while frontier:
            here = frontier.pop()
            for other in units:
                if other.code not in group and linked(here, other):
                    group.add(other.code)
                    frontier.append(other)
        seen |= group
        groups.add(frozenset(group))
    return groups


@MANY
@given(rosters())
def test_shared_owner_is_the_transitive_closure_of_sharing_an_identifier(units: list[Unit]) -> None:
    assert partition(build_entities(units, JoinRule.SHARED_OWNER)) == transitive_closure(units)


@MANY
@given(rosters(), st.sampled_from(list(JoinRule)))
def test_an_entitys_area_is_the_sum_of_its_units(units: list[Unit], join: JoinRule) -> None:
    index = build_entities(units, join)
    area = {unit.code: unit.area for unit in units}
    for entity in index.entities:
        assert entity.area == sum((area[code] for code in entity.units), Decimal("0.00"))
    assert index.eligible.headcount == len(index.entities)


@MANY
@given(rosters(), st.sampled_from(list(JoinRule)))
def test_the_entities_shown_apart_are_those_of_several_units_and_the_developer_s(units: list[Unit],
                                                                                 join: JoinRule) -> None:
    """Built on their own (a roster page lists them without building every entity), they are the
    very entities the whole list has: same units, owners, area and number, in roster order."""
    alone = build_entities(units, join)
    whole = build_entities(units, join)
    expected = tuple(e for e in whole.entities if len(e.units) > 1 or e.developer)
    assert alone.shown_apart == expected
    assert alone.multi_unit == tuple(e for e in whole.entities if len(e.units) > 1)
    assert whole.shown_apart == expected  # and the same again once every entity was built
