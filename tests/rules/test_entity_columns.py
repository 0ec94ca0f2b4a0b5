"""A roster given column by column is joined into the very entities its units are."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules import JoinRule, RosterError, Unit, UnitStatus, build_entities
from huanjie.rules.entities import entity_columns


@st.composite
def units(draw: st.DrawFn) -> list[Unit]:
    """Rosters with shared owners, developer units, and now and then a bad area, a repeated
    code or a delivered unit without owner."""
    size = draw(st.integers(0, 14))
    owners = st.frozensets(st.sampled_from("abcdefghij"), max_size=3)
    areas = st.sampled_from([Decimal("50.00"), Decimal("50.0"), Decimal("88.5"), Decimal("0"), Decimal("1.234")])
    codes = st.sampled_from([f"U{i}" for i in range(20)])
    return [
        Unit(draw(codes), draw(areas), draw(owners), draw(st.sampled_from(tuple(UnitStatus)))) for _ in range(size)
    ]


def columns(roster: list[Unit]) -> tuple[list[str], list[Decimal], list[frozenset[str]], list[UnitStatus]]:
    return [u.code for u in roster], [u.area for u in roster], [u.owners for u in roster], [u.status for u in roster]


@settings(max_examples=400, deadline=None)
@given(units(), st.sampled_from(list(JoinRule)))
def test_columns_and_units_give_the_same_entities_or_the_same_error(roster: list[Unit], join: JoinRule) -> None:
    try:
        expected: object = build_entities(roster, join).columns()
    except RosterError as error:
        expected = str(error)
    try:
        found: object = entity_columns(*columns(roster), join).columns()
    except RosterError as error:
        found = str(error)
    assert found == expected


def test_owners_shared_across_the_roster_join_transitively_into_the_earliest_unit_under_shared_owner() -> None:
    roster = [
        Unit("A", Decimal(10), frozenset("x")),
        Unit("B", Decimal(10), frozenset("y")),
        Unit("C", Decimal(10), frozenset("xz")),
        Unit("D", Decimal(10), frozenset("zy")),
        Unit("E", Decimal(10), frozenset(), UnitStatus.UNSOLD),
        Unit("F", Decimal(10), frozenset(), UnitStatus.UNDELIVERED),
    ]
    joined = entity_columns(*columns(roster), JoinRule.SHARED_OWNER)
    assert joined.unit_entity == [0, 0, 0, 0, 1, 1]
    assert joined.entity_count == 2
    by_owner_set = entity_columns(*columns(roster))
    assert by_owner_set.unit_entity == [0, 1, 2, 3, 4, 4]


def test_a_delivered_unit_without_owner_is_refused_like_build_entities_refuses_it() -> None:
    with pytest.raises(RosterError, match="U1: a delivered unit needs an owner"):
        entity_columns(["U1"], [Decimal(10)], [frozenset()], [UnitStatus.DELIVERED])
