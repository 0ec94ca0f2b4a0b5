"""Civil Code art. 278 ¶2 read with art. 1259: 以上 includes the bound, 过半数 is strict."""

from __future__ import annotations

from decimal import Decimal

from huanjie.rules import Matter, Totals, approved, quorum_met
from huanjie.rules.thresholds import quorum_gap


def totals(headcount: int, area: str) -> Totals:
    return Totals(headcount, Decimal(area))


ELIGIBLE = totals(300, "30000.00")


def test_exactly_two_thirds_participation_meets_the_quorum() -> None:
    assert quorum_met(totals(200, "20000.00"), ELIGIBLE)


def test_one_unit_less_than_two_thirds_misses_the_quorum() -> None:
    assert not quorum_met(totals(199, "20000.00"), ELIGIBLE)


def test_one_hundredth_of_a_square_metre_less_than_two_thirds_misses_the_quorum() -> None:
    assert not quorum_met(totals(200, "19999.99"), ELIGIBLE)


def test_the_quorum_needs_both_headcount_and_area() -> None:
    assert not quorum_met(totals(300, "19999.99"), ELIGIBLE)
    assert not quorum_met(totals(199, "30000.00"), ELIGIBLE)


def test_two_thirds_of_an_area_not_divisible_by_three_is_compared_exactly() -> None:
    eligible = totals(3, "100.00")  # two thirds is 66.666...
    assert not quorum_met(totals(2, "66.66"), eligible)
    assert quorum_met(totals(2, "66.67"), eligible)


def test_an_empty_roster_has_no_quorum() -> None:
    assert not quorum_met(totals(0, "0.00"), totals(0, "0.00"))


PARTICIPATING = totals(200, "20000.00")


def test_approval_of_exactly_half_fails() -> None:
    assert not approved(totals(100, "10000.00"), PARTICIPATING, Matter.ELECT_COMMITTEE)


def test_approval_of_one_more_than_half_passes() -> None:
    assert approved(totals(101, "10000.01"), PARTICIPATING, Matter.ELECT_COMMITTEE)


def test_more_than_half_of_the_heads_with_exactly_half_the_area_fails() -> None:
    assert not approved(totals(150, "10000.00"), PARTICIPATING, Matter.USE_MAINTENANCE_FUND)


def test_more_than_half_of_the_area_with_exactly_half_the_heads_fails() -> None:
    assert not approved(totals(100, "15000.00"), PARTICIPATING, Matter.HIRE_MANAGER)


def test_exactly_three_quarters_passes_for_raising_the_maintenance_fund() -> None:
    assert approved(totals(150, "15000.00"), PARTICIPATING, Matter.RAISE_MAINTENANCE_FUND)


def test_just_under_three_quarters_fails_for_raising_the_maintenance_fund() -> None:
    assert not approved(totals(149, "15000.00"), PARTICIPATING, Matter.RAISE_MAINTENANCE_FUND)
    assert not approved(totals(150, "14999.99"), PARTICIPATING, Matter.RAISE_MAINTENANCE_FUND)


def test_rebuilding_and_changing_common_use_need_three_quarters() -> None:
    two_thirds = totals(134, "13400.00")
    for matter in (Matter.REBUILD, Matter.CHANGE_COMMON_USE):
        assert not approved(two_thirds, PARTICIPATING, matter)
        assert approved(totals(150, "15000.00"), PARTICIPATING, matter)


def test_every_other_matter_needs_more_than_half() -> None:
    three_fifths = totals(120, "12000.00")
    simple = [m for m in Matter if m.item not in (6, 7, 8)]
    assert [m.item for m in simple] == [1, 2, 3, 4, 5, 9]
    for matter in simple:
        assert approved(three_fifths, PARTICIPATING, matter)


def test_nobody_participating_decides_nothing() -> None:
    zero = totals(0, "0.00")
    assert not approved(zero, zero, Matter.RAISE_MAINTENANCE_FUND)


def test_the_nine_matters_of_article_278_have_their_spec_names() -> None:
    assert [m.spec_name for m in Matter] == [
        "rules-of-procedure",
        "management-covenant",
        "elect-committee",
        "hire-manager",
        "use-maintenance-fund",
        "raise-maintenance-fund",
        "rebuild",
        "change-common-use",
        "other-major",
    ]
    assert [m.item for m in Matter] == list(range(1, 10))
    assert Matter.from_spec_name("elect-committee").label == "选举业主委员会或者更换业主委员会成员"


def test_the_quorum_gap_is_exactly_what_brings_both_measures_to_two_thirds():
    eligible = Totals(9, Decimal("900.00"))
    gap = quorum_gap(Totals(4, Decimal("500.00")), eligible)
    assert gap == Totals(2, Decimal("100.00"))
    assert quorum_met(Totals(4 + gap.headcount, Decimal("500.00") + gap.area), eligible)
    assert not quorum_met(Totals(4 + gap.headcount - 1, Decimal("500.00") + gap.area), eligible)
    assert not quorum_met(Totals(4 + gap.headcount, Decimal("500.00") + gap.area - Decimal("0.01")), eligible)


def test_the_quorum_gap_rounds_the_area_up_to_the_next_hundredth():
    gap = quorum_gap(Totals(0, Decimal("0.00")), Totals(3, Decimal("100.00")))
    assert gap == Totals(2, Decimal("66.67"))


def test_a_met_quorum_has_no_gap():
    assert quorum_gap(Totals(3, Decimal("100.00")), Totals(3, Decimal("100.00"))) == Totals(0, Decimal("0.00"))
