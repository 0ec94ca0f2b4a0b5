"""The pinned library against the State Council's notices: every day of 2025 and 2026, and nothing after."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from huanjie.holidays.library import library_years
from huanjie.holidays.services import parse_rows
from huanjie.rules.restdays import HolidayCalendar, HolidaysNotVerified, HolidayYear
from tests.holidays.notices import NOTICE_2025, NOTICE_2026

LIBRARY = HolidayCalendar.of(library_years().values())


def _from_notice(year: int, rows: str) -> HolidayCalendar:
    days = parse_rows(rows, year)
    return HolidayCalendar.of([HolidayYear(year, {d.day: d.holiday for d in days if d.kind == "off"},
                                           frozenset(d.day for d in days if d.kind == "work"), "notice")])


@pytest.mark.parametrize(("year", "rows"), [(2025, NOTICE_2025), (2026, NOTICE_2026)])
def test_the_library_has_the_notices_rest_days_and_make_up_working_days(year, rows):
    notice = _from_notice(year, rows)
    day = date(year, 1, 1)
    while day.year == year:
        assert LIBRARY.is_rest_day(day) == notice.is_rest_day(day), day
        day += timedelta(days=1)


def test_the_library_names_each_day_of_a_break_by_its_holiday():
    assert LIBRARY.rest_reason(date(2026, 10, 7)) == "国庆节"
    assert LIBRARY.rest_reason(date(2026, 2, 15)) == "春节"  # a Sunday, inside the break
    assert LIBRARY.rest_reason(date(2026, 4, 5)) == "清明节"
    assert LIBRARY.rest_reason(date(2026, 3, 14)) == "周末"
    assert LIBRARY.rest_reason(date(2026, 9, 20)) is None  # a Sunday worked


def test_the_library_stops_where_the_notices_stop():
    assert max(library_years()) == 2026
    with pytest.raises(HolidaysNotVerified):
        LIBRARY.rest_reason(date(2027, 1, 1))
