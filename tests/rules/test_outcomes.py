"""Why a candidate or motion came out as it did (Civil Code art. 278 ¶2), and when the results
announcement can be published after its 公示 (SH art. 21, Civil Code art. 201)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.holidays.library import library_years
from huanjie.rules import (
    ElectionResult,
    EntityIndex,
    Matter,
    MotionResult,
    Unit,
    UnitStatus,
    approved,
    build_entities,
    tally,
)
from huanjie.rules.outcomes import Outcome, anyone_elected, candidate_outcome, motion_outcome
from huanjie.rules.restdays import HolidayCalendar
from huanjie.rules.timeline import longest_period_before, period_end, results_due
from tests.rules.test_properties import CONTESTS, piles

LIBRARY = HolidayCalendar.of(library_years().values())

FEW = settings(max_examples=150, deadline=None)


@FEW
@given(piles())
def test_short_of_the_quorum_every_candidate_and_motion_is_short_of_the_quorum(pile) -> None:  # type: ignore[no-untyped-def]
    roster, ballots = pile
    result = tally(roster, CONTESTS, ballots)
    election, motion = result.contests
    assert isinstance(election, ElectionResult) and isinstance(motion, MotionResult)
    outcomes = [candidate_outcome(result.quorum_met, election, c, Matter.ELECT_COMMITTEE) for c in election.candidates]
    if not result.quorum_met:
        assert set(outcomes) == {Outcome.NO_QUORUM} and not anyone_elected(result)
        assert motion_outcome(result.quorum_met, motion, Matter.RAISE_MAINTENANCE_FUND) == Outcome.NO_QUORUM
        return
    assert Outcome.NO_QUORUM not in outcomes
    for candidate, outcome in zip(election.candidates, outcomes, strict=True):
        support_passes = approved(candidate.support, result.participating, Matter.ELECT_COMMITTEE)
        assert (outcome == Outcome.SHORT_OF_HALF) == (not support_passes)
        assert (outcome == Outcome.ELECTED) == candidate.elected
    fund = motion_outcome(result.quorum_met, motion, Matter.RAISE_MAINTENANCE_FUND)
    assert fund in (Outcome.PASSED, Outcome.SHORT_OF_THREE_QUARTERS)
    assert (fund == Outcome.PASSED) == motion.passed


def test_an_empty_count_is_short_of_the_quorum_not_of_half() -> None:
    result = tally(_one_unit_roster(), CONTESTS, [])
    election = result.contests[0]
    assert isinstance(election, ElectionResult)
    assert {candidate_outcome(False, election, c, Matter.ELECT_COMMITTEE) for c in election.candidates} == {
        Outcome.NO_QUORUM}


def _one_unit_roster() -> EntityIndex:
    return build_entities([Unit("U1", Decimal("88.50"), frozenset({"a"}), UnitStatus.DELIVERED)])


def test_the_announcement_is_due_three_days_after_the_election() -> None:
    assert results_due(date(2026, 11, 28)) == date(2026, 12, 1)


def test_a_three_day_notice_published_on_election_day_cannot_be_followed_on_time() -> None:
    election = date(2026, 11, 23)
    assert period_end(election, days=3, calendar=LIBRARY).last_day == date(2026, 11, 26) == results_due(election)
    assert longest_period_before(results_due(election), election, LIBRARY) == 2


def test_a_results_notice_whose_last_day_is_a_holiday_runs_past_it_and_past_the_deadline() -> None:
    election = date(2026, 9, 30)  # a one-day 公示 ends on 10-01, National Day: it runs to 10-08 (art. 203)
    assert period_end(election, days=1, calendar=LIBRARY).last_day == date(2026, 10, 8)
    assert longest_period_before(results_due(election), election, LIBRARY) == 0


@FEW
# The library's calendar ends with 2026: the last day of a period (published up to 6 days after the
# election, 30 days at most) stays in it when the election is on 2026-11-01 at the latest.
@given(st.dates(date(2020, 1, 1), date(2026, 11, 1)), st.integers(0, 6), st.integers(1, 30))
def test_a_notice_period_fits_before_the_deadline_exactly_when_it_is_at_most_the_longest(
    election: date, delay: int, period: int
) -> None:
    published = election + timedelta(days=delay)
    due = results_due(election)
    on_time = period_end(published, days=period, calendar=LIBRARY).last_day < due  # the next step the day after
    assert on_time == (period <= longest_period_before(due, published, LIBRARY))
