"""Whether the owners were told in time: the notices a vote needs before it may open.

《物业管理条例》第十四条: the meeting is notified to all owners at least 15 days before it, by the
召开业主大会公告; 《上海市住宅物业管理规定》第二十九条: the roster, headcount, areas and voting rules
are posted at least 15 days before it, by the 业主名册及表决规则公示. Both count back from the first
day of voting (a written vote spanning days counts from its first day); `huanjie.rules.procedure`
decides the dates, this module finds the notices and says what is missing.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.notices.models import Notice, NoticeKind, NoticeStatus
from huanjie.rules.procedure import VOTE_NOTICE_DAYS, latest_notice_day, notice_in_time
from huanjie.voting.errors import MeetingDateDiffers, VoteAnnouncedTooLate, VoteNotAnnounced
from huanjie.voting.models import Assembly, ContestKind


def first_voting_day(assembly: Assembly) -> date:
    """The day voting starts, in Shanghai: the day the 15 days are counted back from."""
    return timezone.localdate(assembly.opens_at)


def _published(assembly: Assembly, kind: str) -> QuerySet[Notice]:
    found = Notice.objects.filter(community_id=assembly.community_id, kind=kind, status=NoticeStatus.PUBLISHED)
    if assembly.reelection_id is not None:
        found = found.filter(reelection_id=assembly.reelection_id)
    return found.order_by("published_on", "pk")


def needs_roster_notice(assembly: Assembly) -> bool:
    """SH art. 29 is about electing the committee: a re-election's vote, or any vote with an election."""
    return assembly.reelection_id is not None or assembly.contests.filter(kind=ContestKind.ELECTION).exists()


def _check_in_time(assembly: Assembly, notice: Notice, first_day: date) -> None:
    published = notice.published_on or first_day  # a published notice has its date (database constraint)
    if not notice_in_time(published, first_day):
        raise VoteAnnouncedTooLate(title=assembly.title, notice=str(notice), published=published.isoformat(),
                                   first_day=first_day.isoformat(), days=VOTE_NOTICE_DAYS,
                                   latest=latest_notice_day(first_day).isoformat())


def _missing(assembly: Assembly, what: str, first_day: date) -> VoteNotAnnounced:
    return VoteNotAnnounced(title=assembly.title, missing=what, first_day=first_day.isoformat(),
                            days=VOTE_NOTICE_DAYS, latest=latest_notice_day(first_day).isoformat())


def ensure_announced(assembly: Assembly) -> None:
    """Refuse to open a vote the owners were not told of 15 days before its first day (条例 art. 14; SH art. 29)."""
    first_day = first_voting_day(assembly)
    meetings = list(_published(assembly, NoticeKind.ELECTION))
    if not meetings:
        raise _missing(assembly, _("召开业主大会公告"), first_day)
    meeting = next((notice for notice in meetings if notice.event_on == first_day), None)
    if meeting is None:
        announced = meetings[-1]
        raise MeetingDateDiffers(title=assembly.title, notice=str(announced), first_day=first_day.isoformat(),
                                 announced=announced.event_on.isoformat() if announced.event_on else _("未载明"))
    _check_in_time(assembly, meeting, first_day)
    if not needs_roster_notice(assembly):
        return
    roster = _published(assembly, NoticeKind.ROSTER_AND_RULES).first()
    if roster is None:
        raise _missing(assembly, _("业主名册及表决规则公示"), first_day)
    _check_in_time(assembly, roster, first_day)
