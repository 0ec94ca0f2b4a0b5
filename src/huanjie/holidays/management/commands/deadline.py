"""`huanjie deadline --from DATE --days N | --months N [--json]`: a period's last day (Civil Code arts. 201–203)."""

from __future__ import annotations

import json
from argparse import ArgumentParser, ArgumentTypeError, RawDescriptionHelpFormatter
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huanjie.holidays.selectors import app_calendar, coverage
from huanjie.rules.restdays import HolidaysNotVerified
from huanjie.rules.timeline import PeriodEnd, period_end

EPILOG = """\
The day of --from is not counted (art. 201); a period of months ends on the corresponding day, or
the month's last day (art. 202); a last day that is a statutory rest day (a holiday of the State
Council's calendar, or a weekend that is not a make-up working day) moves to the next working day
(art. 203 para. 1).

--json prints one object, for example
  {"from": "2026-09-30", "days": 7, "last_day": "2026-10-08", "moved_from": "2026-10-07", "reason": "国庆节"}
("months" instead of "days" with --months). "moved_from" is the day arts. 201-202 give and "reason"
why it is a rest day (a holiday's name, or 周末); both are null when the last day was not moved.

The calendar is the chinese-calendar library's plus any year a system administrator entered in
the app (节假日安排). Exit status 2 when the last day falls in a year the calendar has not
verified: the date is never guessed.
"""


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= 100_000:
        raise ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


class Command(BaseCommand):
    help = "The last day of a period from a date (Civil Code arts. 201-203), with the State Council's holidays."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        parser = super().create_parser(prog_name, subcommand, epilog=EPILOG, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--from", dest="start", type=_day, required=True, metavar="YYYY-MM-DD",
                            help="the day of the event; the period starts the day after")
        length = parser.add_mutually_exclusive_group(required=True)
        length.add_argument("--days", type=_positive, help="a period of this many days")
        length.add_argument("--months", type=_positive, help="a period of this many months")
        parser.add_argument("--json", action="store_true", help="print JSON (see below)")

    def handle(self, *args: Any, **options: Any) -> None:
        start: date = options["start"]
        days, months = options["days"] or 0, options["months"] or 0
        calendar = app_calendar()
        try:
            end = period_end(start, calendar=calendar, days=days, months=months)
        except HolidaysNotVerified as missing:
            verified = "、".join(f"{a}–{b}" if a != b else str(a) for a, b, _ in coverage(calendar))
            raise CommandError(
                f"{missing.year} 年的国务院节假日安排尚未核对（已核对：{verified} 年），不能计算这个期间的最后一日。"
                f"请系统管理员在“节假日安排”页面录入该年的国务院办公厅通知。"
                f" / The State Council's holiday calendar for {missing.year} has not been verified.",
                returncode=2) from None
        self.stdout.write(_as_json(start, days, months, end) if options["json"] else _as_text(start, days, months, end))


def _as_json(start: date, days: int, months: int, end: PeriodEnd) -> str:
    moved = end.moved_from
    return json.dumps({
        "from": start.isoformat(), **({"days": days} if days else {"months": months}),
        "last_day": end.last_day.isoformat(), "moved_from": moved.isoformat() if moved else None,
        "reason": end.reason if moved else None,
    }, ensure_ascii=False)


WEEKDAYS = "一二三四五六日"


def _as_text(start: date, days: int, months: int, end: PeriodEnd) -> str:
    length = f"{days} 日" if days else f"{months} 个月"
    line = (f"自 {start.isoformat()} 次日起算 {length}，期间的最后一日为 {end.last_day.isoformat()}"
            f"（星期{WEEKDAYS[end.last_day.weekday()]}）")
    if end.moved_from is None:
        return line + "。"
    return (line + f"：{end.moved_from.isoformat()} 是法定休假日（{end.reason}），"
            "依《民法典》第二百零三条顺延至其后的第一个工作日。")
