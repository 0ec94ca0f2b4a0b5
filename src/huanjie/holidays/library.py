"""The State Council's holiday calendar as the `chinese-calendar` library has it (pinned in pyproject.toml).

Chosen over `holidays` after comparing both with the published notices (README, "节假日"): for
2025 and 2026 both give the same rest days, but `chinese-calendar` names every day of a break by
its holiday (2026-10-07 is 国庆节, where `holidays` has "day off, substituted from 10/10") and
stops where the notices stop (2026), where `holidays` extrapolates 2027 without its make-up
working days. No Django here: `huanjie deadline` and the rules' tests read it directly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache
from importlib.metadata import version

import chinese_calendar

from huanjie.rules.restdays import HolidayYear

# The library names holidays in English; the notices' own names (清明节, not 清明).
NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def source() -> str:
    return f"chinese-calendar {version('chinese-calendar')}"


@lru_cache(maxsize=1)
def library_years() -> dict[int, HolidayYear]:
    """Every year the library has, by year: its days off (by holiday) and make-up working days."""
    days_off: dict[int, dict[date, str]] = defaultdict(dict)
    working: dict[int, set[date]] = defaultdict(set)
    for day, name in chinese_calendar.holidays.items():
        days_off[day.year][day] = NAMES.get(name, name)
    for day in chinese_calendar.workdays:
        working[day.year].add(day)
    label = source()
    return {year: HolidayYear(year, days_off[year], frozenset(working[year]), label)
            for year in sorted(set(days_off) | set(working))}
