"""Committee size (GR art. 31; SH art. 20), contested slates and scrutineers who are not candidates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.committee import (
    LAWFUL_SIZES,
    SizeProblem,
    contested,
    nearest_lawful_size,
    officials_among_candidates,
    size_problem,
    slate_decision_needed,
)

BIG = Decimal("52000.00")


@pytest.mark.parametrize("seats", [5, 7, 9, 11])
def test_five_to_eleven_odd_seats_are_a_lawful_committee(seats):
    assert size_problem(seats, building_area=BIG) is None


@pytest.mark.parametrize(("seats", "problem"), [
    (4, SizeProblem.EVEN), (6, SizeProblem.EVEN), (12, SizeProblem.EVEN), (13, SizeProblem.TOO_MANY),
    (1, SizeProblem.TOO_FEW), (3, SizeProblem.NOT_SMALL),
])
def test_any_other_size_is_refused_with_its_reason(seats, problem):
    assert size_problem(seats, building_area=BIG, basis="议事规则第十条") is problem


def test_three_seats_need_a_building_area_under_ten_thousand_square_metres_and_its_basis():
    assert size_problem(3, building_area=Decimal("9999.99"), basis="测绘报告；议事规则第十条") is None
    assert size_problem(3, building_area=Decimal("10000.00"), basis="测绘报告") is SizeProblem.NOT_SMALL
    assert size_problem(3, building_area=None, basis="测绘报告") is SizeProblem.AREA_UNKNOWN
    assert size_problem(3, building_area=Decimal("8000"), basis="  ") is SizeProblem.BASIS_MISSING


@given(st.integers(0, 40), st.one_of(st.none(), st.decimals(0, 100000, places=2)))
@settings(max_examples=150)
def test_a_size_is_lawful_exactly_when_odd_and_five_to_eleven_or_three_in_a_small_community(seats, area):
    lawful = size_problem(seats, building_area=area, basis="依据") is None
    small = area is not None and area < 10000
    assert lawful is (seats % 2 == 1 and (5 <= seats <= 11 or (seats == 3 and small)))


def test_a_slate_with_as_many_candidates_as_seats_is_not_contested():
    assert contested(8, 7) and not contested(7, 7) and not contested(2, 7)


@given(st.integers(0, 20), st.integers(1, 11), st.one_of(st.none(), st.integers(0, 20)))
@settings(max_examples=150)
def test_an_uncontested_slate_needs_a_decision_for_exactly_its_number_of_candidates(candidates, seats, decided_for):
    needed = slate_decision_needed(candidates, seats, decided_for=decided_for)
    assert needed is (candidates <= seats and decided_for != candidates)


def test_a_slate_that_shrinks_after_the_decision_needs_it_again():
    assert not slate_decision_needed(6, 7, decided_for=6)
    assert slate_decision_needed(5, 7, decided_for=6)


def test_a_scrutineer_who_is_also_a_candidate_is_found():
    assert officials_among_candidates(["O1", "O7"], ["O3", "O7"]) == {"O7"}
    assert not officials_among_candidates(["O1"], ["O3"])


@given(st.integers(0, 40))
def test_an_unlawful_size_migrates_to_the_nearest_lawful_one(seats):
    lawful = nearest_lawful_size(seats)
    assert lawful in LAWFUL_SIZES and size_problem(lawful, building_area=BIG) is None
    assert lawful == seats or size_problem(seats, building_area=BIG) is not None
    assert abs(lawful - seats) <= 1 or seats < 4 or seats > 12
