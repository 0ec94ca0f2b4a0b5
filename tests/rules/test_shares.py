"""One rule for showing a share as a percentage: rounded down to one decimal, never above the share."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.shares import percent, shown_share

wholes = st.integers(1, 10**7)


@given(wholes, st.data())
def test_a_shown_share_is_never_more_than_the_share_and_less_by_under_a_tenth(whole: int, data) -> None:  # type: ignore[no-untyped-def]
    part = data.draw(st.integers(0, whole))
    exact = Fraction(part * 100, whole)
    shown = Fraction(shown_share(part, whole))
    assert shown <= exact < shown + Fraction(1, 10)


@given(wholes, st.data())
def test_a_larger_part_is_never_shown_smaller(whole: int, data) -> None:  # type: ignore[no-untyped-def]
    first = data.draw(st.integers(0, whole))
    second = data.draw(st.integers(first, whole))
    assert shown_share(first, whole) <= shown_share(second, whole)


def test_shares_short_of_a_threshold_are_not_shown_as_reaching_it() -> None:
    assert percent(45, 89) == "50.5%"          # 50.56 %
    assert percent(2, 3) == "66.6%"            # two thirds exactly
    assert percent(Decimal("6666.66"), Decimal("10000.00")) == "66.6%"
    assert percent(1999, 4000) == "49.9%"      # 49.975 %: not shown as half
    assert (percent(3, 3), percent(0, 7), percent(0, 0)) == ("100.0%", "0.0%", "0.0%")

