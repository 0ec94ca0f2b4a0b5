"""JI arts. 8–9: who counts, and how much."""

from __future__ import annotations

from decimal import Decimal

import pytest

from huanjie.rules import RosterError, Totals, Unit, UnitStatus, build_entities


def unit(code: str, area: str = "100.00", *owners: str, status: UnitStatus = UnitStatus.DELIVERED) -> Unit:
    return Unit(code, Decimal(area), frozenset(owners), status)


def test_one_unit_counts_as_one_person() -> None:
    roster = build_entities([unit("1-101", "80.00", "alice"), unit("1-102", "90.50", "bob")])
    assert roster.eligible == Totals(2, Decimal("170.50"))


def test_fifteen_units_of_one_owner_are_one_head() -> None:
    """The Shanghai appellate case: 15 units of one owner had been counted as 15 heads."""
    roster = build_entities([unit(f"1-{i:03d}", "50.00", "wang") for i in range(15)] + [unit("2-101", "60.00", "li")])
    assert roster.eligible == Totals(2, Decimal("810.00"))
    assert roster.entity_of("1-007").area == Decimal("750.00")
    assert [len(e.units) for e in roster.multi_unit] == [15]


def test_co_owners_are_joined_transitively() -> None:
    roster = build_entities(
        [
            unit("A", "10.00", "x", "y"),
            unit("B", "20.00", "y"),
            unit("C", "30.00", "z", "x"),
            unit("D", "40.00", "w"),
        ]
    )
    assert roster.eligible.headcount == 2
    assert roster.entity_of("B").units == ("A", "B", "C")
    assert roster.entity_of("C").owners == frozenset({"x", "y", "z"})
    assert roster.entity_of("A").area == Decimal("60.00")


def test_a_chain_joined_through_a_later_unit_is_one_entity() -> None:
    roster = build_entities([unit("A", "1.00", "a"), unit("B", "1.00", "b"), unit("C", "1.00", "a", "b")])
    assert roster.eligible.headcount == 1


def test_all_developer_units_are_one_head() -> None:
    roster = build_entities(
        [
            unit("1-101", "80.00", "alice"),
            unit("9-001", "100.00", status=UnitStatus.UNSOLD),
            unit("9-002", "100.00", status=UnitStatus.UNDELIVERED),
            unit("9-003", "100.00", "buyer", status=UnitStatus.UNDELIVERED),
        ]
    )
    assert roster.eligible == Totals(2, Decimal("380.00"))
    developer = roster.entity_of("9-002")
    assert developer.developer
    assert developer.units == ("9-001", "9-002", "9-003")


def test_entities_are_numbered_in_roster_order() -> None:
    roster = build_entities([unit("A", "1.00", "a"), unit("B", "1.00", "b"), unit("C", "1.00", "a")])
    assert [e.units for e in roster.entities] == [("A", "C"), ("B",)]
    assert [e.index for e in roster.entities] == [0, 1]


def test_a_repeated_unit_is_refused() -> None:
    with pytest.raises(RosterError):
        build_entities([unit("A", "1.00", "a"), unit("A", "2.00", "b")])


def test_a_delivered_unit_needs_an_owner() -> None:
    with pytest.raises(RosterError):
        build_entities([unit("A", "1.00")])


@pytest.mark.parametrize("area", ["0", "-1.00", "1.005"])
def test_an_area_must_be_positive_with_at_most_two_decimals(area: str) -> None:
    with pytest.raises(RosterError):
        build_entities([unit("A", area, "a")])
