"""The notices a vote needs before it may open, published in time for a test's assembly.

《物业管理条例》第十四条 and 《上海市住宅物业管理规定》第二十九条: the 召开业主大会公告 and the 业主名册及
表决规则公示 go up at least 15 days before the first day of voting. Tests that open a vote
publish both through the notice engine, dated `days_before` days before that day.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from huanjie.notices.models import Notice, NoticeKind
from huanjie.notices.services import create_notice, publish_notice


def announce_vote(assembly, actor, *, days_before: int = 15) -> list[Notice]:  # type: ignore[no-untyped-def]
    """Publish the meeting notice (its date the first day of voting) and the roster-and-rules notice."""
    first_day = timezone.localdate(assembly.opens_at)
    published_on = first_day - timedelta(days=days_before)
    made = []
    for kind, title, period, event_on in (
            (NoticeKind.ROSTER_AND_RULES, "业主名册及表决规则公示", 7, None),
            (NoticeKind.ELECTION, "召开业主大会公告", 0, first_day)):
        notice = create_notice(community=assembly.community, reelection=assembly.reelection, kind=kind, title=title,
                               body=f"{assembly.title}：{title}。", issuer="换届改选小组", period_days=period,
                               event_on=event_on, actor=actor)
        made.append(publish_notice(notice=notice, actor=actor, today=published_on))
    return made
