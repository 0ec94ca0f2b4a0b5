"""Joint recommendation online (业主联名推荐) and the nomination period of the call for candidates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest

from huanjie.accounts.models import Role
from huanjie.candidates.errors import (
    NominationPeriodOver,
    NotCollecting,
    NotYourUnit,
    SupporterRejected,
)
from huanjie.candidates.models import NominationMethod, NominationStatus
from huanjie.candidates.services import nominations, recruitment
from huanjie.notices import services as notices
from huanjie.roster.models import Owner, Ownership, Unit, UnitStatus
from tests.candidates.conftest import PROFILE, nominate
from tests.conftest import client_for, make_user

CALLED_ON = date(2026, 11, 2)


@pytest.fixture
def more_units(wuyuehua):  # type: ignore[no-untyped-def]
    """乙先生 owns a second flat (1-202); the developer still holds 1-301."""
    building = wuyuehua.buildings.get()
    second = Unit.objects.create(community=wuyuehua, building=building, code="1-202", area=Decimal("70.00"))
    Ownership.objects.create(community=wuyuehua, unit=second, owner=wuyuehua.owners.get(name="乙先生"))
    unsold = Unit.objects.create(community=wuyuehua, building=building, code="1-301", area=Decimal("90.00"),
                                 status=UnitStatus.UNSOLD)
    developer = Owner.objects.create(community=wuyuehua, identifier="developer", name="某置业有限公司")
    Ownership.objects.create(community=wuyuehua, unit=unsold, owner=developer)
    return wuyuehua


@pytest.fixture
def called(round_, alice):  # type: ignore[no-untyped-def]
    """The call for candidates published on 2 November with a ten-day period: the 3rd to the 12th."""
    notice = recruitment.draft_call_notice(recruitment=round_, actor=alice, days=10)
    notices.publish_notice(notice=notice, actor=alice, today=CALLED_ON)
    round_.refresh_from_db()
    return round_


def freeze(day: date):  # type: ignore[no-untyped-def]
    """Pin `timezone.localdate()` (the views' today) to `day`."""
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def start(round_, code="1-101", today=CALLED_ON):  # type: ignore[no-untyped-def]
    unit = round_.community.units.get(code=code)
    return nominations.start_joint_nomination(recruitment=round_, owner=unit.owners.get(), unit=unit,
                                              profile=PROFILE, consent=True, actor=None, today=today)


def sign(nomination, code, today=CALLED_ON, owner=None):  # type: ignore[no-untyped-def]
    unit = Unit.objects.get(community_id=nomination.community_id, code=code)
    return nominations.cosign(nomination=nomination, unit=unit, owner=owner or unit.owners.first(), actor=None,
                              today=today)


def test_nominations_close_at_the_end_of_the_calls_period(called, alice):
    assert nominations.nomination_deadline(called) == date(2026, 11, 12)
    unit = called.community.units.get(code="1-101")
    with pytest.raises(NominationPeriodOver) as raised:
        nominations.nominate(recruitment=called, owner=unit.owners.get(), unit=unit, method=NominationMethod.SELF,
                             channel="online", profile=PROFILE, consent=True, actor=alice, today=date(2026, 11, 13))
    assert "2026-11-12" in str(raised.value)
    nomination = nominations.nominate(recruitment=called, owner=unit.owners.get(), unit=unit, method="self",
                                      channel="online", profile=PROFILE, consent=True, actor=alice,
                                      today=date(2026, 11, 12))
    assert nomination.candidate.status == "nominated"


def test_a_joint_recommendation_becomes_a_nomination_with_the_last_signature_needed(called, more_units):
    nomination = start(called)
    assert nomination.status == NominationStatus.COLLECTING and not hasattr(nomination, "candidate")
    sign(nomination, "1-102")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.COLLECTING
    sign(nomination, "1-201")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.candidate.checks.get(condition="owner").met
    assert sorted(s.unit.code for s in nomination.supporters.all()) == ["1-102", "1-201"]
    with pytest.raises(NotCollecting):
        sign(nomination, "1-202")


@pytest.mark.parametrize("code, reason", [
    ("1-101", "被推荐人本人的房屋不计入联名"),
    ("1-301", "建设单位未出售或未交付的房屋不计入联名"),
])
def test_the_nominee_and_the_developer_do_not_co_sign(called, more_units, code, reason):
    nomination = start(called)
    with pytest.raises(SupporterRejected) as raised:
        sign(nomination, code, owner=nomination.owner if code == "1-101" else None)
    assert reason in str(raised.value)


def test_it_rejects_a_co_signer_who_does_not_own_the_unit(called, more_units):
    nomination = start(called)
    with pytest.raises(NotYourUnit):
        sign(nomination, "1-102", owner=more_units.owners.get(name="丙先生"))


def test_an_owner_of_two_flats_signs_once(called, more_units):
    nomination = start(called)
    sign(nomination, "1-102")
    with pytest.raises(SupporterRejected) as raised:
        sign(nomination, "1-202")
    assert "与 1-102 属同一业主" in str(raised.value)


def test_signatures_close_with_the_period(called):
    nomination = start(called)
    with pytest.raises(NominationPeriodOver):
        sign(nomination, "1-102", today=date(2026, 11, 13))


def test_a_paper_joint_form_follows_the_same_rules(round_, more_units, alice):
    units = more_units.units
    with pytest.raises(SupporterRejected):
        nominate(round_, "1-101", alice, method=NominationMethod.JOINT,
                 supporters=[units.get(code="1-102"), units.get(code="1-202")])
    with pytest.raises(SupporterRejected):
        nominate(round_, "1-101", alice, method=NominationMethod.JOINT,
                 supporters=[units.get(code="1-301"), units.get(code="1-201")])


def test_neighbours_co_sign_from_their_phones(called, olivia, wuyuehua):
    with freeze(CALLED_ON + timedelta(days=1)):
        client = client_for(olivia)
        client.post(f"/c/{wuyuehua.slug}/candidates/mine/apply/", {
            "owner": f"{wuyuehua.units.get(code='1-101').pk}:{wuyuehua.owners.get(name='甲先生').pk}",
            "how": "joint", "gender": "female", "age_band": "36-50", "occupation": "会计师",
            "time_available": "evenings", "statement": "把账管清楚", "consent": "on"})
        nomination = called.nominations.get()
        assert nomination.status == NominationStatus.COLLECTING
        assert "已联名 0 / 2 户" in client.get(f"/c/{wuyuehua.slug}/candidates/mine/").content.decode()
        for code, name in (("1-102", "乙先生"), ("1-201", "丙先生")):
            neighbour = make_user(f"owner-{code}", Role.OWNER, community=wuyuehua,
                                  unit=wuyuehua.units.get(code=code))
            phone = client_for(neighbour)
            assert "甲先生" in phone.get(f"/c/{wuyuehua.slug}/candidates/mine/joint/").content.decode()
            owner = wuyuehua.owners.get(name=name)
            phone.post(f"/c/{wuyuehua.slug}/candidates/mine/joint/{nomination.pk}/", {
                "owner": f"{wuyuehua.units.get(code=code).pk}:{owner.pk}", "confirm": "on"})
        nomination.refresh_from_db()
        assert nomination.status == NominationStatus.SUBMITTED
        assert nomination.supporters.filter(signed_by__isnull=False).count() == 2


def test_after_the_deadline_the_phone_page_says_nominations_closed(called, olivia, wuyuehua):
    with freeze(date(2026, 11, 13)):
        page = client_for(olivia).get(f"/c/{wuyuehua.slug}/candidates/mine/").content.decode()
    assert "候选人报名已于 2026年11月12日 截止" in page and 'data-testid="apply"' not in page
