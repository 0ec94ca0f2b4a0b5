from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from huanjie.contingency.models import EventKind, EventPlan
from huanjie.contingency.services import create_plan
from huanjie.reelection.models import Reelection

NOW = timezone.make_aware(datetime(2026, 12, 20, 13, 30))


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def reelection(wuyuehua) -> Reelection:  # type: ignore[no-untyped-def]
    return Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 1),
                                     assembly_date=date(2026, 12, 20))


@pytest.fixture
def election_plan(reelection, alice, now) -> EventPlan:  # type: ignore[no-untyped-def]
    return create_plan(reelection=reelection, kind=EventKind.ELECTION_MEETING,
                       starts_at=timezone.make_aware(datetime(2026, 12, 20, 14, 0)), venue="小区会所二楼",
                       commander="李老师", commander_phone="13800001111", actor=alice)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    # The real hasher takes a quarter second per user made; these tests check plans, not passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
