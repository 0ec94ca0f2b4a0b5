"""The homomorphic, area-weighted double-majority tally (Civil Code art. 278 ¶2).

For every slot (a candidate, or a motion's yes / no) two ciphertexts are built from the
ballots (α_i, β_is), with no decryption of any ballot:

    headcount:  (Σ_i α_i, Σ_i β_is)                    — encrypts how many chose the option
    area:       (Σ_i area_i·α_i, Σ_i area_i·β_is)      — encrypts their total area, in 0.01 m²

where area_i is the entity's area from the frozen roster (public, as participation is). The
first halves are the same for every slot. Entities of equal area are summed first and
multiplied once (`Accumulator`): real communities have few floor plans, so the weighting
costs little more than the headcount. A motion's abstain needs no decryption: it is the
participation minus yes minus no, in headcount and in area, by plain arithmetic.

Once decrypted, the counts go into `huanjie.rules.result_from_totals` — the quorum, thresholds
and ranking a paper count applies — so the encrypted and the plain count cannot apply
different law.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from huanjie.crypto.elgamal import Ciphertext
from huanjie.crypto.group import IDENTITY, Point
from huanjie.rules import Contest, Election


@dataclass(slots=True)
class Accumulator:
    """Running sums of many ballots' points [α, β_0, …], grouped by area."""

    slots: int
    groups: dict[int, list[Point]] = field(default_factory=dict)
    headcount: int = 0
    area: int = 0

    def add(self, alpha: Point, betas: Sequence[Point], area: int) -> None:
        sums = self.groups.get(area)
        if sums is None:
            self.groups[area] = [alpha, *betas]
        else:
            sums[0] = sums[0] + alpha
            for i, beta in enumerate(betas, 1):
                sums[i] = sums[i] + beta
        self.headcount += 1
        self.area += area

    def finish(self) -> Sums:
        counts = [IDENTITY] * (self.slots + 1)
        areas = [IDENTITY] * (self.slots + 1)
        for area, sums in self.groups.items():
            for i, point in enumerate(sums):
                counts[i] = counts[i] + point
                areas[i] = areas[i] + point * area
        return Sums(counts, areas, self.headcount, self.area)


@dataclass(slots=True)
class Sums:
    """[Σ α, Σ β_0, …] and [Σ area·α, Σ area·β_0, …], with how many ballots and how much area."""

    counts: list[Point]
    areas: list[Point]
    headcount: int
    area: int

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            [a + b for a, b in zip(self.counts, other.counts, strict=True)],
            [a + b for a, b in zip(self.areas, other.areas, strict=True)],
            self.headcount + other.headcount,
            self.area + other.area,
        )

    def ciphertext(self, measure: str, slot: int) -> Ciphertext:
        points = self.counts if measure == "headcount" else self.areas
        return Ciphertext(points[0], points[1 + slot])


def empty_sums(slots: int) -> Sums:
    return Sums([IDENTITY] * (slots + 1), [IDENTITY] * (slots + 1), 0, 0)


def option_slots(contest: Contest, first: int) -> list[int | None]:
    """The slot of each option of a contest, None for a motion's abstain (derived, not stored)."""
    if isinstance(contest, Election):
        return list(range(first, first + len(contest.candidates)))
    return [first, first + 1, None]
