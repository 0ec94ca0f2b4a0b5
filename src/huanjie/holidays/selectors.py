"""The calendar the app computes with: the library's years, and any year a system administrator entered.

An entered year replaces the library's for that year (architecture.md: "the app supplies the
calendar"). Every period and deadline in the app is computed with `app_calendar()`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Prefetch

from huanjie.holidays.library import library_years
from huanjie.holidays.models import DayKind, EnteredDay, EnteredYear
from huanjie.rules.restdays import HolidayCalendar, HolidaysNotVerified, HolidayYear
from huanjie.rules.timeline import PeriodEnd, legal_last_day


def entered_years() -> dict[int, HolidayYear]:
    """The years entered in the app, by year (none before the table exists: `huanjie deadline` on a new clone)."""
    if EnteredYear._meta.db_table not in connection.introspection.table_names():
        return {}
    years: dict[int, HolidayYear] = {}
    for entered in EnteredYear.objects.prefetch_related(Prefetch("days", queryset=EnteredDay.objects.order_by("day"))):
        days_off: dict[date, str] = {}
        working: set[date] = set()
        for row in entered.days.all():
            if row.kind == DayKind.WORK:
                working.add(row.day)
            else:
                days_off[row.day] = row.holiday
        years[entered.year] = HolidayYear(entered.year, days_off, frozenset(working), entered.notice_number)
    return years


def app_calendar() -> HolidayCalendar:
    """The library's years, each replaced by the year an administrator entered, if any."""
    years = {**library_years(), **entered_years()}
    return HolidayCalendar.of(years[year] for year in sorted(years))


def coverage(calendar: HolidayCalendar) -> list[tuple[int, int, str]]:
    """The verified years as runs (first, last, source), for "已核对 2004–2026 年 (chinese-calendar 1.11.0)"."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for year in sorted(calendar.verified_years):
        by_source[calendar.source_of(year)].append(year)
    runs: list[tuple[int, int, str]] = []
    for source, years in by_source.items():
        start = previous = years[0]
        for year in years[1:]:
            if year != previous + 1:
                runs.append((start, previous, source))
                start = year
            previous = year
        runs.append((start, previous, source))
    return sorted(runs)


@dataclass(frozen=True)
class LegalDate:
    """A deadline's date as art. 203 ¶1 reads it, shown beside the safe target (templates/holidays/_legal.html)."""

    moved: PeriodEnd | None = None  # set when the day is a rest day: the next working day, and why
    unverified_year: int | None = None  # the calendar lacks the year: nothing is computed


def legal_date(day: date | None, calendar: HolidayCalendar) -> LegalDate:
    if day is None:
        return LegalDate()
    try:
        end = legal_last_day(day, calendar)
    except HolidaysNotVerified as missing:
        return LegalDate(unverified_year=missing.year)
    return LegalDate(moved=end if end.moved_from else None)
