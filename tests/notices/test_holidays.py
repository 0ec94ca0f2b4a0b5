"""A 公示 whose last day is a statutory rest day runs to the next working day (Civil Code art. 203 ¶1).

Issue 16: a 7-day 公示 published 2026-09-30 closed on 10-07 (National Day) and refused an objection
on 10-08; one published 2026-02-08 fell entirely in the Spring Festival.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from huanjie.audit.models import AuditRecord
from huanjie.holidays.selectors import app_calendar
from huanjie.notices import services
from huanjie.notices.errors import NoticeHolidaysNotVerified, NoticePeriodNotOver, ObjectionOutsidePeriod
from huanjie.notices.models import NoticeStatus
from huanjie.notices.pdf import group_message, period_line
from huanjie.rules.restdays import HolidaysNotVerified
from huanjie.rules.timeline import period_end
from tests.conftest import client_for


def object_to(notice, user, today):
    return services.raise_objection(notice=notice, text="面积不符", objector_name="甲先生",
                                    objector_unit=notice.community.units.get(code="1-101"), actor=user, today=today)


def test_an_objection_on_10_08_to_a_notice_published_on_09_30_is_accepted(draft, alice, olivia):
    notice = services.publish_notice(notice=draft, actor=alice, today=date(2026, 9, 30))
    assert (notice.period_ends_on, notice.period_moved_from, notice.period_moved_reason) == (
        date(2026, 10, 8), date(2026, 10, 7), "国庆节")
    assert object_to(notice, olivia, date(2026, 10, 8)).is_open
    with pytest.raises(ObjectionOutsidePeriod):
        object_to(notice, olivia, date(2026, 10, 9))
    with pytest.raises(NoticePeriodNotOver):
        services.ensure_next_step_may_start(notice=notice, today=date(2026, 10, 8))
    published = AuditRecord.objects.get(code="notice.published").data["after"]
    assert published["period_moved_from"] == "2026-10-07" and published["period_moved_reason"] == "国庆节"


def test_a_notice_published_in_the_spring_festival_runs_past_it(draft, alice):
    notice = services.publish_notice(notice=draft, actor=alice, today=date(2026, 2, 8))
    assert notice.period_ends_on == date(2026, 2, 24)
    assert "2026年02月24日" in period_line(notice) and "02月15日为春节" in period_line(notice)
    assert "第二百零三条" in period_line(notice)
    assert "顺延" in group_message(notice, public_url="https://x/n/t/", community_name="五月花")


def test_a_period_ending_on_a_working_day_is_not_moved(draft, alice):
    notice = services.publish_notice(notice=draft, actor=alice, today=date(2026, 9, 13))  # 09-20: a Sunday worked
    assert (notice.period_ends_on, notice.period_moved_from, notice.period_moved_reason) == (
        date(2026, 9, 20), None, "")
    assert "顺延" not in period_line(notice)


def test_a_period_ending_in_a_year_not_verified_is_not_published(draft, alice):
    with pytest.raises(NoticeHolidaysNotVerified) as raised:
        services.publish_notice(notice=draft, actor=alice, today=date(2035, 3, 1))
    assert "2035" in str(raised.value) and "未核对节假日" in str(raised.value)
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT


def test_the_draft_page_says_when_the_period_would_end_or_that_the_year_is_not_verified(draft, alice):
    text = client_for(alice).get(reverse("notices:detail", args=[draft.community.slug, draft.pk])).content.decode()
    try:
        end = period_end(timezone.localdate(), days=7, calendar=app_calendar())
    except HolidaysNotVerified:
        assert "未核对节假日" in text and "请系统管理员录入" in text
    else:
        assert f"今天发布，公示期至 {end.last_day.isoformat()}" in text
