"""How long the personal data of a re-election is kept (个人信息保护法 art. 19, art. 47; JI art. 12).

An owner may ask a court to set aside a decision of the owners' assembly within one year of the
day they knew or should have known of it (JI art. 12: 「应当在知道或者应当知道业主大会或者业主委员会
作出决定之日起一年内行使」). Every owner should know of the decision from the day the results are
announced (结果公告), so the ballots and everything that proves how they were collected must be
kept for that year. After it, personal data the law no longer needs is erased (PIPL art. 47 ¶1
(1): 处理目的已实现 / art. 19: the shortest period the purpose needs).

Periods start the day after the event (Civil Code art. 201); a period of years or months ends on
the corresponding day, or on the month's last day when there is none (Civil Code art. 202). When
the last day is a statutory rest day, the period ends on the first working day after it (art. 203
¶1): `timeline.period_end` with the State Council's calendar, passed in. The purge may run the
day after the challenge period's last day, and never for a year the calendar has not verified
(HolidaysNotVerified).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from huanjie.rules.restdays import HolidayCalendar
from huanjie.rules.timeline import add_months, period_end

CHALLENGE_PERIOD_MONTHS = 12  # JI art. 12: one year
MAX_RETENTION_MONTHS = 60  # PIPL art. 19: no longer than the purpose needs; a community may keep up to five years


class RetentionOutOfRange(ValueError):
    """A retention period shorter than the challenge period, or longer than the installation allows."""


def challenge_period_ends(announced_on: date, calendar: HolidayCalendar) -> date:
    """Last day an owner may ask to set the decision aside (JI art. 12; Civil Code arts. 201–203)."""
    return period_end(announced_on, months=CHALLENGE_PERIOD_MONTHS, calendar=calendar).last_day


def earliest_purge_date(announced_on: date, months: int = CHALLENGE_PERIOD_MONTHS, *,
                        calendar: HolidayCalendar) -> date:
    """First day personal data may be erased: after the challenge period and the community's own period.

    `months` is the community's retention period after the results announcement; it may not be
    shorter than the challenge period of JI art. 12.
    """
    if not CHALLENGE_PERIOD_MONTHS <= months <= MAX_RETENTION_MONTHS:
        raise RetentionOutOfRange(
            f"retention of {months} months is outside {CHALLENGE_PERIOD_MONTHS}–{MAX_RETENTION_MONTHS}"
        )
    after_challenge = challenge_period_ends(announced_on, calendar) + timedelta(days=1)
    after_own_period = add_months(announced_on, months) + timedelta(days=1)
    return max(after_challenge, after_own_period)


def retention_anchor(announcements: Iterable[date | None]) -> date | None:
    """The announcement the retention runs from: the latest of the community's assemblies.

    None when there is no assembly, or when one has no announcement yet: its decision can still
    be challenged for a year after it is announced, so nothing of it may be erased.
    """
    days = list(announcements)
    if not days or any(day is None for day in days):
        return None
    return max(day for day in days if day is not None)


def may_purge(*, today: date, announced_on: date, calendar: HolidayCalendar,
              months: int = CHALLENGE_PERIOD_MONTHS) -> bool:
    """Whether the purge may run on `today` (the first allowed day included)."""
    return today >= earliest_purge_date(announced_on, months, calendar=calendar)
