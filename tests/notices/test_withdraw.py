from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from huanjie.audit.models import AuditRecord
from huanjie.notices import services
from huanjie.notices.errors import (
    NoticeNotPublished,
    NoticeWithdrawn,
    WithdrawalReasonRequired,
)
from huanjie.notices.models import NoticeKind, NoticeStatus
from tests.conftest import client_for
from tests.notices.conftest import PUBLISHED_ON

REASON = "表决规则第（三）项表述有误，更正后重新公示。"


def test_a_published_notice_is_withdrawn_with_its_reason_on_record(published, alice):
    digest = published.content_sha256
    notice = services.withdraw_notice(notice=published, reason=REASON, actor=alice)
    assert notice.status == NoticeStatus.WITHDRAWN and notice.withdrawn_reason == REASON
    assert notice.content_sha256 == digest  # the text stays as it was published
    record = AuditRecord.objects.get(code="notice.withdrawn", target_id=str(notice.pk))
    assert record.data["after"]["reason"] == REASON


def test_a_withdrawal_needs_a_reason_and_a_published_notice(published, wuyuehua, alice):
    with pytest.raises(WithdrawalReasonRequired):
        services.withdraw_notice(notice=published, reason="  ", actor=alice)
    draft = services.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.FREE, title="草稿",
                                   body="草稿", issuer="小组", period_days=0, actor=alice)
    with pytest.raises(NoticeNotPublished):
        services.withdraw_notice(notice=draft, reason=REASON, actor=alice)
    services.withdraw_notice(notice=published, reason=REASON, actor=alice)
    with pytest.raises(NoticeNotPublished):
        services.withdraw_notice(notice=published, reason=REASON, actor=alice)


def test_a_withdrawn_notice_takes_no_objections_and_starts_no_step(published, alice):
    services.withdraw_notice(notice=published, reason=REASON, actor=alice)
    published.refresh_from_db()
    with pytest.raises(NoticeNotPublished):
        services.raise_objection(notice=published, text="面积不对", objector_name="甲先生", objector_unit=None,
                                 actor=None, today=PUBLISHED_ON)
    with pytest.raises(NoticeWithdrawn) as raised:
        services.ensure_next_step_may_start(notice=published, today=PUBLISHED_ON.replace(year=2027))
    assert REASON in str(raised.value)


def test_the_public_page_and_pdf_say_it_was_withdrawn_and_why(client, published, alice):
    services.withdraw_notice(notice=published, reason=REASON, actor=alice)
    page = client.get(f"/n/{published.public_token}/").content.decode()
    assert "本公告已于" in page and "撤回，不再有效" in page and REASON in page
    assert "公示期内已收到异议" not in page
    data = client.get(f"/n/{published.public_token}/pdf/").content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "【已撤回】" in text and "表决规则第（三）项表述有误" in text


def test_alice_withdraws_from_the_notice_page_and_owners_see_it_marked(alice, olivia, published, wuyuehua):
    client = client_for(alice)
    response = client.post(f"/c/{wuyuehua.slug}/notices/{published.pk}/withdraw/", {"reason": ""}, follow=True)
    published.refresh_from_db()
    assert published.status == NoticeStatus.PUBLISHED and "未撤回" in response.content.decode()
    client.post(f"/c/{wuyuehua.slug}/notices/{published.pk}/withdraw/", {"reason": REASON})
    published.refresh_from_db()
    assert published.status == NoticeStatus.WITHDRAWN and published.withdrawn_by == alice
    owner = client_for(olivia)
    assert "已撤回" in owner.get(f"/c/{wuyuehua.slug}/notices/owner/").content.decode()
    detail = owner.get(f"/c/{wuyuehua.slug}/notices/owner/{published.pk}/").content.decode()
    assert REASON in detail and "提交异议" not in detail


def test_charlie_cannot_withdraw_a_wuyuehua_notice(charlie, published, wuyuehua):
    response = client_for(charlie).post(f"/c/{wuyuehua.slug}/notices/{published.pk}/withdraw/", {"reason": REASON})
    assert response.status_code == 404
    published.refresh_from_db()
    assert published.status == NoticeStatus.PUBLISHED
