"""The homomorphic, area-weighted double-majority tally (Civil Code art. 278 ¶2).

For every option (a candidate, or a motion's yes / no / abstain) two ciphertexts are built
from the ballots, with no decryption of any ballot:

    headcount:  Σ_i C_i            — encrypts how many entities chose the option
    area:       Σ_i area_i · C_i   — encrypts their total area, in 0.01 m²

where area_i is the entity's area from the frozen roster (public, as participation is).
Entities of equal area are summed first and multiplied once (`Accumulator`): real
communities have few floor plans, so the weighting costs little more than the headcount.

Once decrypted, the counts go into `huanjie.rules` — `quorum_met`, `approved`, `elect` —
exactly as a paper count does, so the encrypted and the plain count cannot apply different law.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from huanjie.crypto.elgamal import ONE_CIPHERTEXT, ZERO_CIPHERTEXT, Ciphertext
from huanjie.rules import (
    CandidateResult,
    Contest,
    ContestResult,
    Election,
    ElectionResult,
    MotionResult,
    Result,
    Totals,
    approved,
    elect,
    quorum_met,
)
from huanjie.rules.result import RULES


@dataclass(slots=True)
class Accumulator:
    """Running sums of the stored ciphertexts of many ballots, grouped by area."""

    slots: int
    groups: dict[int, list[Ciphertext]] = field(default_factory=dict)
    headcount: int = 0
    area: int = 0

    def add(self, ciphertexts: Sequence[Ciphertext], area: int) -> None:
        sums = self.groups.setdefault(area, [ZERO_CIPHERTEXT] * self.slots)
        for i, ct in enumerate(ciphertexts):
            sums[i] = sums[i] + ct
        self.headcount += 1
        self.area += area

    def finish(self) -> Sums:
        counts = [ZERO_CIPHERTEXT] * self.slots
        areas = [ZERO_CIPHERTEXT] * self.slots
        for area, sums in self.groups.items():
            for i, ct in enumerate(sums):
                counts[i] = counts[i] + ct
                areas[i] = areas[i] + ct.scaled(area)
        return Sums(counts, areas, self.headcount, self.area)


@dataclass(slots=True)
class Sums:
    """Per stored slot: Σ C_i and Σ area_i·C_i, with how many ballots and how much area."""

    counts: list[Ciphertext]
    areas: list[Ciphertext]
    headcount: int
    area: int

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            [a + b for a, b in zip(self.counts, other.counts, strict=True)],
            [a + b for a, b in zip(self.areas, other.areas, strict=True)],
            self.headcount + other.headcount,
            self.area + other.area,
        )


def option_totals(contests: Sequence[Contest], sums: Sums) -> list[list[tuple[Ciphertext, Ciphertext]]]:
    """Per contest, per option: the (headcount, area) ciphertexts to decrypt.

    A motion's abstain total is derived like its ballots' abstain ciphertexts: over N ballots
    of total area T, Σ (E(1) − Y_i − N_i) = N·E(1) − ΣY − ΣN, and with weights T·E(1) − ….
    """
    out: list[list[tuple[Ciphertext, Ciphertext]]] = []
    slot = 0
    for contest in contests:
        if isinstance(contest, Election):
            n = len(contest.candidates)
            out.append(list(zip(sums.counts[slot : slot + n], sums.areas[slot : slot + n], strict=True)))
            slot += n
            continue
        yes = (sums.counts[slot], sums.areas[slot])
        no = (sums.counts[slot + 1], sums.areas[slot + 1])
        abstain = (
            ONE_CIPHERTEXT.scaled(sums.headcount) - yes[0] - no[0],
            ONE_CIPHERTEXT.scaled(sums.area) - yes[1] - no[1],
        )
        out.append([yes, no, abstain])
        slot += 2
    return out


def stored_slots(contests: Sequence[Contest]) -> int:
    return sum(len(c.candidates) if isinstance(c, Election) else 2 for c in contests)


def result_from_totals(
    contests: Sequence[Contest], eligible: Totals, participating: Totals, totals: Sequence[Sequence[Totals]]
) -> Result:
    """The count's outcome by `huanjie.rules`, from the decrypted totals per contest and option."""
    quorum = quorum_met(participating, eligible)
    outcomes: list[ContestResult] = []
    for contest, support in zip(contests, totals, strict=True):
        if isinstance(contest, Election):
            passed = [quorum and approved(t, participating, contest.matter) for t in support]
            elected, tied = elect(contest, support, passed)
            candidates = tuple(
                CandidateResult(name, t, ok, name in elected)
                for name, t, ok in zip(contest.candidates, support, passed, strict=True)
            )
            vacancies = contest.seats - len(elected)
            outcomes.append(ElectionResult(contest.id, contest.seats, candidates, elected, tied, vacancies))
        else:
            yes, no, abstain = support
            carried = quorum and approved(yes, participating, contest.matter)
            outcomes.append(MotionResult(contest.id, yes, no, abstain, carried))
    return Result(RULES, eligible, participating, quorum, tuple(outcomes), ())
