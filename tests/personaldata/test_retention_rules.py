"""The earliest purge date: after the one-year challenge period of JI art. 12, counted as the Civil Code counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.holidays.library import library_years
from huanjie.rules.restdays import HolidayCalendar, HolidaysNotVerified, HolidayYear
from huanjie.rules.retention import (
    RetentionOutOfRange,
    challenge_period_ends,
    earliest_purge_date,
    may_purge,
    retention_anchor,
)

LIBRARY = HolidayCalendar.of(library_years().values())


def _made_up(year: int) -> HolidayYear:
    """A made-up arrangement: nine days off from 1 February, and the Saturday after them worked."""
    days_off = {date(year, 2, 1) + timedelta(days=n): "春节" for n in range(9)}
    after = date(year, 2, 10)
    saturday = after + timedelta(days=(5 - after.weekday()) % 7)
    return HolidayYear(year, days_off, frozenset({saturday}), "hypothesis")


MADE_UP = HolidayCalendar.of(_made_up(year) for year in range(2000, 2093))


def test_the_challenge_period_ends_on_the_corresponding_day_a_year_later():
    # Art. 201: the announcement day is not counted; art. 202: the period ends on the corresponding day.
    assert challenge_period_ends(date(2025, 6, 10), LIBRARY) == date(2026, 6, 10)


def test_a_period_from_the_29th_of_february_ends_on_the_last_day_of_february():
    assert challenge_period_ends(date(2028, 2, 29), MADE_UP) == date(2029, 2, 28)


def test_a_challenge_period_ending_in_a_holiday_runs_to_the_next_working_day_and_the_purge_waits():
    # 2026-10-01 is National Day: the period runs to 10-08 (art. 203 ¶1), the purge may run from 10-09.
    assert challenge_period_ends(date(2025, 10, 1), LIBRARY) == date(2026, 10, 8)
    assert earliest_purge_date(date(2025, 10, 1), calendar=LIBRARY) == date(2026, 10, 9)
    # A working day ends it where it falls: no fixed wait.
    assert earliest_purge_date(date(2025, 6, 10), calendar=LIBRARY) == date(2026, 6, 11)


def test_a_year_the_calendar_has_not_verified_gives_no_purge_date():
    with pytest.raises(HolidaysNotVerified):
        earliest_purge_date(date(2026, 6, 10), calendar=LIBRARY)


def test_a_longer_retention_counts_from_the_announcement():
    assert earliest_purge_date(date(2026, 6, 10), months=24, calendar=MADE_UP) == date(2028, 6, 11)


@pytest.mark.parametrize("months", [0, 11, 61])
def test_a_retention_shorter_than_the_challenge_period_or_beyond_five_years_is_refused(months):
    with pytest.raises(RetentionOutOfRange):
        earliest_purge_date(date(2025, 6, 10), months=months, calendar=LIBRARY)


def test_the_first_allowed_day_is_included_and_the_day_before_is_not():
    first = earliest_purge_date(date(2025, 10, 1), calendar=LIBRARY)
    assert may_purge(today=first, announced_on=date(2025, 10, 1), calendar=LIBRARY)
    assert not may_purge(today=first - timedelta(days=1), announced_on=date(2025, 10, 1), calendar=LIBRARY)


def test_the_anchor_is_the_latest_announcement_and_none_while_one_is_missing():
    assert retention_anchor([]) is None
    assert retention_anchor([date(2026, 6, 10), None]) is None
    assert retention_anchor([date(2026, 6, 10), date(2026, 9, 1)]) == date(2026, 9, 1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2087, 12, 31)), st.integers(12, 60))
def test_no_purge_date_falls_within_the_challenge_period_or_on_a_rest_day_ending_it(announced, months):
    earliest = earliest_purge_date(announced, months, calendar=MADE_UP)
    last = challenge_period_ends(announced, MADE_UP)
    assert earliest > last >= announced + timedelta(days=365)
    assert not MADE_UP.is_rest_day(last)
