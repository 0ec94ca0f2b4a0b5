"""The earliest purge date: after the one-year challenge period of JI art. 12, counted as the Civil Code counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.retention import (
    LONGEST_HOLIDAY_DAYS,
    RetentionOutOfRange,
    challenge_period_ends,
    earliest_purge_date,
    may_purge,
    retention_anchor,
)


def test_the_challenge_period_ends_on_the_corresponding_day_a_year_later():
    # Art. 201: the announcement day is not counted; art. 202: the period ends on the corresponding day.
    assert challenge_period_ends(date(2026, 6, 10)) == date(2027, 6, 10)


def test_a_period_from_the_29th_of_february_ends_on_the_last_day_of_february():
    assert challenge_period_ends(date(2028, 2, 29)) == date(2029, 2, 28)


def test_the_purge_waits_out_the_longest_holiday_after_the_period():
    # A last day on the first day of the Spring Festival moves to the first working day after it (art. 203).
    assert earliest_purge_date(date(2026, 6, 10)) == date(2027, 6, 10) + timedelta(days=LONGEST_HOLIDAY_DAYS + 1)


def test_a_longer_retention_counts_from_the_announcement():
    assert earliest_purge_date(date(2026, 6, 10), months=24) == date(2028, 6, 11)


@pytest.mark.parametrize("months", [0, 11, 61])
def test_a_retention_shorter_than_the_challenge_period_or_beyond_five_years_is_refused(months):
    with pytest.raises(RetentionOutOfRange):
        earliest_purge_date(date(2026, 6, 10), months=months)


def test_the_first_allowed_day_is_included_and_the_day_before_is_not():
    first = earliest_purge_date(date(2026, 6, 10))
    assert may_purge(today=first, announced_on=date(2026, 6, 10))
    assert not may_purge(today=first - timedelta(days=1), announced_on=date(2026, 6, 10))


def test_the_anchor_is_the_latest_announcement_and_none_while_one_is_missing():
    assert retention_anchor([]) is None
    assert retention_anchor([date(2026, 6, 10), None]) is None
    assert retention_anchor([date(2026, 6, 10), date(2026, 9, 1)]) == date(2026, 9, 1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(12, 60))
def test_no_purge_date_falls_within_a_year_of_the_announcement(announced, months):
    earliest = earliest_purge_date(announced, months)
    assert earliest > challenge_period_ends(announced) + timedelta(days=LONGEST_HOLIDAY_DAYS)
    assert earliest - announced >= timedelta(days=365 + LONGEST_HOLIDAY_DAYS)
