"""The order of a re-election's steps, and the lead time owners are given before they vote.

- 《物业管理条例》第十四条: the owners' assembly meeting is notified to all owners at least 15
  days before it; 《上海市住宅物业管理规定》第二十九条 (law.md): the owners, headcount, areas,
  voting rules and candidates are posted at least 15 days before it. A written vote that runs
  over several days is a meeting that starts on its **first** day of voting: the 15 days are
  counted back from that day, never from the closing day.
- 《上海市住宅物业管理规定》第二十一条: the working group posts the candidates it has found and
  checked — the candidate list is made from the nominations, so it cannot be posted (or made
  final) while owners may still be nominated.
- The interview scores (面试评审): a sheet scores what the panelist saw at the interview, so it
  is not accepted before the interview's scheduled time (issue 15, finding 11).
- 《上海市住宅物业管理规定》第二十八条: while the committee is being re-elected the sitting
  committee may not decide on the property company or major spending (law.md); huanjie refuses
  it a project spending the maintenance fund or changing the manager unless the street office
  has recorded its consent.

Days are counted as Civil Code art. 201 counts them (the day of the event not counted) and
"以前" includes its bound (art. 1259). The lead time is a period counted *back* from the vote;
`latest_notice_day` is where a holiday calendar (Civil Code art. 203) would be passed in once
`huanjie.rules.timeline` provides one — today it is plain day arithmetic.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

VOTE_NOTICE_DAYS = 15  # 《物业管理条例》第十四条; 《上海市住宅物业管理规定》第二十九条


def latest_notice_day(first_voting_day: date, days: int = VOTE_NOTICE_DAYS) -> date:
    """The last day a notice may go up and still be `days` days or more before the vote (以前 includes).

    Published on D, the days D + 1 … D + `days` (Civil Code art. 201) end no later than the
    first day of voting.
    """
    if days < 0:
        raise ValueError(f"a lead time is not negative, got {days}")
    return first_voting_day - timedelta(days=days)


def notice_in_time(published_on: date, first_voting_day: date, days: int = VOTE_NOTICE_DAYS) -> bool:
    """条例 art. 14 / SH art. 29: the notice went up at least `days` days before the first day of voting."""
    return published_on <= latest_notice_day(first_voting_day, days)


def nominations_open(*, last_day: date | None, today: date) -> bool:
    """SH art. 21: owners may still be nominated — the call's period has no end yet, or has not ended.

    `last_day` is the last day of the call for candidates' period (None: no call with a period
    published, so nothing has closed the nominations).
    """
    return last_day is None or today <= last_day


def scoring_open(*, interview_at: datetime | None, now: datetime) -> bool:
    """A score sheet is for an interview that has begun: none before its scheduled time, none without one."""
    if interview_at is not None and (interview_at.tzinfo is None) != (now.tzinfo is None):
        raise ValueError("compare aware times with aware times")
    return interview_at is not None and now >= interview_at


def restricted_during_reelection(*, spends_maintenance_fund: bool, changes_manager: bool,
                                 by_sitting_committee: bool, reelection_under_way: bool,
                                 street_office_consent: bool) -> bool:
    """SH art. 28: during a re-election the sitting committee may not spend the fund or change the manager.

    Refused only when all of it holds: the matter is one of those, the sitting committee is the
    one deciding, a re-election is under way, and the street office has not recorded its consent.
    """
    restricted_matter = spends_maintenance_fund or changes_manager
    return restricted_matter and by_sitting_committee and reelection_under_way and not street_office_consent


def reelection_under_way(*, working_group_formed: bool, committee_elected: bool) -> bool:
    """SH art. 28: the restriction runs from the working group's formation until the new committee is elected."""
    return working_group_formed and not committee_elected
