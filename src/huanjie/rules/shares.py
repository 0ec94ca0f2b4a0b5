"""How a share is shown as a percentage, on every page and in every notice: one rule.

Rounded down to one decimal (50.56 % is shown as 50.5 %): a share shown is never more than the
share itself, so a turnout short of two thirds (《中华人民共和国民法典》第二百七十八条) or a support
short of half is never shown as reaching it. Display only: whether a threshold is met is decided
by `huanjie.rules.thresholds` on the exact fractions, never on the shown figure.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

PLACES = 1


def shown_share(part: Fraction | Decimal | int, whole: Fraction | Decimal | int) -> Decimal:
    """`part / whole` in percent, rounded down to PLACES decimals; 0 when `whole` is 0."""
    if not whole:
        return Decimal(0).scaleb(-PLACES)
    exact = Fraction(part) * 100 / Fraction(whole)
    scaled = exact * 10**PLACES // 1
    return Decimal(scaled).scaleb(-PLACES)


def percent(part: Fraction | Decimal | int, whole: Fraction | Decimal | int) -> str:
    """`part / whole` as the pages show it: “50.5%”."""
    return f"{shown_share(part, whole)}%"
