"""The statutory timeline of a re-election (law.md, "The re-election timeline"; "Periods").

Periods start the day after the event (Civil Code art. 201: 开始的当日不计入), so "within N days
of X" ends on X + N days. Periods in months end on the corresponding day of the month, or on
its last day when the month has none (Civil Code art. 202: 按照年、月计算期间的，到期月的对应日为
期间的最后一日；没有对应日的，月末日为期间的最后一日). When the last day is a statutory rest day the
period ends on the next working day (art. 203 ¶1: 期间的最后一日是法定休假日的，以法定休假日结束的
次日为期间的最后一日): `period_end` does all three, with the State Council's calendar passed in
(`huanjie.rules.restdays`; the app supplies it), and raises `HolidaysNotVerified` rather than
guess a year the calendar does not have.

"At least N days before the meeting" (以前, counted with the bound, art. 1259) is met by a
date no later than the meeting date minus N days; such lead times protect the owners' notice
and are never moved later. The deadlines the working group must meet are shown as computed
(the safe target) with the art. 203 ¶1 date beside them.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from huanjie.rules.restdays import HolidayCalendar


class Stage(StrEnum):
    """The stages of a re-election in order (architecture.md)."""

    REPORT = "report"                          # 启动报告
    WORKING_GROUP = "working_group"            # 成立换届改选小组
    RECORDS_HANDOVER = "records_handover"      # 原业委会移交档案、印章
    FINANCIAL_AUDIT = "financial_audit"        # 换届财务审计
    VISITS = "visits"                          # 走访摸底
    CALL_FOR_CANDIDATES = "call_for_candidates"  # 候选人征集
    ELIGIBILITY = "eligibility"                # 资格审查
    INTERVIEWS = "interviews"                  # 面试评审
    CANDIDATE_NOTICE = "candidate_notice"      # 候选人、业主名册与表决规则公示
    CANDIDATES_MEETING = "candidates_meeting"  # 候选人见面会
    ASSEMBLY_NOTICE = "assembly_notice"        # 召开业主大会公告
    BALLOTS_DELIVERED = "ballots_delivered"    # 表决票发放
    VOTING = "voting"                          # 投票
    COUNTING = "counting"                      # 开箱计票
    RESULTS_NOTICE = "results_notice"          # 结果公示
    FILING = "filing"                          # 备案
    HANDOVER = "handover"                      # 交接
    TRAINING = "training"                      # 初任培训


# Steps whose completion leaves a paper behind that the filing pack or an owner may ask for:
# the written report, the group's founding document, the posted notices (SH art. 16, art. 21:
# posted in public places — a photo of the posting), the counting record, the filing receipt
# and the training record (SH art. 23 lists it in the filing pack), and the auditor's report on the
# sitting committee's accounts (换届财务审计). Marking them done takes
# that evidence; the other steps may be marked done with a note alone.
EVIDENCE_REQUIRED: frozenset[Stage] = frozenset({
    Stage.REPORT, Stage.WORKING_GROUP, Stage.FINANCIAL_AUDIT, Stage.CANDIDATE_NOTICE, Stage.ASSEMBLY_NOTICE,
    Stage.COUNTING, Stage.RESULTS_NOTICE, Stage.FILING, Stage.TRAINING,
})


def requires_evidence(stage: Stage) -> bool:
    """Whether marking `stage` done needs a file (photo of the posting, signed record, receipt)."""
    return stage in EVIDENCE_REQUIRED


# The deadlines the working group must meet, counted from an event or back from the term's end: the
# ledger shows the computed date as the safe target and, beside it, the date art. 203 ¶1 allows when
# that day is a rest day. The lead times before the meeting (CANDIDATE_NOTICE, ASSEMBLY_NOTICE,
# BALLOTS_DELIVERED) protect the owners' notice and are never moved later; the meeting, the vote
# and the count are days, not the ends of periods.
EXTENDED_BY_ART_203: frozenset[Stage] = frozenset({
    Stage.REPORT, Stage.WORKING_GROUP, Stage.RECORDS_HANDOVER, Stage.RESULTS_NOTICE, Stage.FILING,
    Stage.HANDOVER, Stage.TRAINING,
})


@dataclass(frozen=True)
class Deadline:
    stage: Stage
    due: date | None  # the safe target: the computed day, never moved
    basis: str  # the article or practice the date comes from; empty when the law sets none

    @property
    def extends(self) -> bool:
        """Whether art. 203 ¶1 moves this deadline past a rest day (the law's date, shown beside `due`)."""
        return self.due is not None and self.stage in EXTENDED_BY_ART_203


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later (earlier when negative); the month's last day if none."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    last = monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def within_days(event: date, days: int) -> date:
    """Last day of a period of `days` days after `event` before art. 203 ¶1 (art. 201: the event day not counted)."""
    return event + timedelta(days=days)


@dataclass(frozen=True)
class PeriodEnd:
    """The last day of a period, and where it came from when a rest day moved it (art. 203 ¶1)."""

    last_day: date
    unextended: date  # the day arts. 201–202 give, before any move
    reason: str | None  # why the unextended day is a rest day (国庆节, 春节, 周末, ...); None when not moved

    @property
    def moved_from(self) -> date | None:
        return self.unextended if self.last_day != self.unextended else None


def legal_last_day(day: date, calendar: HolidayCalendar) -> PeriodEnd:
    """`day` as the last day of a period, moved to the next working day if it is a rest day (art. 203 ¶1).

    Raises HolidaysNotVerified for a day (or a day it moves across) whose year the calendar lacks.
    """
    reason = calendar.rest_reason(day)
    last = day
    while calendar.is_rest_day(last):
        last += timedelta(days=1)
    return PeriodEnd(last, day, reason if last != day else None)


def period_end(start: date, *, calendar: HolidayCalendar, days: int = 0, months: int = 0) -> PeriodEnd:
    """The last day of a period of `days` days or `months` months from `start` (Civil Code arts. 201–203).

    The day of `start` is not counted (art. 201); a period of months ends on the corresponding day,
    or the month's last day when it has none (art. 202); a last day that is a statutory rest day
    gives way to the next working day (art. 203 ¶1).
    """
    if (days > 0) == (months > 0) or days < 0 or months < 0:
        raise ValueError("a period is a positive number of days or of months, not both")
    unextended = add_months(start, months) if months else within_days(start, days)
    return legal_last_day(unextended, calendar)


# Lead times counted back from the assembly meeting, the bound included (art. 1259):
ASSEMBLY_NOTICE_DAYS = 15  # the meeting is notified to all owners at least 15 days before (条例 art. 14)
ROSTER_NOTICE_DAYS = 15  # roster, headcount, areas and voting rules posted at least 15 days before (SH art. 29)
BALLOT_DELIVERY_DAYS = 7  # ballots delivered about 7 days before voting (Shanghai practice)


def at_least_days_before(meeting: date, days: int) -> date:
    """Latest day for something required `days` days or more before `meeting` (art. 1259: 以前 includes)."""
    return meeting - timedelta(days=days)


def report_due(term_end: date) -> date:
    """SH art. 28: the sitting committee reports five months before its term ends."""
    return add_months(term_end, -5)


def latest_assembly(term_end: date) -> date:
    """The new committee is elected before the term ends: the meeting is on the last day at the latest."""
    return term_end - timedelta(days=1)


def deadlines(term_end: date, assembly: date | None = None) -> list[Deadline]:
    """Every stage with its statutory latest date, computed from the term end and the meeting date."""
    report = report_due(term_end)
    group = within_days(report, 60)
    steps: list[Deadline] = [
        Deadline(Stage.REPORT, report, "SH art. 28"),
        Deadline(Stage.WORKING_GROUP, group, "SH art. 28"),
        Deadline(Stage.RECORDS_HANDOVER, within_days(group, 10), "SH art. 28"),
        # Shanghai practice: once the working group is formed, the assembly and the committee, guided by
        # it, have a qualified firm audit the outgoing committee's accounts; no law sets the date.
        Deadline(Stage.FINANCIAL_AUDIT, None, ""),
        Deadline(Stage.VISITS, None, ""),
        Deadline(Stage.CALL_FOR_CANDIDATES, None, ""),
        Deadline(Stage.ELIGIBILITY, None, ""),
        Deadline(Stage.INTERVIEWS, None, ""),
    ]
    meeting = assembly

    def before(days: int) -> date | None:
        return meeting and at_least_days_before(meeting, days)

    steps += [
        Deadline(Stage.CANDIDATE_NOTICE, before(ROSTER_NOTICE_DAYS), "SH art. 16, art. 29"),
        Deadline(Stage.CANDIDATES_MEETING, meeting and meeting - timedelta(days=1), ""),
        Deadline(Stage.ASSEMBLY_NOTICE, before(ASSEMBLY_NOTICE_DAYS), "条例 art. 14"),
        Deadline(Stage.BALLOTS_DELIVERED, before(BALLOT_DELIVERY_DAYS), "上海实践"),
        Deadline(Stage.VOTING, meeting or latest_assembly(term_end), "SH art. 29"),
        Deadline(Stage.COUNTING, meeting, ""),
    ]
    results = meeting and within_days(meeting, 3)
    filing = meeting and within_days(meeting, 30)
    steps += [
        Deadline(Stage.RESULTS_NOTICE, results, "SH art. 21"),
        Deadline(Stage.FILING, filing, "SH art. 23"),
        Deadline(Stage.HANDOVER, filing and within_days(filing, 10), "SH art. 30"),
        # The filing pack must contain the training records (SH art. 23), so training ends by then.
        Deadline(Stage.TRAINING, filing, "SH art. 23"),
    ]
    return steps


# -- the results: 公示 first, then the 公告 (SH art. 21) ------------------------------------

RESULTS_NOTICE_DAYS = 3  # SH art. 21: the results are announced (公告) within 3 days of the election


def results_due(election_day: date) -> date:
    """SH art. 21: last day for the results announcement, 3 days after the election (art. 201)."""
    return within_days(election_day, RESULTS_NOTICE_DAYS)


def longest_period_before(due: date, published_on: date, calendar: HolidayCalendar) -> int:
    """The longest period, in days, of a notice published on `published_on` whose last day — moved
    past rest days (art. 203 ¶1) — still lets the step waiting for it happen by `due`; 0 if none."""
    for days in range((due - published_on).days - 1, 0, -1):
        if period_end(published_on, days=days, calendar=calendar).last_day < due:
            return days
    return 0
