from __future__ import annotations

from datetime import date

import pytest

from huanjie.notices import services
from huanjie.notices.models import NoticeKind

PUBLISHED_ON = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    # The named users' password hashes are not what these tests are about; keep setup fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def draft(wuyuehua, alice):  # type: ignore[no-untyped-def]
    return services.create_notice(
        community=wuyuehua, reelection=None, kind=NoticeKind.ROSTER_AND_RULES, title="业主名册及表决规则公示",
        body="现将业主名册及表决规则公示如下。", issuer="五月花生活广场业主委员会换届改选小组", period_days=7,
        actor=alice)


@pytest.fixture
def published(draft, alice):  # type: ignore[no-untyped-def]
    return services.publish_notice(notice=draft, actor=alice, today=PUBLISHED_ON)
