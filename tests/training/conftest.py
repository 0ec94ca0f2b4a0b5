from __future__ import annotations

from datetime import date

import pytest

from huanjie.reelection.models import Reelection

TODAY = date(2027, 1, 20)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def reelection(wuyuehua) -> Reelection:  # type: ignore[no-untyped-def]
    return Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 1),
                                     assembly_date=date(2026, 12, 20))
