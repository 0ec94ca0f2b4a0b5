"""Issue 17, item 1: one address guessing voting codes or receipts does not stop online voting.

Behind one proxy (HUANJIE_TRUSTED_PROXIES=1) every request comes from 127.0.0.1; before, 20 wrong
codes from anyone stopped every voter for 15 minutes. 203.0.113.9 guesses; a voter behind the
same address (a mobile network's, a street office's) votes.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.voting.conftest import YES_BALLOT

GUESSER = "203.0.113.9"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):  # type: ignore[no-untyped-def]
    settings.HUANJIE_TRUSTED_PROXIES = 1
    settings.HUANJIE_LOGIN_MAX_FAILURES = 5


def at(address: str) -> Client:
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def test_wrong_voting_codes_from_one_address_do_not_stop_a_voter_at_that_address(codes):
    guesser = at(GUESSER)
    for n in range(40):
        guesser.post("/vote/", {"code": f"WRNG{n:04d}", "phone_last4": "0001"})
    response = at(GUESSER).post("/vote/", {"code": codes["1-101"], "phone_last4": "0001"})
    assert response.status_code == 302 and response["Location"] == "/vote/ballot/"


def test_wrong_receipts_from_one_address_do_not_stop_a_voter_checking_theirs(codes):
    voter = at(GUESSER)
    voter.post("/vote/", {"code": codes["1-101"], "phone_last4": "0001"})
    voter.post("/vote/ballot/", YES_BALLOT)
    voter.post("/vote/review/", {"key": voter.get("/vote/review/").context["key"]})
    receipt = voter.get("/vote/done/").context["receipt"]
    guesser = at(GUESSER)
    for n in range(40):
        guesser.post("/vote/check/", {"receipt": f"WRNGWRNG{n:02d}"})
    page = at(GUESSER).post("/vote/check/", {"receipt": receipt}).content.decode()
    assert "尝试次数过多" not in page and 'data-testid="receipt-status"' in page
