"""JI arts. 8–9: who counts, and how much (spec/tally.md v2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from huanjie.rules import JoinRule, RosterError, Totals, Unit, UnitStatus, build_entities

SHARED = JoinRule.SHARED_OWNER


def unit(code: str, area: str = "100.00", *owners: str, status: UnitStatus = UnitStatus.DELIVERED) -> Unit:
    return Unit(code, Decimal(area), frozenset(owners), status)


def heads(units: list[Unit], join: JoinRule = JoinRule.IDENTICAL_OWNERS) -> list[tuple[str, ...]]:
    return [entity.units for entity in build_entities(units, join).entities]


def test_one_unit_counts_as_one_person() -> None:
    roster = build_entities([unit("1-101", "80.00", "alice"), unit("1-102", "90.50", "bob")])
    assert roster.eligible == Totals(2, Decimal("170.50"))


def test_fifteen_units_of_one_owner_are_one_head() -> None:
    """The Shanghai appellate case: 15 units of one owner had been counted as 15 heads."""
    roster = build_entities([unit(f"1-{i:03d}", "50.00", "wang") for i in range(15)] + [unit("2-101", "60.00", "li")])
    assert roster.eligible == Totals(2, Decimal("810.00"))
    assert roster.entity_of("1-007").area == Decimal("750.00")
    assert [len(e.units) for e in roster.multi_unit] == [15]


def test_the_same_couple_on_two_flats_is_one_head_in_whatever_order_they_are_listed() -> None:
    roster = build_entities([unit("A", "10.00", "x", "y"), unit("B", "20.00", "y", "x")])
    assert roster.eligible == Totals(1, Decimal("30.00"))


def test_a_chain_of_co_owners_is_three_heads_by_default_and_one_where_the_rules_of_procedure_join_it() -> None:
    """Issue 16: {A;B}, {B;C}, {C;D} were one head. JI art. 9 joins "the same buyer" only."""
    chain = [unit("1", "10.00", "A", "B"), unit("2", "20.00", "B", "C"), unit("3", "30.00", "C", "D")]
    assert heads(chain) == [("1",), ("2",), ("3",)]
    assert heads(chain, SHARED) == [("1", "2", "3")]


def test_a_husbands_flat_the_couples_flat_and_the_wifes_flat_are_three_heads() -> None:
    """Issue 16: a husband's flat, a joint flat and the wife's flat were one head."""
    flats = [unit("H", "80.00", "husband"), unit("J", "90.00", "husband", "wife"), unit("W", "70.00", "wife")]
    assert build_entities(flats).eligible == Totals(3, Decimal("240.00"))
    assert build_entities(flats, SHARED).eligible == Totals(1, Decimal("240.00"))


def test_x_and_y_together_and_x_alone_are_two_heads() -> None:
    assert heads([unit("A", "1.00", "x", "y"), unit("B", "1.00", "x"), unit("C", "1.00", "x", "y")]) == [
        ("A", "C"),
        ("B",),
    ]


def test_shared_owner_joins_transitively_through_a_later_unit() -> None:
    roster = build_entities(
        [unit("A", "10.00", "x", "y"), unit("B", "20.00", "y"), unit("C", "30.00", "z", "x"), unit("D", "40.00", "w")],
        SHARED,
    )
    assert roster.eligible.headcount == 2
    assert roster.entity_of("B").units == ("A", "B", "C")
    assert roster.entity_of("C").owners == frozenset({"x", "y", "z"})
    assert roster.entity_of("A").area == Decimal("60.00")
    assert heads([unit("A", "1.00", "a"), unit("B", "1.00", "b"), unit("C", "1.00", "a", "b")], SHARED) == [
        ("A", "B", "C")
    ]


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


@pytest.mark.parametrize("join", list(JoinRule))
def test_a_buyers_own_home_is_not_joined_to_the_developer_through_the_flat_not_yet_delivered(join: JoinRule) -> None:
    """Issue 16: the buyer named on an undelivered unit votes their delivered home as a head
    of its own; the undelivered unit stays the developer's (JI art. 9)."""
    roster = build_entities(
        [
            unit("1-101", "80.00", "buyer"),
            unit("9-001", "100.00", status=UnitStatus.UNSOLD),
            unit("9-002", "100.00", "buyer", status=UnitStatus.UNDELIVERED),
            unit("1-102", "90.00", "buyer", "spouse"),
            unit("9-003", "100.00", "spouse", status=UnitStatus.UNDELIVERED),
        ],
        join,
    )
    assert roster.entity_of("9-002").units == ("9-001", "9-002", "9-003")
    assert not roster.entity_of("1-101").developer
    expected = [("1-101", "1-102")] if join is SHARED else [("1-101",), ("1-102",)]
    assert [e.units for e in roster.entities if not e.developer] == expected


@pytest.mark.parametrize("join", list(JoinRule))
def test_a_delivered_unit_owned_by_the_developer_itself_joins_the_developer(join: JoinRule) -> None:
    """Identifiers on unsold units take part: the developer, listed as owner of an unsold unit
    and of a delivered one (a flat it let), is one head with all its units."""
    roster = build_entities(
        [
            unit("9-001", "100.00", "developer-co", status=UnitStatus.UNSOLD),
            unit("1-101", "80.00", "developer-co"),
            unit("1-102", "90.00", "alice"),
        ],
        join,
    )
    assert roster.eligible.headcount == 2
    assert roster.entity_of("1-101").developer and roster.entity_of("1-101").units == ("9-001", "1-101")


def test_entities_are_numbered_in_roster_order() -> None:
    roster = build_entities([unit("A", "1.00", "a"), unit("B", "1.00", "b"), unit("C", "1.00", "a")])
    assert [e.units for e in roster.entities] == [("A", "C"), ("B",)]
    assert [e.index for e in roster.entities] == [0, 1]


def test_a_join_rule_the_law_does_not_know_is_refused() -> None:
    with pytest.raises(ValueError, match="transitive"):
        build_entities([unit("A", "1.00", "a")], "transitive")  # type: ignore[arg-type]


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
