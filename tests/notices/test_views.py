from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from huanjie.notices import services
from huanjie.notices.models import Notice, NoticeKind, NoticeStatus
from tests.conftest import client_for


def test_the_public_copy_opens_without_login(client, published):
    response = client.get(f"/n/{published.public_token}/")
    assert response.status_code == 200
    assert "业主名册及表决规则公示" in response.content.decode()


def test_a_draft_has_no_public_copy(client, draft):
    assert client.get(f"/n/{draft.public_token}/").status_code == 404


def test_the_public_pdf_downloads_without_login(client, published):
    response = client.get(f"/n/{published.public_token}/pdf/?layout=lift")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_it_hides_a_communitys_notices_from_charlie(charlie, published, wuyuehua):
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/notices/{published.pk}/").status_code == 404


def test_an_owner_cannot_open_the_staff_pages(olivia, published, wuyuehua):
    assert client_for(olivia).get(f"/c/{wuyuehua.slug}/notices/").status_code == 404


def test_alice_drafts_and_publishes_a_notice(alice, wuyuehua):
    client = client_for(alice)
    response = client.post(f"/c/{wuyuehua.slug}/notices/", {
        "kind": NoticeKind.FREE, "title": "停水通知", "body": "明日停水。", "issuer": "换届改选小组", "period_days": 0})
    notice = Notice.objects.get()
    assert response["Location"] == f"/c/{wuyuehua.slug}/notices/{notice.pk}/"
    client.post(f"/c/{wuyuehua.slug}/notices/{notice.pk}/publish/", {"confirm": "yes"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED and notice.published_on == timezone.localdate()
    page = client.get(f"/c/{wuyuehua.slug}/notices/{notice.pk}/").content.decode()
    assert f"/n/{notice.public_token}/" in page and "【五月花生活广场】停水通知" in page


def test_publishing_an_incomplete_notice_says_what_is_missing(alice, wuyuehua):
    client = client_for(alice)
    notice = services.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.FREE, title="",
                                    body="", issuer="x", period_days=0, actor=alice)
    response = client.post(f"/c/{wuyuehua.slug}/notices/{notice.pk}/publish/", {"confirm": "yes"}, follow=True)
    assert "标题、正文" in response.content.decode()


@pytest.mark.parametrize("days_after, accepted", [(0, True), (7, True), (8, False)])
def test_an_owner_objects_online_only_within_the_period(olivia, alice, wuyuehua, days_after, accepted):
    today = timezone.localdate()
    notice = services.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.ROSTER_AND_RULES,
                                    title="名册公示", body="名册", issuer="小组", period_days=7, actor=alice)
    services.publish_notice(notice=notice, actor=alice, today=today - timezone.timedelta(days=days_after))
    client_for(olivia).post(f"/c/{wuyuehua.slug}/notices/owner/{notice.pk}/", {"text": "我家面积不对", "subject": ""})
    assert notice.objections.exists() is accepted
    if accepted:
        assert notice.objections.get().objector_unit.code == "1-101"


def test_an_owner_reads_the_answer_to_their_objection(olivia, alice, wuyuehua):
    notice = services.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.ROSTER_AND_RULES,
                                    title="名册公示", body="名册", issuer="小组", period_days=7, actor=alice)
    services.publish_notice(notice=notice, actor=alice, today=timezone.localdate())
    objection = services.raise_objection(notice=notice, text="面积不对", objector_name="甲先生", objector_unit=None,
                                         actor=olivia, today=timezone.localdate())
    services.decide_objection(objection=objection, upheld=True, reason="已按产证更正为 88.60 平方米。", actor=alice)
    page = client_for(olivia).get(f"/c/{wuyuehua.slug}/notices/owner/").content.decode()
    assert "已按产证更正为 88.60 平方米。" in page


def test_staff_record_a_paper_objection_naming_a_unit_of_the_roster(alice, published, wuyuehua):
    published.published_on, published.period_ends_on = date(2000, 1, 1), date(2099, 1, 1)
    published.save()
    client_for(alice).post(f"/c/{wuyuehua.slug}/notices/{published.pk}/objections/", {
        "objector_name": "乙先生", "unit_code": "9-999", "text": "有误", "subject": ""})
    assert not published.objections.exists()
    client_for(alice).post(f"/c/{wuyuehua.slug}/notices/{published.pk}/objections/", {
        "objector_name": "乙先生", "unit_code": "1-102", "text": "有误", "subject": ""})
    assert published.objections.get().objector_unit.code == "1-102"
