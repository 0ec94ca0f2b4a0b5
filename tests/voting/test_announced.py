"""A vote opens only once the owners were told 15 days before its first day (条例 art. 14; SH art. 29)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from huanjie.notices.models import NoticeKind
from huanjie.notices.services import create_notice, publish_notice, withdraw_notice
from huanjie.voting.errors import MeetingDateDiffers, VoteAnnouncedTooLate, VoteNotAnnounced
from huanjie.voting.models import AssemblyStatus, ContestKind
from huanjie.voting.services import add_contest, create_assembly, open_voting
from tests.conftest import client_for
from tests.voting.conftest import seal_first_box

FIRST_DAY = date(2026, 12, 20)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def written_vote(wuyuehua, alice):  # type: ignore[no-untyped-def]
    """A written vote from 2026-12-20 08:00 to 12-27 20:00: its first day is the 20th, not the 27th."""
    made = create_assembly(community=wuyuehua, title="第二届业主委员会选举", opens_at=_at(FIRST_DAY, 8),
                           closes_at=_at(FIRST_DAY + timedelta(days=7), 20), actor=alice)
    add_contest(assembly=made, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举业主委员会委员", seats=2, candidates=["张三", "李四", "王五"], actor=alice)
    seal_first_box(made, alice)
    return made


def publish(community, alice, kind, published_on, *, event_on=None):  # type: ignore[no-untyped-def]
    titles = {NoticeKind.ELECTION: "召开业主大会公告", NoticeKind.ROSTER_AND_RULES: "业主名册及表决规则公示"}
    notice = create_notice(community=community, reelection=None, kind=kind, title=titles[kind], body="正文",
                           issuer="换届改选小组", period_days=0 if kind == NoticeKind.ELECTION else 7,
                           event_on=event_on, actor=alice)
    return publish_notice(notice=notice, actor=alice, today=published_on)


def test_a_vote_announced_exactly_fifteen_days_before_its_first_day_opens(written_vote, wuyuehua, alice):
    publish(wuyuehua, alice, NoticeKind.ELECTION, date(2026, 12, 5), event_on=FIRST_DAY)
    publish(wuyuehua, alice, NoticeKind.ROSTER_AND_RULES, date(2026, 12, 5))
    assert open_voting(assembly=written_vote, actor=alice).status == AssemblyStatus.OPEN


def test_it_refuses_to_open_a_vote_without_the_meeting_notice_and_says_by_when(written_vote, wuyuehua, alice):
    publish(wuyuehua, alice, NoticeKind.ROSTER_AND_RULES, date(2026, 11, 20))
    with pytest.raises(VoteNotAnnounced) as refused:
        open_voting(assembly=written_vote, actor=alice)
    assert str(refused.value) == (
        "“第二届业主委员会选举”不能开始投票：召开业主大会公告尚未发布。请先起草并发布召开业主大会公告，"
        "且须在投票首日（2026-12-20）15 日以前、即最迟 2026-12-05 发布"
        "（《物业管理条例》第十四条、《上海市住宅物业管理规定》第二十九条）。")
    written_vote.refresh_from_db()
    assert written_vote.status == AssemblyStatus.DRAFT and not written_vote.papers.exists()


def test_it_refuses_to_open_a_vote_without_the_roster_and_rules_notice(written_vote, wuyuehua, alice):
    publish(wuyuehua, alice, NoticeKind.ELECTION, date(2026, 12, 1), event_on=FIRST_DAY)
    with pytest.raises(VoteNotAnnounced, match="业主名册及表决规则公示尚未发布"):
        open_voting(assembly=written_vote, actor=alice)


def test_the_lead_time_counts_from_the_first_day_of_a_written_vote_not_its_closing_day(
        written_vote, wuyuehua, alice):
    publish(wuyuehua, alice, NoticeKind.ELECTION, date(2026, 12, 1), event_on=FIRST_DAY)
    # Seventeen days before the vote closes, but only fourteen before it opens.
    publish(wuyuehua, alice, NoticeKind.ROSTER_AND_RULES, date(2026, 12, 6))
    with pytest.raises(VoteAnnouncedTooLate) as refused:
        open_voting(assembly=written_vote, actor=alice)
    assert "于 2026-12-06 发布，不足投票首日（2026-12-20）15 日以前，最迟应于 2026-12-05 发布" in str(refused.value)


def test_it_refuses_a_vote_that_starts_on_another_day_than_the_notice_announced(written_vote, wuyuehua, alice):
    publish(wuyuehua, alice, NoticeKind.ELECTION, date(2026, 11, 30), event_on=date(2026, 12, 27))
    publish(wuyuehua, alice, NoticeKind.ROSTER_AND_RULES, date(2026, 11, 30))
    with pytest.raises(MeetingDateDiffers, match="载明的会议日期是 2026-12-27，本次投票首日却是 2026-12-20"):
        open_voting(assembly=written_vote, actor=alice)


def test_a_withdrawn_notice_does_not_announce_the_vote(written_vote, wuyuehua, alice):
    meeting = publish(wuyuehua, alice, NoticeKind.ELECTION, date(2026, 12, 1), event_on=FIRST_DAY)
    publish(wuyuehua, alice, NoticeKind.ROSTER_AND_RULES, date(2026, 12, 1))
    withdraw_notice(notice=meeting, reason="会议地点有误", actor=alice)
    with pytest.raises(VoteNotAnnounced, match="召开业主大会公告尚未发布"):
        open_voting(assembly=written_vote, actor=alice)


def test_a_vote_on_a_motion_alone_needs_the_meeting_notice_but_no_roster_of_an_election(wuyuehua, alice):
    motion = create_assembly(community=wuyuehua, title="维修资金表决", opens_at=_at(FIRST_DAY, 8),
                             closes_at=_at(FIRST_DAY, 20), actor=alice)
    add_contest(assembly=motion, spec_id="lift", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title="更换电梯", actor=alice)
    seal_first_box(motion, alice)
    publish(wuyuehua, alice, NoticeKind.ELECTION, date(2026, 12, 5), event_on=FIRST_DAY)
    assert open_voting(assembly=motion, actor=alice).status == AssemblyStatus.OPEN


def test_alice_is_told_on_the_page_what_to_publish_before_voting_can_open(written_vote, alice):
    page = client_for(alice).post(f"/c/wyh/voting/{written_vote.pk}/open/step/", follow=True).content.decode()
    assert "召开业主大会公告尚未发布" in page and "最迟 2026-12-05 发布" in page
