from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from huanjie.accounts.errors import OwnerCodeExpired, OwnerCodeVoided, OwnerSignInFailed, TooManyAttempts
from huanjie.accounts.models import OwnerAccessCode
from huanjie.accounts.services import issue_owner_codes, sign_in_owner


@pytest.fixture
def letter(wuyuehua, alice):
    unit = wuyuehua.units.get(code="1-101")
    return issue_owner_codes(community=wuyuehua, units=[unit], actor=alice)[0]


def test_an_owner_signs_in_with_unit_phone_tail_and_the_letters_code(client, wuyuehua, letter):
    response = client.post("/accounts/owner/", {"community": "wyh", "unit": "1-101", "phone_last4": "0001",
                                                "code": letter.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == "/c/wyh/me/"
    assert "1-101" in client.get("/c/wyh/me/").content.decode()


def test_the_code_works_only_once(wuyuehua, letter):
    sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=letter.code, client_key="a")
    with pytest.raises(OwnerSignInFailed):
        sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=letter.code, client_key="a")


def test_a_wrong_phone_tail_is_refused_without_saying_which_part_was_wrong(client, wuyuehua, letter):
    response = client.post("/accounts/owner/", {"community": "wyh", "unit": "1-101", "phone_last4": "9999",
                                                "code": letter.code})
    assert "房号、手机号后四位或登录码不正确" in response.content.decode()


def test_a_new_letter_revokes_the_old_code(wuyuehua, alice, letter):
    unit = wuyuehua.units.get(code="1-101")
    issue_owner_codes(community=wuyuehua, units=[unit], actor=alice)
    with pytest.raises(OwnerSignInFailed):
        sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=letter.code, client_key="a")


def test_guessing_a_units_code_slows_the_guessing_client_but_not_the_owner(wuyuehua, letter, settings):
    settings.HUANJIE_LOGIN_MAX_FAILURES = 5
    for attempt in range(5):
        with pytest.raises(OwnerSignInFailed):
            sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=f"WRONG{attempt}",
                          client_key="203.0.113.9")
    with pytest.raises(TooManyAttempts):  # the guesser waits, even with the right code
        sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=letter.code,
                      client_key="203.0.113.9")
    user = sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=letter.code,
                         client_key="198.51.100.7")
    assert user.username.startswith("owner-")


def test_the_owner_stays_signed_in_for_thirty_days_from_sign_in_not_from_the_last_visit(client, wuyuehua, letter):
    client.post("/accounts/owner/", {"community": "wyh", "unit": "1-101", "phone_last4": "0001",
                                     "code": letter.code})
    session = client.session
    assert 30 * 24 * 3600 - 60 < session.get_expiry_age() <= 30 * 24 * 3600
    expires = session.get_expiry_date()
    session["touched"] = True  # a later visit that changes the session does not push the end back
    session.save()
    assert client.session.get_expiry_date() == expires


def test_a_reused_code_says_when_it_was_used(client, wuyuehua, letter):
    sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=letter.code, client_key="a")
    response = Client().post("/accounts/owner/", {"community": "wyh", "unit": "1-101", "phone_last4": "0001",
                                                  "code": letter.code})
    used = OwnerAccessCode.objects.get(unit__code="1-101", community=wuyuehua).used_at
    assert f"这个登录码已于 {timezone.localtime(used):%Y-%m-%d %H:%M} 用过" in response.content.decode()


def test_a_code_voided_by_a_new_letter_says_so(wuyuehua, alice, letter):
    unit = wuyuehua.units.get(code="1-101")
    issue_owner_codes(community=wuyuehua, units=[unit], actor=alice)
    with pytest.raises(OwnerCodeVoided, match="补发了新的告业主书"):
        sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=letter.code, client_key="a")


def test_a_code_signs_in_through_its_last_day_and_not_after(wuyuehua, alice):
    unit = wuyuehua.units.get(code="1-101")
    today = timezone.localdate()
    [today_s] = issue_owner_codes(community=wuyuehua, units=[unit], actor=alice, expires_on=today)
    sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=today_s.code, client_key="a")
    [yesterday_s] = issue_owner_codes(community=wuyuehua, units=[unit], actor=alice,
                                      expires_on=today - timedelta(days=1))
    with pytest.raises(OwnerCodeExpired, match=f"有效期至 {today - timedelta(days=1)}"):
        sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=yesterday_s.code,
                      client_key="a")


def test_someone_without_the_owner_s_phone_digits_learns_nothing_about_a_used_code(wuyuehua, letter):
    sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="0001", code=letter.code, client_key="a")
    with pytest.raises(OwnerSignInFailed) as refused:
        sign_in_owner(community=wuyuehua, unit_code="1-101", phone_last4="9999", code=letter.code, client_key="b")
    assert type(refused.value) is OwnerSignInFailed
