"""Who may stand for the owners' committee (SH art. 20; GR art. 31).

GR art. 31: a candidate is an owner of the community with full civil capacity, law-abiding,
public-spirited, able and with time. 《上海市住宅物业管理规定》第二十条第二款 excludes a person who,
or whose spouse or direct relative, works for the community's property company, and a person
who 「有损坏房屋主体和承重结构、违法搭建、破坏房屋外貌、擅自改变物业使用性质、违法出租房屋以及不执行业主
大会、业主委员会决定等情形之一且未改正」 — excluded only while **not yet corrected**. Each candidate
signs a written pledge (书面承诺) to these conditions.

Owing property fees or the maintenance fund (欠交物业服务费或者专项维修资金) is in older texts and practice
guides, not in the current article: it is a condition the owners' assembly's rules of procedure may
add (law.md, "The committee"). The assembly's conditions arrive here as keys `extra:<n>` and are
checked like the statutory ones; the arrears condition is one of them, written with its basis
(`arrears_condition`), and it looks at every unit the nominee owns.

An owner is one who holds a unit by registration, or a buyer who has lawfully taken possession of
it (《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第一条): a buyer of a unit not yet
delivered is not yet an owner who can be nominated (`owner_by_unit`).

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
    LOAD_BEARING = "load_bearing"            # SH art. 20 ¶2: 损坏房屋主体和承重结构
    ILLEGAL_BUILDING = "illegal_building"    # SH art. 20 ¶2: 违法搭建
    FACADE = "facade"                        # SH art. 20 ¶2: 破坏房屋外貌
    CHANGE_OF_USE = "change_of_use"          # SH art. 20 ¶2: 擅自改变物业使用性质
    ILLEGAL_LETTING = "illegal_letting"      # SH art. 20 ¶2: 违法出租房屋
    DECISIONS = "decisions"                  # SH art. 20 ¶2: 不执行业主大会、业主委员会决定
    PLEDGE = "pledge"                        # SH art. 20: 书面承诺


STATUTORY: tuple[Condition, ...] = tuple(Condition)

# The "not yet corrected" conditions: a finding that was corrected does not exclude.
CORRECTABLE: frozenset[Condition] = frozenset({
    Condition.LOAD_BEARING, Condition.ILLEGAL_BUILDING, Condition.FACADE, Condition.CHANGE_OF_USE,
    Condition.ILLEGAL_LETTING, Condition.DECISIONS,
})

# Not in the current SH art. 20; the rules of procedure may add it (an `extra:` condition with its basis).
ARREARS_CONDITION = "无欠交物业服务费或专项维修资金且未改正的情形"
_BASIS_OPEN, _BASIS_CLOSE = "（依据：", "）"

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


def arrears_condition(basis: str) -> str:
    """The arrears condition as the rules of procedure add it, with its basis (e.g. 议事规则第十二条)."""
    if not basis.strip():
        raise ValueError("the arrears condition is the rules of procedure's: its basis is required")
    return f"{ARREARS_CONDITION}{_BASIS_OPEN}{basis.strip()}{_BASIS_CLOSE}"


def is_arrears_condition(text: str) -> bool:
    return text.startswith(ARREARS_CONDITION)


def arrears_basis(text: str) -> str:
    """The basis written into an arrears condition ("" when it has none)."""
    rest = text[len(ARREARS_CONDITION):] if is_arrears_condition(text) else ""
    if rest.startswith(_BASIS_OPEN) and rest.endswith(_BASIS_CLOSE):
        return rest[len(_BASIS_OPEN):-len(_BASIS_CLOSE)]
    return ""


def arrears_key(extra_conditions: Sequence[str]) -> str | None:
    """The key (`extra:<n>`) of the rules of procedure's arrears condition, or None when they did not add it."""
    for index, text in enumerate(extra_conditions, start=1):
        if is_arrears_condition(text):
            return extra_key(index)
    return None


def outstanding(amounts: Iterable[Decimal]) -> Decimal:
    """What the nominee owes across all their units: the arrears condition looks at the person, not one flat."""
    return sum(amounts, Decimal(0))


def fees_met(outstanding: Decimal) -> bool:
    """The rules of procedure's arrears condition: owing property fees or maintenance fund excludes; paying
    it up corrects it."""
    return outstanding <= 0


def owner_by_unit(*, delivered: bool) -> bool:
    """JI art. 1: a registered owner, or a buyer in lawful possession, is an owner; a buyer of a unit not yet
    delivered has not taken possession and is not yet an owner who can be nominated for it."""
    return delivered


def property_company_met(*, self_works: bool, spouse_works: bool, direct_relative_works: bool) -> bool:
    """SH art. 20: the person, the spouse or a direct relative works for the property company."""
    return not (self_works or spouse_works or direct_relative_works)


def owner_met(nominee: str, owners_of_community: Iterable[str]) -> bool:
    """GR art. 31: the nominee's identifier is among the community's owners on the roster."""
    return nominee in set(owners_of_community)
