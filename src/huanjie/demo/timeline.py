"""The demo's calendar: every step of the re-election on its own day, in the order the process runs.

Counted back from `today`, which falls in the voting window (opened three days ago, closing in
four): the 召开业主大会公告 fifteen days before the first day of voting (《物业管理条例》第十四条), the
candidates' meeting before it, the final candidate list before the meeting is announced, the
candidate list 公示 (with the roster and the voting rules, 《上海市住宅物业管理规定》第二十九条) long
enough before the final list that its seven days — moved past rest days (《民法典》第二百零三条) — are
over, the interviews and the eligibility check after the ten-day call has closed, the door visits
before the call, and the report, the working group and the records handover before the visits.
Papers that go up on a wall, and the acts of an office, fall on working days (the State Council's
calendar, huanjie.holidays); meetings and interviews are held in the evening, any day. The new
committee's training is planned for after the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from huanjie.holidays.selectors import app_calendar
from huanjie.notices.services import notice_period_end
from huanjie.rules.restdays import HolidaysNotVerified
from huanjie.rules.timeline import ASSEMBLY_NOTICE_DAYS, add_months

CALL_DAYS = 10  # the call for candidates is open ten days
CANDIDATE_NOTICE_DAYS = 7  # the candidate list 公示 (candidates.services.slate.CANDIDATE_NOTICE_DAYS)
ROSTER_NOTICE_DAYS = 7  # the roster and voting rules 公示
VOTING_OPENED_DAYS_AGO, VOTING_CLOSES_IN_DAYS = 3, 4


@dataclass(frozen=True)
class DemoTimeline:
    today: date
    term_end: date
    reported: date  # 启动报告
    group_formed: date  # 成立换届改选小组
    records_handed_over: date  # 原业委会移交档案、印章
    visits_from: date
    visits_until: date  # 走访摸底 done
    call_published: date  # 候选人征集公告
    checked_on: date  # 资格审查
    interviews_on: date  # 面试评审 (evening)
    candidates_listed: date  # 候选人名单公示 and 业主名册及表决规则公示
    final_list_on: date  # 正式候选人名单
    meeting_announced: date  # 候选人见面会公告
    meeting_on: date  # 候选人见面会 (evening)
    assembly_announced: date  # 召开业主大会公告
    voting_opens: datetime
    voting_closes: datetime
    training_from: date  # 初任培训, after the results

    @property
    def voting_first_day(self) -> date:
        return timezone.localdate(self.voting_opens)

    @property
    def voting_last_day(self) -> date:
        return timezone.localdate(self.voting_closes)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def is_rest_day(day: date) -> bool:
    """A statutory rest day by the app's calendar; for a year it has not verified, the weekend."""
    try:
        return app_calendar().is_rest_day(day)
    except HolidaysNotVerified:
        return day.weekday() >= 5


def working_day_on_or_before(day: date) -> date:
    while is_rest_day(day):
        day -= timedelta(days=1)
    return day


def period_over_before(published_on: date, days: int, next_step: date) -> bool:
    """Whether a notice of `days` days published on `published_on` has ended before `next_step`."""
    return notice_period_end(published_on, days).last_day < next_step


def latest_publication(next_step: date, days: int, earliest_offset: int) -> date:
    """The latest working day, `earliest_offset` days before `next_step` or earlier, whose `days`-day
    period (moved past rest days) is over before `next_step`."""
    day = next_step - timedelta(days=earliest_offset)
    while is_rest_day(day) or not period_over_before(day, days, next_step):
        day -= timedelta(days=1)
    return day


def demo_timeline(today: date) -> DemoTimeline:
    first_day = today - timedelta(days=VOTING_OPENED_DAYS_AGO)
    assembly_announced = working_day_on_or_before(first_day - timedelta(days=ASSEMBLY_NOTICE_DAYS))
    meeting_on = assembly_announced - timedelta(days=3)
    meeting_announced = working_day_on_or_before(meeting_on - timedelta(days=4))
    final_list_on = working_day_on_or_before(meeting_announced - timedelta(days=1))
    candidates_listed = latest_publication(final_list_on, CANDIDATE_NOTICE_DAYS, 8)
    interviews_on = candidates_listed - timedelta(days=2)
    checked_on = working_day_on_or_before(interviews_on - timedelta(days=1))
    call_published = latest_publication(checked_on, CALL_DAYS, CALL_DAYS + 3)
    group_formed = working_day_on_or_before(call_published - timedelta(days=40))
    return DemoTimeline(
        today=today, term_end=add_months(today, 4),
        reported=working_day_on_or_before(group_formed - timedelta(days=14)),
        group_formed=group_formed,
        records_handed_over=working_day_on_or_before(group_formed + timedelta(days=7)),
        visits_from=group_formed + timedelta(days=1), visits_until=call_published - timedelta(days=1),
        call_published=call_published, checked_on=checked_on, interviews_on=interviews_on,
        candidates_listed=candidates_listed, final_list_on=final_list_on, meeting_announced=meeting_announced,
        meeting_on=meeting_on, assembly_announced=assembly_announced,
        voting_opens=timezone.make_aware(datetime.combine(first_day, time(8, 0))),
        voting_closes=timezone.make_aware(datetime.combine(today + timedelta(days=VOTING_CLOSES_IN_DAYS),
                                                           time(20, 0))),
        training_from=today + timedelta(days=VOTING_CLOSES_IN_DAYS + 10),
    )
