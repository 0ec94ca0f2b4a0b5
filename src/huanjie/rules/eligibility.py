"""Who may stand for the owners' committee (SH art. 20; GR art. 31).

GR art. 31: a candidate is an owner of the community with full civil capacity, law-abiding,
public-spirited, able and with time. SH art. 20 excludes a person who, or whose spouse or
direct relative, works for the community's property company, and a person who has done one
of the listed things **and not yet corrected it** (「且未改正」): damaged a load-bearing
structure, built illegally, damaged the facade, changed a unit's use without permission, owes
property fees or maintenance fund, let a unit illegally. Each candidate signs a written
pledge (书面承诺) to these conditions. The owners' assembly may add conditions of its own;
they arrive here as keys `extra:<n>` and are checked like the statutory ones.

Every condition is confirmed by a person with evidence; these functions only decide what the
confirmed findings add up to. A condition not yet confirmed leaves the verdict pending.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Condition(StrEnum):
    """The statutory conditions, in the order a working group checks them."""

    OWNER = "owner"                          # GR art. 31: an owner of this community
    CIVIL_CAPACITY = "civil_capacity"        # GR art. 31: full civil capacity
    PROPERTY_COMPANY = "property_company"    # SH art. 20: no tie to the property company
    LOAD_BEARING = "load_bearing"            # SH art. 20 (1): 损坏房屋承重结构
    ILLEGAL_BUILDING = "illegal_building"    # SH art. 20 (2): 违法搭建
    FACADE = "facade"                        # SH art. 20 (3): 破坏房屋外貌
    CHANGE_OF_USE = "change_of_use"          # SH art. 20 (4): 擅自改变物业使用性质
    FEES_OWED = "fees_owed"                  # SH art. 20 (5): 欠交物业服务费或者专项维修资金
    ILLEGAL_LETTING = "illegal_letting"      # SH art. 20 (6): 违法出租房屋
    PLEDGE = "pledge"                        # SH art. 20: 书面承诺


STATUTORY: tuple[Condition, ...] = tuple(Condition)

# The "not yet corrected" conditions: a finding that was corrected does not exclude.
CORRECTABLE: frozenset[Condition] = frozenset({
    Condition.LOAD_BEARING, Condition.ILLEGAL_BUILDING, Condition.FACADE, Condition.CHANGE_OF_USE,
    Condition.FEES_OWED, Condition.ILLEGAL_LETTING,
})

EXTRA_PREFIX = "extra:"


def extra_key(index: int) -> str:
    """The key of the assembly's `index`-th extra condition (counted from 1)."""
    if index < 1:
        raise ValueError(f"extra conditions are counted from 1, got {index}")
    return f"{EXTRA_PREFIX}{index}"


def required_conditions(extra_count: int) -> tuple[str, ...]:
    """The statutory conditions, then the assembly's extra ones (SH art. 20: 业主大会可以增加条件)."""
    return tuple(c.value for c in STATUTORY) + tuple(extra_key(i) for i in range(1, extra_count + 1))


@dataclass(frozen=True, slots=True)
class Finding:
    """One condition confirmed by a person: met or not, and why when not."""

    condition: str
    met: bool
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.met and not self.reason.strip():
            raise ValueError(f"a failed condition needs a reason ({self.condition})")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the findings add up to: eligible only when every condition is confirmed and met."""

    eligible: bool
    pending: tuple[str, ...]
    failed: tuple[Finding, ...]

    @property
    def decided(self) -> bool:
        """A failure decides at once; otherwise every condition must be confirmed."""
        return bool(self.failed) or not self.pending


def assess(findings: Iterable[Finding], required: Sequence[str]) -> Verdict:
    """SH art. 20 / GR art. 31: eligible when every required condition is confirmed as met."""
    by_condition: Mapping[str, Finding] = {f.condition: f for f in findings}
    pending = tuple(c for c in required if c not in by_condition)
    failed = tuple(by_condition[c] for c in required if c in by_condition and not by_condition[c].met)
    return Verdict(eligible=not pending and not failed, pending=pending, failed=failed)


def violation_met(*, found: bool, corrected: bool) -> bool:
    """SH art. 20: a violation excludes only while it is 「未改正」 — not yet corrected."""
    return not found or corrected


def fees_met(outstanding: Decimal) -> bool:
    """SH art. 20 (5): owing property fees or maintenance fund excludes; paying it up corrects it."""
    return outstanding <= 0


def property_company_met(*, self_works: bool, spouse_works: bool, direct_relative_works: bool) -> bool:
    """SH art. 20: the person, the spouse or a direct relative works for the property company."""
    return not (self_works or spouse_works or direct_relative_works)


def owner_met(nominee: str, owners_of_community: Iterable[str]) -> bool:
    """GR art. 31: the nominee's identifier is among the community's owners on the roster."""
    return nominee in set(owners_of_community)
