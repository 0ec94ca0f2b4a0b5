"""Quorum and approval: Civil Code art. 278 ¶2, read with art. 1259.

Art. 1259: 「"以上"…包括本数；"不满"、"超过"…不包括本数」. So 三分之二以上 and 四分之三以上
include the bound, while 过半数 (more than half) is strict: exactly one half fails.

Every comparison is exact: areas become `Fraction`s, never floats.
"""

from __future__ import annotations

from fractions import Fraction

from huanjie.rules.types import Matter, Totals

TWO_THIRDS = Fraction(2, 3)
THREE_QUARTERS = Fraction(3, 4)
HALF = Fraction(1, 2)


def quorum_met(participating: Totals, eligible: Totals) -> bool:
    """Civil Code art. 278 ¶2: owners with two thirds or more of the area **and** two thirds or
    more of the headcount take part (以上 includes the bound, art. 1259).

    A roster with nobody on it has no quorum.
    """
    if eligible.headcount <= 0:
        return False
    return _at_least(participating, eligible, TWO_THIRDS)


def approved(support: Totals, participating: Totals, matter: Matter) -> bool:
    """Civil Code art. 278 ¶2: items 6–8 need three quarters or more of the participating area
    **and** headcount (bound included, art. 1259); every other matter needs more than half of
    both (过半数, strict: exactly half fails). Nobody participating decides nothing.
    """
    if participating.headcount <= 0:
        return False
    if matter.needs_three_quarters:
        return _at_least(support, participating, THREE_QUARTERS)
    return _more_than(support, participating, HALF)


def _at_least(part: Totals, whole: Totals, share: Fraction) -> bool:
    """Both measures reach `share` of the whole, the bound included (以上, art. 1259)."""
    return part.headcount >= share * whole.headcount and Fraction(part.area) >= share * Fraction(whole.area)


def _more_than(part: Totals, whole: Totals, share: Fraction) -> bool:
    """Both measures exceed `share` of the whole, the bound excluded (过半数, art. 1259)."""
    return part.headcount > share * whole.headcount and Fraction(part.area) > share * Fraction(whole.area)


def quorum_gap(participating: Totals, eligible: Totals) -> Totals:
    """What is still missing for the quorum of Civil Code art. 278 ¶2: the fewest further heads and
    the least further area (in whole hundredths of a m², rounded up) that reach two thirds of each,
    the bound included (art. 1259). Zero in a measure already met.
    """
    heads = _ceil(TWO_THIRDS * eligible.headcount) - participating.headcount
    cents_needed = _ceil(TWO_THIRDS * Fraction(eligible.area) * 100)
    cents = cents_needed - int(Fraction(participating.area) * 100)
    return Totals.from_cents(max(0, heads), max(0, cents))


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)
