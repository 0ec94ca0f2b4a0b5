"""Shared fixtures: the named people of every test.

Alice works on 五月花 (working group), Bob is on her team, Charlie works on another community
(so may see nothing of Alice's), Wang supervises the street office of both, and Olivia owns a
flat in 五月花.
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from huanjie.accounts.models import Membership, Role
from huanjie.roster.models import Building, Community, Owner, Ownership, StreetOffice, Unit

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _allowed_hosts(settings):  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    settings.SECURE_SSL_REDIRECT = False
    # Tests create many users; the production hasher's 1,000,000 rounds would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    # A request through LocaleMiddleware leaves its language active in the thread; start each test in Chinese.
    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def office(db) -> StreetOffice:  # type: ignore[no-untyped-def]
    return StreetOffice.objects.create(name="芷江西路街道", code="zjxl")


@pytest.fixture
def other_office(db) -> StreetOffice:  # type: ignore[no-untyped-def]
    return StreetOffice.objects.create(name="彭浦新村街道", code="ppxc")


def make_community(office: StreetOffice, slug: str, name: str) -> Community:
    community = Community.objects.create(street_office=office, slug=slug, name=name)
    building = Building.objects.create(community=community, name="1号楼", sort_key=1)
    for n, (code, area, owner) in enumerate([("1-101", "88.50", "甲"), ("1-102", "120.25", "乙"),
                                            ("1-201", "65.00", "丙")], start=1):
        unit = Unit.objects.create(community=community, building=building, code=code, floor=n, area=Decimal(area))
        person = Owner.objects.create(community=community, identifier=f"{slug}-{owner}", name=f"{owner}先生",
                                      phone=f"1380000{n:04d}")
        Ownership.objects.create(community=community, unit=unit, owner=person)
    return community


@pytest.fixture
def wuyuehua(office) -> Community:  # type: ignore[no-untyped-def]
    return make_community(office, "wyh", "五月花生活广场")


@pytest.fixture
def elsewhere(other_office) -> Community:  # type: ignore[no-untyped-def]
    return make_community(other_office, "else", "别处小区")


def make_user(username: str, role: str, *, community: Community | None = None,
              office: StreetOffice | None = None, unit: Unit | None = None):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, role=role, community=community, street_office=office, unit=unit)
    return user


@pytest.fixture
def alice(wuyuehua):  # type: ignore[no-untyped-def]
    return make_user("alice", Role.WORKING_GROUP, community=wuyuehua)


@pytest.fixture
def bob(wuyuehua):  # type: ignore[no-untyped-def]
    return make_user("bob", Role.WORKING_GROUP, community=wuyuehua)


@pytest.fixture
def charlie(elsewhere):  # type: ignore[no-untyped-def]
    return make_user("charlie", Role.WORKING_GROUP, community=elsewhere)


@pytest.fixture
def wang(office):  # type: ignore[no-untyped-def]
    return make_user("wang", Role.SUPERVISOR, office=office)


@pytest.fixture
def olivia(wuyuehua):  # type: ignore[no-untyped-def]
    return make_user("olivia", Role.OWNER, community=wuyuehua, unit=wuyuehua.units.get(code="1-101"))


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _stand_in_year(year: int):  # type: ignore[no-untyped-def]
    from datetime import date

    from huanjie.holidays.services import enter_year

    return enter_year(year=year, notice_number="测试数据（非国务院通知）", notice_date=date(year - 1, 11, 1),
                      rows_text=f"元旦, {year}-01-01, {year}-01-01", actor=None)


@pytest.fixture
def holidays_ahead(db):  # type: ignore[no-untyped-def]
    """TEST DATA for tests that run on today's date: this year and the next, where the library lacks them,
    as weekends plus New Year's Day — so that such tests do not start failing each December."""
    from django.utils import timezone

    from huanjie.holidays.library import library_years

    this_year = timezone.localdate().year
    return [_stand_in_year(year) for year in (this_year, this_year + 1) if year not in library_years()]


@pytest.fixture
def holidays_2027(db):  # type: ignore[no-untyped-def]
    """TEST DATA, not the State Council's notice: 2027 as weekends plus New Year's Day (元旦, fixed by law).

    The pinned library stops at 2026, so a period ending in 2027 is refused until an administrator
    enters the year. Tests dated in 2027 that are not about holidays enter this stand-in instead.
    """
    return _stand_in_year(2027)
