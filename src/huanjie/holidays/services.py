"""A system administrator enters (or corrects, or withdraws) a year of the State Council's holiday calendar.

One row per holiday, as the notice lists them:

    国庆节, 2026-10-01, 2026-10-07, 2026-09-20 2026-10-10

the holiday, its first and last day off, and the Saturdays or Sundays worked instead (调休上班,
none or several). Every row is checked before anything is written; a bad row is named with its
reason and nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.holidays.errors import HolidayRowsInvalid, NoticeNumberRequired, YearNotEntered
from huanjie.holidays.models import DayKind, EnteredDay, EnteredYear

MAX_BREAK_DAYS = 31  # no break in any notice comes near a month: a longer one is a typing error
_SPLIT_COLUMNS = re.compile(r"\s*[,，\t]\s*")
_SPLIT_DATES = re.compile(r"[\s、;；]+")


@dataclass(frozen=True)
class ParsedDay:
    day: date
    kind: DayKind
    holiday: str
    row: int


def _date(text: str, row: int, problems: list[tuple[int, str]]) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append((row, _("“%(text)s”不是日期，请写成 2027-01-01 的样子") % {"text": text.strip()}))
        return None


def _in_year(day: date, year: int) -> bool:
    """A notice arranges its own year, and may reach back into the December before (the New Year break)."""
    return day.year == year or (day.year == year - 1 and day.month == 12)


def _parse_row(line: str, row: int, year: int, problems: list[tuple[int, str]]) -> list[ParsedDay]:
    columns = _SPLIT_COLUMNS.split(line.strip())
    if len(columns) not in (3, 4):
        problems.append((row, _("应有 3 或 4 列（节日，放假起，放假止，调休上班日），这一行有 %(n)s 列")
                         % {"n": len(columns)}))
        return []
    holiday = columns[0].strip()
    if not holiday or len(holiday) > 40:
        problems.append((row, _("节日名称应为 1 到 40 个字")))
    first, last = _date(columns[1], row, problems), _date(columns[2], row, problems)
    worked = [_date(text, row, problems) for text in _SPLIT_DATES.split(columns[3].strip())
              if text] if len(columns) == 4 else []
    if first is None or last is None or None in worked or not holiday:
        return []
    if last < first or (last - first).days >= MAX_BREAK_DAYS:
        problems.append((row, _("放假止 %(last)s 应不早于放假起 %(first)s，且不超过 %(max)s 天")
                         % {"first": first, "last": last, "max": MAX_BREAK_DAYS}))
        return []
    days = [ParsedDay(first + timedelta(days=n), DayKind.OFF, holiday, row) for n in range((last - first).days + 1)]
    for day in worked:
        assert day is not None
        if day.weekday() < 5:
            problems.append((row, _("调休上班日 %(day)s 不是周六或周日") % {"day": day}))
        days.append(ParsedDay(day, DayKind.WORK, holiday, row))
    for parsed in days:
        if not _in_year(parsed.day, year):
            problems.append((row, _("%(day)s 不在 %(year)s 年内") % {"day": parsed.day, "year": year}))
    return days


def parse_rows(text: str, year: int) -> list[ParsedDay]:
    """Every day the rows arrange; HolidayRowsInvalid naming each bad row (nothing is parsed half)."""
    problems: list[tuple[int, str]] = []
    days: list[ParsedDay] = []
    for row, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            days += _parse_row(line, row, year, problems)
    seen: dict[date, ParsedDay] = {}
    for parsed in days:
        earlier = seen.setdefault(parsed.day, parsed)
        if earlier is not parsed:
            problems.append((parsed.row, _("%(day)s 已在第 %(row)s 行出现过")
                             % {"day": parsed.day, "row": earlier.row}))
    if not days and not problems:
        problems.append((0, _("请至少填写一行放假安排")))
    if problems:
        raise HolidayRowsInvalid(sorted(problems, key=lambda p: p[0]))
    return sorted(days, key=lambda d: d.day)


def _snapshot(entered: EnteredYear) -> dict[str, Any]:
    return {"year": entered.year, "notice_number": entered.notice_number,
            "notice_date": entered.notice_date.isoformat(), "rows": entered.rows_text}


@transaction.atomic
def enter_year(*, year: int, notice_number: str, notice_date: date, rows_text: str,
               actor: AbstractBaseUser | None) -> EnteredYear:
    """Save a year's published calendar (replacing one entered before); it wins over the library's."""
    if not notice_number.strip():
        raise NoticeNumberRequired()
    days = parse_rows(rows_text, year)
    previous = EnteredYear.objects.select_for_update().filter(year=year).first()
    before = _snapshot(previous) if previous else None
    entered = previous or EnteredYear(year=year)
    entered.notice_number, entered.notice_date = notice_number.strip(), notice_date
    entered.rows_text = "\n".join(line.strip() for line in rows_text.strip().splitlines() if line.strip())
    entered.entered_by, entered.entered_at = actor, timezone.now()  # type: ignore[assignment]
    entered.save()
    entered.days.all().delete()
    EnteredDay.objects.bulk_create([EnteredDay(entered_year=entered, day=d.day, kind=d.kind, holiday=d.holiday)
                                    for d in days])
    audit.record("holidays.year.entered", actor=actor, target=entered,
                 data={"before": before, "after": _snapshot(entered)} if before else {"after": _snapshot(entered)})
    return entered


@transaction.atomic
def withdraw_year(*, year: int, actor: AbstractBaseUser | None) -> None:
    """Remove an entered year: the library's data for it (if any) applies again, or the year is unverified."""
    entered = EnteredYear.objects.select_for_update().filter(year=year).first()
    if entered is None:
        raise YearNotEntered(year=year)
    audit.record("holidays.year.withdrawn", actor=actor, target=entered, data={"before": _snapshot(entered)})
    entered.delete()
