"""Issue 17, items 1 and 3: behind the reverse proxy every owner shares the proxy's address, and a
guesser must not be able to lock out the people whose names or units they guess at.

huanjie runs behind one proxy here (HUANJIE_TRUSTED_PROXIES=1): every request comes from
127.0.0.1, and X-Forwarded-For says who the client is. 203.0.113.9 guesses; the others are the
real owners and staff, on their own phones or behind the same address.
"""

from __future__ import annotations

import pytest
from django.test import Client

from huanjie.accounts.services import issue_owner_codes
from huanjie.audit.models import AuditRecord
from tests.conftest import PASSWORD

GUESSER, OWNER, OTHER = "203.0.113.9", "198.51.100.7", "192.0.2.44"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):  # type: ignore[no-untyped-def]
    settings.HUANJIE_TRUSTED_PROXIES = 1
    settings.HUANJIE_LOGIN_MAX_FAILURES = 5


def through_proxy(address: str, spoofed: str = "") -> Client:
    """A browser at `address`; the proxy (127.0.0.1) appends it to whatever the browser sent."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{spoofed}, {address}" if spoofed else address)


def owner_sign_in(client: Client, unit: str, code: str, tail: str = "0001"):  # type: ignore[no-untyped-def]
    return client.post("/accounts/owner/", {"community": "wyh", "unit": unit, "phone_last4": tail, "code": code})


@pytest.fixture
def letter(wuyuehua, alice):  # type: ignore[no-untyped-def]
    return issue_owner_codes(community=wuyuehua, units=[wuyuehua.units.get(code="1-101")], actor=alice)[0]


def test_guessing_owner_codes_from_one_address_does_not_stop_an_owner_at_the_same_address(wuyuehua, letter):
    guesser = through_proxy(GUESSER)
    for n in range(30):  # one guess at each of 30 units: before, the 20th locked the address for everyone
        owner_sign_in(guesser, f"{n // 10 + 1}-{n % 10 + 101}", f"WRONG{n:03d}")
    neighbour = through_proxy(GUESSER)  # the same address: a mobile network, a street office
    assert owner_sign_in(neighbour, "1-101", letter.code)["Location"] == "/c/wyh/me/"


def test_guessing_one_units_code_slows_the_guesser_but_the_owner_signs_in_from_home(wuyuehua, letter):
    guesser = through_proxy(GUESSER)
    for n in range(5):
        owner_sign_in(guesser, "1-101", f"WRONG{n:03d}")
    assert "尝试次数过多" in owner_sign_in(guesser, "1-101", letter.code).content.decode()
    home = through_proxy(OWNER)
    assert owner_sign_in(home, "1-101", letter.code)["Location"] == "/c/wyh/me/"
    # The owner is told on their page, once; the audit chain keeps it, naming the unit.
    page = home.get("/c/wyh/me/").content.decode()
    assert 'data-testid="sign-in-failures"' in page and "有人 5 次用您房屋的登录码登录失败" in page
    assert 'data-testid="sign-in-failures"' not in home.get("/c/wyh/me/").content.decode()
    record = AuditRecord.objects.get(code="accounts.signin.throttled")
    assert (record.target_label, record.data) == ("1-101", {"step": "owner", "failures": 5})


def test_a_spoofed_forwarded_for_does_not_give_the_guesser_a_fresh_address(wuyuehua, letter):
    for n in range(5):
        owner_sign_in(through_proxy(GUESSER, spoofed=f"10.0.0.{n}"), "1-101", f"WRONG{n:03d}")
    response = owner_sign_in(through_proxy(GUESSER, spoofed="10.0.0.99"), "1-101", letter.code)
    assert "尝试次数过多" in response.content.decode()


def test_guessing_alices_password_slows_the_guesser_and_alice_signs_in_and_is_told(alice):
    guesser = through_proxy(GUESSER)
    for _ in range(5):
        guesser.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    refused = guesser.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert refused.status_code == 200 and "尝试次数过多" in refused.content.decode()
    alice_at_work = through_proxy(OWNER)
    response = alice_at_work.post("/accounts/login/", {"username": "alice", "password": PASSWORD}, follow=True)
    assert response.redirect_chain and "有人 5 次用您的账号登录失败" in response.content.decode()
    record = AuditRecord.objects.get(code="accounts.signin.throttled")
    assert (record.target_label, record.data) == ("alice", {"step": "password", "failures": 5})


def test_the_admin_sign_in_lets_the_right_password_through_from_another_address(admin_user):
    guesser = through_proxy(GUESSER)
    for page in ("/accounts/login/", "/admin/login/") * 3:  # failures on either page count together
        guesser.post(page, {"username": admin_user.username, "password": "wrong"})
    assert "尝试次数过多" in guesser.post("/admin/login/", {"username": admin_user.username,
                                                         "password": "password"}).content.decode()
    response = through_proxy(OTHER).post("/admin/login/?next=/admin/",
                                         {"username": admin_user.username, "password": "password"})
    assert response.status_code == 302 and response["Location"] == "/admin/"

