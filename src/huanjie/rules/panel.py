"""The review panel (评审团): turning independent score sheets into a recommendation.

No statute sets how a panel aggregates; this is the method huanjie uses and documents:

1. A panelist's sheet is the weighted share of the maximum, on a 100-point scale:
   100 × Σ weight·points / Σ weight·max. Exact `Fraction`s throughout.
2. The panel's score is the mean of the sheets; with five or more sheets the single highest
   and single lowest are dropped first (去掉一个最高分和一个最低分), so that no one panelist can
   lift or sink a candidate alone.
3. The panel recommends a candidate whose score is at or above the pass mark (以上 includes
   the bound, Civil Code art. 1259).
4. When the highest and lowest sheets differ by more than the set spread, the result carries a
   warning: the working group should hear the panelists before relying on it.

Composition (of the panel, and of the slate against the working group's targets) is advisory:
`shortfalls` names what is missing; people decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

TRIM_FROM = 5  # sheets needed before the highest and lowest are dropped
HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    max_points: int
    weight: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        if self.max_points < 1 or self.weight <= 0:
            raise ValueError(f"criterion {self.key}: max_points must be ≥ 1 and weight > 0")


def sheet_score(points: Mapping[str, int], criteria: Sequence[Criterion]) -> Fraction:
    """One panelist's sheet on a 100-point scale; every criterion scored, each within its range."""
    if not criteria:
        raise ValueError("a rubric needs at least one criterion")
    unknown = set(points) - {c.key for c in criteria}
    if unknown:
        raise ValueError(f"points for criteria not in the rubric: {sorted(unknown)}")
    got = Fraction(0)
    best = Fraction(0)
    for criterion in criteria:
        if criterion.key not in points:
            raise ValueError(f"criterion {criterion.key} not scored")
        value = points[criterion.key]
        if not 0 <= value <= criterion.max_points:
            raise ValueError(f"criterion {criterion.key}: {value} outside 0–{criterion.max_points}")
        got += criterion.weight * value
        best += criterion.weight * criterion.max_points
    return HUNDRED * got / best


@dataclass(frozen=True, slots=True)
class Aggregate:
    sheets: int
    mean: Fraction
    trimmed_mean: Fraction | None  # None below TRIM_FROM sheets
    spread: Fraction
    disagreement: bool

    @property
    def score(self) -> Fraction:
        """The panel's score: the trimmed mean when there is one, the mean otherwise."""
        return self.trimmed_mean if self.trimmed_mean is not None else self.mean


def aggregate(scores: Sequence[Fraction], *, spread_limit: Fraction) -> Aggregate:
    """Mean, trimmed mean (≥ 5 sheets: drop one highest and one lowest), spread and its warning."""
    if not scores:
        raise ValueError("no score sheets to aggregate")
    ordered = sorted(scores)
    mean = sum(ordered, Fraction(0)) / len(ordered)
    trimmed = None
    if len(ordered) >= TRIM_FROM:
        kept = ordered[1:-1]
        trimmed = sum(kept, Fraction(0)) / len(kept)
    spread = ordered[-1] - ordered[0]
    return Aggregate(len(ordered), mean, trimmed, spread, spread > spread_limit)


def recommended(result: Aggregate, *, pass_mark: Fraction) -> bool:
    """At or above the pass mark (以上 includes the bound, Civil Code art. 1259)."""
    return result.score >= pass_mark


@dataclass(frozen=True, slots=True)
class Shortfall:
    key: str
    have: int
    need: int


def shortfalls(have: Mapping[str, int], targets: Mapping[str, int]) -> tuple[Shortfall, ...]:
    """Each target (at least `need` of `key`) that `have` does not reach, in the targets' order."""
    return tuple(Shortfall(key, have.get(key, 0), need) for key, need in targets.items()
                 if have.get(key, 0) < need)


@dataclass(frozen=True, slots=True)
class SlateMember:
    building: str
    gender: str
    skills: frozenset[str]


def slate_counts(members: Sequence[SlateMember]) -> dict[str, int]:
    """What the composition targets count: seats, each skill, each gender, distinct buildings."""
    counts: dict[str, int] = {"seats": len(members), "buildings": len({m.building for m in members})}
    for member in members:
        counts[f"gender:{member.gender}"] = counts.get(f"gender:{member.gender}", 0) + 1
        for skill in member.skills:
            counts[f"skill:{skill}"] = counts.get(f"skill:{skill}", 0) + 1
    return counts


def format_score(value: Fraction) -> str:
    """A score for people: two decimals, rounded half up (display only; decisions use the Fraction)."""
    hundredths = (value * 100 * 2 + 1) // 2
    sign = "-" if hundredths < 0 else ""
    whole, cents = divmod(abs(hundredths), 100)
    return f"{sign}{whole}.{cents:02d}"
