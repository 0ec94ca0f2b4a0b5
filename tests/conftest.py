"""Shared fixtures: the named people of every test.

Alice works on 五月花 (working group), Bob is on her team, Charlie works on another community
(so may see nothing of Alice's), Wang supervises the street office of both, and Olivia owns a
flat in 五月花.

Every community made here adopted its rules of procedure (业主大会议事规则) at its first assembly
in 2020, with online voting and the law's default count (tests/charter covers communities without).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from huanjie.accounts.models import Membership, Role
from huanjie.roster.models import Building, Community, Owner, Ownership, StreetOffice, Unit
from tests.rules_of_procedure import adopt_rules_of_procedure

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _allowed_hosts(settings):  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    settings.SECURE_SSL_REDIRECT = False
    # Tests create many users; the production hasher's 1,000,000 rounds would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _audit_key_of_the_tests(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Tests sign the audit chain's checkpoints with a key of their own, never the data directory's."""
    from django.test import override_settings

    from huanjie.audit.signing import new_key_file

    folder = tmp_path_factory.mktemp("audit")
    new_key_file(folder / "audit-checkpoint.key")
    with override_settings(AUDIT_CHECKPOINT_KEY_FILE=folder / "audit-checkpoint.key",
                           AUDIT_CHECKPOINT_JOURNAL=folder / "journal.jsonl"):
        yield folder


@pytest.fixture(autouse=True)
def _audit_journal_of_each_test(settings, _audit_key_of_the_tests):  # type: ignore[no-untyped-def]
    # The checkpoint journal outlives a test's database: each test appends to a journal of its own.
    settings.AUDIT_CHECKPOINT_JOURNAL = _audit_key_of_the_tests / f"journal-{os.urandom(6).hex()}.jsonl"


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
    adopt_rules_of_procedure(community)
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
    """TEST DATA, not the State Council's notice: `year` as weekends plus New Year's Day (元旦, fixed by law)."""
    from django.utils import timezone

    from huanjie.holidays.models import DayKind, EnteredDay, EnteredYear

    entered = EnteredYear.objects.create(
        year=year, notice_number="测试数据（非国务院通知）", notice_date=date(year - 1, 11, 1),
        rows_text=f"元旦, {year}-01-01, {year}-01-01", entered_at=timezone.now())
    EnteredDay.objects.create(entered_year=entered, day=date(year, 1, 1), kind=DayKind.OFF, holiday="元旦")
    return entered


@pytest.fixture
def holidays_ahead(db):  # type: ignore[no-untyped-def]
    """Stand-ins for this year and the next where the pinned library lacks them (see _stand_in_year).

    Tests that run on today's date publish notices whose periods reach into the weeks ahead; without
    this they would start failing every December, until the library's release with the next year.
    """
    from django.utils import timezone

    from huanjie.holidays.library import library_years
    from huanjie.holidays.models import EnteredYear

    this_year = timezone.localdate().year
    return [_stand_in_year(year) for year in (this_year, this_year + 1)
            if year not in library_years() and not EnteredYear.objects.filter(year=year).exists()]


@pytest.fixture(autouse=True)
def _holidays_ahead_for_database_tests(request):  # type: ignore[no-untyped-def]
    """Every test with a database gets `holidays_ahead`, except those marked `real_calendar`."""
    uses_database = {"db", "transactional_db", "live_server"} & set(request.fixturenames) or \
        request.node.get_closest_marker("django_db")
    if uses_database and not request.node.get_closest_marker("real_calendar"):
        request.getfixturevalue("holidays_ahead")


@pytest.fixture
def holidays_2027(db):  # type: ignore[no-untyped-def]
    """Test data for tests dated in 2027 that are not about holidays (see _stand_in_year)."""
    from huanjie.holidays.models import EnteredYear

    return EnteredYear.objects.filter(year=2027).first() or _stand_in_year(2027)
