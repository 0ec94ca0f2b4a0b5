"""Civil Code arts. 201–203: the last day of a period, moved past statutory rest days.

The examples are the 2026 calendar of the State Council (issue 16); the properties hold for any
calendar hypothesis makes up, so that they do not depend on one year's arrangement.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.holidays.library import library_years
from huanjie.rules.restdays import WEEKEND, HolidayCalendar, HolidaysNotVerified, HolidayYear
from huanjie.rules.timeline import period_end

LIBRARY = HolidayCalendar.of(library_years().values())


@pytest.mark.parametrize(("start", "days", "last_day", "moved_from", "reason"), [
    (date(2026, 9, 30), 7, date(2026, 10, 8), date(2026, 10, 7), "国庆节"),
    (date(2026, 9, 18), 7, date(2026, 9, 28), date(2026, 9, 25), "中秋节"),
    (date(2026, 3, 7), 7, date(2026, 3, 16), date(2026, 3, 14), WEEKEND),
    (date(2026, 2, 8), 7, date(2026, 2, 24), date(2026, 2, 15), "春节"),
    (date(2026, 9, 13), 7, date(2026, 9, 20), None, None),  # a make-up working Sunday: not moved
    (date(2026, 9, 30), 10, date(2026, 10, 10), None, None),  # a make-up working Saturday
])
def test_a_last_day_on_a_rest_day_moves_to_the_next_working_day(start, days, last_day, moved_from, reason):
    end = period_end(start, days=days, calendar=LIBRARY)
    assert (end.last_day, end.moved_from, end.reason) == (last_day, moved_from, reason)


def test_a_period_of_months_ends_on_the_corresponding_day_or_the_months_last_day():
    assert period_end(date(2026, 1, 31), months=1, calendar=LIBRARY).last_day == date(2026, 2, 28)  # worked Saturday
    assert period_end(date(2025, 10, 31), months=1, calendar=LIBRARY).last_day == date(2025, 12, 1)  # 11-30 a Sunday
    assert period_end(date(2025, 9, 7), months=1, calendar=LIBRARY).last_day == date(2025, 10, 9)  # 国庆 to 10-08


def test_a_year_the_calendar_has_not_verified_is_refused_not_guessed():
    with pytest.raises(HolidaysNotVerified) as raised:
        period_end(date(2026, 12, 28), days=7, calendar=LIBRARY)
    assert raised.value.year == 2027
    with pytest.raises(HolidaysNotVerified):
        period_end(date(2026, 12, 30), days=1, calendar=HolidayCalendar.of([]))


def test_a_period_is_days_or_months():
    for wrong in ({}, {"days": 3, "months": 1}, {"days": -1}):
        with pytest.raises(ValueError):
            period_end(date(2026, 5, 6), calendar=LIBRARY, **wrong)


# Any calendar: a few consecutive years, each with some days off and some weekend days worked.
YEARS = range(2030, 2033)


@st.composite
def calendars(draw: st.DrawFn) -> HolidayCalendar:
    years = []
    for year in YEARS:
        first, length = date(year, 1, 1), 365
        offsets = st.integers(0, length - 1)
        days_off = {first + timedelta(days=n): draw(st.sampled_from(["春节", "国庆节", "元旦"]))
                    for n in draw(st.sets(offsets, max_size=40))}
        weekend = [first + timedelta(days=n) for n in draw(st.sets(offsets, max_size=12))]
        working = frozenset(d for d in weekend if d.weekday() >= 5 and d not in days_off)
        years.append(HolidayYear(year, days_off, working, "hypothesis"))
    return HolidayCalendar.of(years)


starts = st.dates(date(2030, 1, 1), date(2031, 12, 31))


@given(calendar=calendars(), start=starts, days=st.integers(1, 200))
def test_the_last_day_is_a_working_day_never_earlier_and_moved_only_across_rest_days(calendar, start, days):
    end = period_end(start, days=days, calendar=calendar)
    assert end.unextended == start + timedelta(days=days)  # art. 201: the day of the event not counted
    assert not calendar.is_rest_day(end.last_day)
    assert end.last_day >= end.unextended
    skipped = [end.unextended + timedelta(days=n) for n in range((end.last_day - end.unextended).days)]
    assert all(calendar.is_rest_day(day) for day in skipped)
    assert (end.moved_from is None) == (not skipped)
    assert end.reason == (calendar.rest_reason(end.unextended) if skipped else None)


@given(calendar=calendars(), start=starts, months=st.integers(1, 11))
def test_months_end_on_the_corresponding_day_or_the_months_last_day(calendar, start, months):
    end = period_end(start, months=months, calendar=calendar)
    month_index = start.year * 12 + start.month - 1 + months
    year, month = divmod(month_index, 12)
    assert (end.unextended.year, end.unextended.month) == (year, month + 1)
    assert end.unextended.day == min(start.day, monthrange(year, month + 1)[1])
    assert not calendar.is_rest_day(end.last_day) and end.last_day >= end.unextended


@given(calendar=calendars(), day=st.dates(date(2029, 1, 1), date(2029, 12, 31)) | st.dates(date(2033, 1, 1)))
def test_a_day_outside_the_calendars_years_raises(calendar, day):
    with pytest.raises(HolidaysNotVerified):
        calendar.rest_reason(day)
