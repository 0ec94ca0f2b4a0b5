"""Statutory rest days (法定休假日) for Civil Code art. 203 ¶1, from the State Council's yearly calendar.

A day is a rest day when the State Council's notice for its year (国务院办公厅关于某年部分节假日
安排的通知) gives it off (放假), or when it is a Saturday or Sunday that the notice does not make a
working day (调休上班). Nothing else can say which days those are: the notice is published each
November or December for the year after, and moves days in ways no rule predicts. So a calendar
knows only the years it was given (`verified_years`), and asking about any other year raises
`HolidaysNotVerified` — a year is never taken as holiday-free, nor guessed.

A notice may arrange days at the end of the year before its own (the New Year holiday crossing the
turn of the year, a make-up working day on 31 December): the days are kept by date, so each day is
answered by whichever notice arranged it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

WEEKEND = "周末"  # the reason given for a Saturday or Sunday that no notice arranged


class HolidaysNotVerified(LookupError):
    """The calendar has no verified State Council calendar for the year of a day it was asked about."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"the State Council's holiday calendar for {year} has not been verified")


@dataclass(frozen=True)
class HolidayYear:
    """One year's published arrangement: the days off with their holiday, and the make-up working days."""

    year: int
    days_off: Mapping[date, str]  # 放假 (weekdays and the weekend days inside the break), named by holiday
    working_days: frozenset[date]  # 调休上班: Saturdays and Sundays worked
    source: str  # where the year comes from: the library and its version, or the notice's number (文号)


@dataclass(frozen=True)
class HolidayCalendar:
    """The rest days of the years given; a later year's arrangement wins for the days it names."""

    years: tuple[HolidayYear, ...]
    _days_off: dict[date, str] = field(init=False, repr=False, compare=False)
    _working: frozenset[date] = field(init=False, repr=False, compare=False)
    _verified: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days_off: dict[date, str] = {}
        working: set[date] = set()
        for year in sorted(self.years, key=lambda y: y.year):
            for day, name in year.days_off.items():
                days_off[day] = name
                working.discard(day)
            for day in year.working_days:
                working.add(day)
                days_off.pop(day, None)
        object.__setattr__(self, "_days_off", days_off)
        object.__setattr__(self, "_working", frozenset(working))
        object.__setattr__(self, "_verified", frozenset(year.year for year in self.years))

    @classmethod
    def of(cls, years: Iterable[HolidayYear]) -> HolidayCalendar:
        return cls(tuple(years))

    @property
    def verified_years(self) -> frozenset[int]:
        return self._verified

    def source_of(self, year: int) -> str:
        """Where the calendar of `year` comes from; HolidaysNotVerified when it has none."""
        for entry in self.years:
            if entry.year == year:
                return entry.source
        raise HolidaysNotVerified(year)

    def rest_reason(self, day: date) -> str | None:
        """Why `day` is a statutory rest day (the holiday's name, or 周末); None for a working day."""
        if day.year not in self._verified:
            raise HolidaysNotVerified(day.year)
        if day in self._working:
            return None
        if day in self._days_off:
            return self._days_off[day]
        return WEEKEND if day.weekday() >= 5 else None

    def is_rest_day(self, day: date) -> bool:
        return self.rest_reason(day) is not None
