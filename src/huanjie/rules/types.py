"""The values the counting law speaks about: units, voting entities, totals, matters.

Areas are `Decimal` with at most two places (JI art. 8); inside the count they travel as whole
hundredths of a square metre (`int`) so that a million ballots add up exactly and fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from typing import NamedTuple

CENT = Decimal("0.01")


class UnitStatus(StrEnum):
    """Who holds a unit. Developer-held units count together as one head (JI art. 9)."""

    DELIVERED = "delivered"
    UNSOLD = "unsold"  # 建设单位尚未出售
    UNDELIVERED = "undelivered"  # 已出售但尚未交付

    @property
    def held_by_developer(self) -> bool:
        return self is not UnitStatus.DELIVERED


class JoinRule(StrEnum):
    """Which units are "the same buyer" (同一买受人, JI art. 9) and count as one head
    (spec/tally.md v2, election.toml `join`).

    JI art. 9 merges the units of the same buyer only: by default units join when their owner
    sets are identical. A wider, transitive join is for the rules of procedure (议事规则) to
    adopt, recorded with its basis (law.md)."""

    IDENTICAL_OWNERS = "identical-owners"  # x;y on two units is one head; x;y and x are two
    SHARED_OWNER = "shared-owner"  # any shared identifier joins, transitively


class WriteInRule(StrEnum):
    """What a name that is not a candidate does to a ballot's choices in an election contest
    (spec/tally.md v2 rule 5, election.toml `write_in`), once the over-vote check has passed."""

    IGNORE_NAME = "ignore-name"  # only that name is dropped; the ballot's candidates count
    VOID_CONTEST = "void-contest"  # the ballot's choices in that contest are void (the rules of procedure's choice)


@dataclass(frozen=True, slots=True)
class Unit:
    """One exclusive part (专有部分) of the roster: its code, area and owner identifiers."""

    code: str
    area: Decimal
    owners: frozenset[str]
    status: UnitStatus = UnitStatus.DELIVERED
    building: str = ""


@dataclass(frozen=True, slots=True)
class Totals:
    """A headcount and an area, the two measures of Civil Code art. 278."""

    headcount: int
    area: Decimal

    @classmethod
    def from_cents(cls, headcount: int, cents: int) -> Totals:
        return cls(headcount, cents_to_area(cents))


ZERO = Totals(0, Decimal("0.00"))


@dataclass(frozen=True, slots=True)
class VotingEntity:
    """One head of JI art. 9: one unit, one buyer of several units, or the developer.

    `index` is the entity's position in roster order (the order of its first unit).
    """

    index: int
    units: tuple[str, ...]
    owners: frozenset[str]
    area: Decimal
    developer: bool = False

    @property
    def headcount(self) -> int:
        return 1


class Matter(Enum):
    """The matters of Civil Code art. 278 ¶1, with their item numbers and spec names."""

    RULES_OF_PROCEDURE = ("rules-of-procedure", 1, "制定和修改业主大会议事规则")
    MANAGEMENT_COVENANT = ("management-covenant", 2, "制定和修改管理规约")
    ELECT_COMMITTEE = ("elect-committee", 3, "选举业主委员会或者更换业主委员会成员")
    HIRE_MANAGER = ("hire-manager", 4, "选聘和解聘物业服务企业或者其他管理人")
    USE_MAINTENANCE_FUND = ("use-maintenance-fund", 5, "使用建筑物及其附属设施的维修资金")
    RAISE_MAINTENANCE_FUND = ("raise-maintenance-fund", 6, "筹集建筑物及其附属设施的维修资金")
    REBUILD = ("rebuild", 7, "改建、重建建筑物及其附属设施")
    CHANGE_COMMON_USE = ("change-common-use", 8, "改变共有部分的用途或者利用共有部分从事经营活动")
    OTHER_MAJOR = ("other-major", 9, "有关共有和共同管理权利的其他重大事项")

    @property
    def spec_name(self) -> str:
        return str(self.value[0])

    @property
    def item(self) -> int:
        return int(self.value[1])

    @property
    def label(self) -> str:
        return str(self.value[2])

    @property
    def needs_three_quarters(self) -> bool:
        """Civil Code art. 278 ¶2: items 6 to 8 need three quarters."""
        return 6 <= self.item <= 8

    @classmethod
    def from_spec_name(cls, name: str) -> Matter:
        for matter in cls:
            if matter.spec_name == name:
                return matter
        raise ValueError(f"unknown matter {name!r}")


class ContestKind(StrEnum):
    ELECTION = "election"
    MOTION = "motion"


class RankKey(StrEnum):
    """What passed candidates are ranked by (Shanghai practice: headcount, then area)."""

    HEADCOUNT = "headcount"
    AREA = "area"


class Answer(StrEnum):
    """A ballot's answer to a motion; an empty cell abstains."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class FlagKind(StrEnum):
    """What the count reports about a ballot (spec/tally.md, rules 2–6)."""

    UNKNOWN_UNIT = "unknown-unit"
    MIXED_ENTITIES = "mixed-entities"
    DUPLICATE_UNIT = "duplicate-unit"
    UNKNOWN_CANDIDATE = "unknown-candidate"
    OVER_VOTE = "over-vote"
    ENTITY_CONFLICT = "entity-conflict"


@dataclass(frozen=True, slots=True)
class Election:
    """A contest electing `seats` people from `candidates` (Civil Code art. 278 item 3)."""

    id: str
    matter: Matter
    seats: int
    candidates: tuple[str, ...]
    max_choices: int = 0  # 0: as many as there are seats
    rank_by: tuple[RankKey, ...] = (RankKey.HEADCOUNT, RankKey.AREA)

    @property
    def kind(self) -> ContestKind:
        return ContestKind.ELECTION

    @property
    def choice_limit(self) -> int:
        return self.max_choices or self.seats


@dataclass(frozen=True, slots=True)
class Motion:
    """A yes / no / abstain question on one matter of Civil Code art. 278."""

    id: str
    matter: Matter

    @property
    def kind(self) -> ContestKind:
        return ContestKind.MOTION


Contest = Election | Motion

# What a ballot says in one contest: the names it approves, or its answer to a motion.
Choice = frozenset[str] | Answer


class Ballot(NamedTuple):
    """One ballot as received. A NamedTuple, not a dataclass: a count reads a million of them.

    `choices` has one entry per contest, in the election's contest order.
    """

    id: str
    units: tuple[str, ...]
    valid: bool
    choices: tuple[Choice, ...]


def cents_to_area(cents: int) -> Decimal:
    """Whole hundredths of a square metre back to a two-place `Decimal`."""
    return Decimal(cents).scaleb(-2)


def area_to_cents(area: Decimal) -> int:
    """A `Decimal` area to whole hundredths; more than two places is an error (JI art. 8)."""
    scaled = area.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"area {area} has more than two decimals")
    return int(scaled)


def format_area(area: Decimal) -> str:
    """The spec's area string: exactly two decimals."""
    return f"{area.quantize(CENT):f}"
