"""The committee to be elected and the slate put to the owners.

- Size: 《业主大会和业主委员会指导规则》第三十一条: five to eleven members, an odd number;
  《上海市住宅物业管理规定》第二十条 (law.md): an odd number, five or more — and three where the
  community's building area is under 10,000 m² (a small community). Anything else is refused;
  three is accepted only with the building area on record below the bound and its basis written
  down (the rules of procedure, the area's source).
- 差额 or 等额: the law lets the election be contested (more candidates than seats, 差额) or
  not (等额); huanjie treats a slate with no more candidates than seats as a departure that the
  working group decides explicitly, with a reason, for that number of candidates — a slate
  that shrinks later (an upheld objection) needs the decision again.
- Scrutineers and tellers (监票人、计票人) of a vote may not be candidates in it (law.md, "The
  committee"): they watch and count the votes cast for the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

MIN_SEATS = 5  # 《业主大会和业主委员会指导规则》第三十一条; 《上海市住宅物业管理规定》第二十条
MAX_SEATS = 11  # 《业主大会和业主委员会指导规则》第三十一条
SMALL_COMMITTEE = 3  # 《上海市住宅物业管理规定》第二十条: a community under 10,000 m² of building area
SMALL_COMMUNITY_AREA = Decimal("10000")  # m² of building area; "不足" excludes the bound (Civil Code art. 1259)
# The sizes lawful in any community; three needs a small community and its basis (size_problem).
LAWFUL_SIZES: tuple[int, ...] = tuple(range(MIN_SEATS, MAX_SEATS + 1, 2))


class SizeProblem(StrEnum):
    """Why a number of seats is not a lawful committee size."""

    EVEN = "even"                          # 单数
    TOO_FEW = "too_few"                    # fewer than five (three only in a small community)
    TOO_MANY = "too_many"                  # more than eleven
    AREA_UNKNOWN = "area_unknown"          # three seats, but the building area is not on record
    NOT_SMALL = "not_small"                # three seats in a community of 10,000 m² or more
    BASIS_MISSING = "basis_missing"        # three seats without the basis written down


def size_problem(seats: int, *, building_area: Decimal | None, basis: str = "") -> SizeProblem | None:
    """GR art. 31 / SH art. 20: what is wrong with a committee of `seats` members, or None when it is lawful."""
    if seats % 2 == 0:
        return SizeProblem.EVEN
    if seats > MAX_SEATS:
        return SizeProblem.TOO_MANY
    if seats >= MIN_SEATS:
        return None
    if seats != SMALL_COMMITTEE:
        return SizeProblem.TOO_FEW
    if building_area is None:
        return SizeProblem.AREA_UNKNOWN
    if not building_area < SMALL_COMMUNITY_AREA:
        return SizeProblem.NOT_SMALL
    if not basis.strip():
        return SizeProblem.BASIS_MISSING
    return None


def contested(candidates: int, seats: int) -> bool:
    """差额: more candidates than seats, so the owners choose among them."""
    return candidates > seats


def slate_decision_needed(candidates: int, seats: int, *, decided_for: int | None) -> bool:
    """A slate of no more candidates than seats needs the working group's decision for exactly that number."""
    return not contested(candidates, seats) and decided_for != candidates


def officials_among_candidates(officials: Iterable[str], candidates: Iterable[str]) -> frozenset[str]:
    """The people (owner identifiers) who are both a scrutineer or teller of the vote and a candidate in it."""
    return frozenset(officials) & frozenset(candidates)


def nearest_lawful_size(seats: int) -> int:
    """The lawful size (five to eleven, odd) closest to `seats`, rounding an even number up (within eleven)."""
    if seats <= MIN_SEATS:
        return MIN_SEATS
    if seats >= MAX_SEATS:
        return MAX_SEATS
    return seats if seats % 2 else seats + 1
