from __future__ import annotations

from datetime import date, timedelta

import pytest

from huanjie.audit.models import AuditRecord
from huanjie.notices import services
from huanjie.notices.errors import NoticeIncomplete, NoticeNotDraft, NoticePeriodNotOver
from huanjie.notices.models import Channel, NoticeKind, NoticeStatus
from tests.notices.conftest import PUBLISHED_ON


def test_it_counts_the_period_from_the_day_after_publication(published):
    assert published.status == NoticeStatus.PUBLISHED
    assert published.period_starts_on == date(2026, 12, 2)
    assert published.period_ends_on == date(2026, 12, 8)  # seven days: 2nd to 8th (Civil Code art. 201)


def test_publishing_fixes_the_text_with_its_hash_and_posts_it_on_the_web(published):
    assert len(published.content_sha256) == 64
    assert [p.channel for p in published.postings.all()] == [Channel.WEB]
    assert AuditRecord.objects.filter(code="notice.published", target_id=str(published.pk)).exists()


def test_it_refuses_to_publish_a_notice_without_its_required_fields(wuyuehua, alice):
    notice = services.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.CANDIDATE_LIST,
                                    title="", body="正文", issuer="", period_days=0, actor=alice)
    with pytest.raises(NoticeIncomplete) as raised:
        services.publish_notice(notice=notice, actor=alice, today=PUBLISHED_ON)
    assert "标题" in str(raised.value) and "落款" in str(raised.value) and "公示期" in str(raised.value)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT and notice.published_on is None


def test_a_published_notice_cannot_be_edited_or_published_again(published, alice):
    with pytest.raises(NoticeNotDraft):
        services.edit_notice(notice=published, title="改", body="改", issuer="改", period_days=1, event_on=None,
                             actor=alice)
    with pytest.raises(NoticeNotDraft):
        services.publish_notice(notice=published, actor=alice, today=PUBLISHED_ON)


def test_the_next_step_waits_until_the_day_after_the_period(published):
    with pytest.raises(NoticePeriodNotOver) as raised:
        services.ensure_next_step_may_start(notice=published, today=date(2026, 12, 8))
    assert "2026-12-09" in str(raised.value)
    services.ensure_next_step_may_start(notice=published, today=date(2026, 12, 9))


def test_an_announcement_needs_no_period(wuyuehua, alice):
    notice = services.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.ELECTION,
                                    title="召开业主大会公告", body="定于…召开。", issuer="换届改选小组", period_days=0,
                                    actor=alice, event_on=PUBLISHED_ON + timedelta(days=20))
    notice = services.publish_notice(notice=notice, actor=alice, today=PUBLISHED_ON)
    assert notice.period_ends_on == PUBLISHED_ON
