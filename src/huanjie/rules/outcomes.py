"""Why each candidate and motion of a count came out as it did, in the law's words.

A count's `Result` says who passed and who was elected; the notices and the results page must
also say *why* the others did not. When participation misses two thirds of the headcount or of
the area (Civil Code art. 278 ¶2), the assembly decided nothing: no candidate can pass, however
large their support among those who voted, so "not more than half" would be false. Otherwise a
candidate or motion that did not pass fell short of its own threshold (more than half, or three
quarters or more for items 6–8 of art. 278 ¶1).
"""

from __future__ import annotations

from enum import StrEnum

from huanjie.rules.result import CandidateResult, ElectionResult, MotionResult, Result
from huanjie.rules.types import Matter


class Outcome(StrEnum):
    """What became of one candidate or one motion."""

    ELECTED = "elected"
    TIED = "tied"  # tied for the last seat(s): another vote decides (none of the tied is elected)
    ALTERNATE = "alternate"  # passed, not elected: a 候补 where the rules of procedure say so
    PASSED = "passed"  # a motion carried
    NO_QUORUM = "no-quorum"  # participation short of two thirds (Civil Code art. 278 ¶2): nothing decided
    SHORT_OF_HALF = "short-of-half"  # support not more than half (过半数, strict: art. 1259)
    SHORT_OF_THREE_QUARTERS = "short-of-three-quarters"  # items 6–8: under three quarters


def shortfall(quorum_met: bool, matter: Matter) -> Outcome:
    """Why something did not pass: the quorum, or its own threshold under Civil Code art. 278 ¶2."""
    if not quorum_met:
        return Outcome.NO_QUORUM
    return Outcome.SHORT_OF_THREE_QUARTERS if matter.needs_three_quarters else Outcome.SHORT_OF_HALF


def candidate_outcome(quorum_met: bool, contest: ElectionResult, candidate: CandidateResult,
                      matter: Matter) -> Outcome:
    """A candidate's outcome: elected, tied for a seat, an alternate, or why they did not pass."""
    if candidate.elected:
        return Outcome.ELECTED
    if candidate.name in contest.tied:
        return Outcome.TIED
    if candidate.passed:
        return Outcome.ALTERNATE
    return shortfall(quorum_met, matter)


def motion_outcome(quorum_met: bool, contest: MotionResult, matter: Matter) -> Outcome:
    """A motion's outcome: carried, or why not (Civil Code art. 278 ¶2)."""
    return Outcome.PASSED if contest.passed else shortfall(quorum_met, matter)


def has_election(result: Result) -> bool:
    return any(isinstance(contest, ElectionResult) for contest in result.contests)


def anyone_elected(result: Result) -> bool:
    """Whether the count elected anybody at all: only then is there a new committee to convene."""
    return any(contest.elected for contest in result.contests if isinstance(contest, ElectionResult))
