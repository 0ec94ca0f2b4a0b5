"""What the fast cast must still guarantee, and how little it may cost.

Casting was made cheaper (fewer queries, no lock on the assembly row, the flow's state in a
signed cookie instead of a session row, no query on the receipt page); these tests pin the query
budget and show that nothing it guarded was given up: one counted ballot per entity, the
idempotent confirm, the window, the throttle, and that closing the voting waits for a cast in
flight.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import close_old_connections, connection, transaction
from django.test import Client

from huanjie.accounts.errors import TooManyAttempts
from huanjie.accounts.models import AttemptCounter
from huanjie.audit.services import verify_chain
from huanjie.voting.errors import VotingNotOpen, WrongVotingCode
from huanjie.voting.models import AssemblyStatus, Ballot, BallotStatus
from huanjie.voting.services import cast_online_ballot, close_voting, find_paper
from huanjie.voting.views_owner import STATE_COOKIE, STATE_SALT, VERIFIED_FOR_SECONDS
from tests.voting.conftest import YES_BALLOT, paper_of

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")


def paper_of_code(codes: dict[str, str], label: str) -> int:
    from huanjie.voting.models import BallotPaper

    return int(BallotPaper.objects.get(entity__label=label).pk)


def _to_review(client: Client, code: str, tail: str) -> str:
    client.post("/vote/", {"code": code, "phone_last4": tail})
    client.post("/vote/ballot/", YES_BALLOT)
    return client.get("/vote/review/").context["key"]


def test_it_confirms_a_ballot_within_its_query_budget(codes, django_assert_num_queries):
    client = Client()
    key = _to_review(client, codes["1-101"], "0001")
    # PostgreSQL: the paper locked with its assembly and contests, the ballot inserted with the code
    # marked used, the chain head locked, the audit record appended with the head moved: 4. SQLite:
    # paper, contests, ballot, code used, chain head, audit record, head moved: 7. Inside the test's
    # transaction the cast's own transaction is a savepoint pair, counted here too. No session row.
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 9):
        assert client.post("/vote/review/", {"key": key}).url == "/vote/done/"
    with django_assert_num_queries(0):  # the receipt page reads the receipt from the voting cookie
        page = client.get("/vote/done/").content.decode()
    ballot = Ballot.objects.get()
    assert ballot.receipt in page and ballot.status == BallotStatus.COUNTED
    assert not Session.objects.exists()  # how an owner is about to vote is never stored on the server
    assert verify_chain() is None


def test_a_voting_cookie_the_server_did_not_sign_is_worth_nothing(codes):
    client = Client()
    key = _to_review(client, codes["1-101"], "0001")
    signed = client.cookies[STATE_COOKIE].value
    forged = signing.dumps({"paper": paper_of_code(codes, "1-102"), "at": time.time(), "key": key,
                            "choices": YES_BALLOT}, salt="another salt", compress=True)
    for value in (forged, signed[:-2] + "xx", ""):
        client.cookies[STATE_COOKIE] = value
        assert client.post("/vote/review/", {"key": key}).url == "/vote/"
    assert not Ballot.objects.exists()
    client.cookies[STATE_COOKIE] = signed
    assert client.post("/vote/review/", {"key": key}).url == "/vote/done/"
    assert Ballot.objects.get().entity.label == "1-101"


def test_a_verified_paper_expires_after_half_an_hour(codes, monkeypatch):
    client = Client()
    key = _to_review(client, codes["1-101"], "0001")
    later = time.time() + VERIFIED_FOR_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.post("/vote/review/", {"key": key}).url == "/vote/"
    assert not Ballot.objects.exists()


def test_after_the_cast_the_cookie_holds_the_receipt_only(codes):
    client = Client()
    key = _to_review(client, codes["1-101"], "0001")
    client.post("/vote/review/", {"key": key})
    cookie = client.cookies[STATE_COOKIE]
    state = signing.loads(cookie.value, salt=STATE_SALT)
    assert set(state) == {"receipt", "received"} and state["receipt"] == Ballot.objects.get().receipt
    assert cookie["httponly"] and cookie["path"] == "/vote/" and cookie["samesite"] == "Lax"


def test_it_finds_a_paper_in_seven_queries_when_nobody_guessed(codes, django_assert_num_queries):
    # The throttle's one locked step (insert-if-missing, both rows locked, both counted; in the test's
    # transaction a savepoint pair around it: 5), the paper, and the success clearing the count.
    with django_assert_num_queries(7):
        find_paper(code=codes["1-101"], phone_last4="0001", client_key="10.1.1.1")


def test_a_success_after_wrong_digits_clears_the_codes_failures_and_this_clients(codes):
    with pytest.raises(WrongVotingCode):
        find_paper(code=codes["1-101"], phone_last4="9999", client_key="10.1.1.2")
    find_paper(code=codes["1-101"], phone_last4="0001", client_key="10.1.1.2")
    assert set(AttemptCounter.objects.values_list("failures", flat=True)) == {0}


def test_blind_guesses_from_one_address_do_not_stop_a_voter_with_a_real_code_there(codes, settings):
    for guess in range(settings.HUANJIE_LOGIN_MAX_FAILURES * 5):
        with pytest.raises(WrongVotingCode):
            find_paper(code=f"WRNG{guess:04d}", phone_last4="0001", client_key="10.9.9.9")
    assert find_paper(code=codes["1-101"], phone_last4="0001", client_key="10.9.9.9").entity.label == "1-101"


def test_guesses_at_one_code_from_one_address_are_slowed(codes, settings):
    for guess in range(settings.HUANJIE_LOGIN_MAX_FAILURES):
        with pytest.raises(WrongVotingCode):
            find_paper(code="WRNG2345", phone_last4=f"{guess:04d}", client_key="10.9.9.9")
    with pytest.raises(TooManyAttempts):
        find_paper(code="WRNG2345", phone_last4="0001", client_key="10.9.9.9")


def test_a_confirm_resent_after_the_cast_returns_the_same_ballot_by_its_key(codes, open_assembly):
    paper = paper_of(open_assembly, "1-101")
    first = cast_online_ballot(paper=paper.pk, choices=YES_BALLOT, submission_key="tap")
    assert cast_online_ballot(paper=paper.pk, choices=YES_BALLOT, submission_key="tap") == first
    assert Ballot.objects.count() == 1


def test_a_cast_after_the_voting_closed_is_refused(codes, open_assembly, alice):
    close_voting(assembly=open_assembly, actor=alice)
    with pytest.raises(VotingNotOpen):
        cast_online_ballot(paper=paper_of(open_assembly, "1-101").pk, choices=YES_BALLOT, submission_key="late")
    assert not Ballot.objects.exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_closing_the_voting_waits_for_a_cast_in_flight(codes, open_assembly, alice):
    """A cast holds its assembly in share mode until it commits: the close comes after it, never
    between its window check and its commit (which would let the count miss an acknowledged ballot)."""
    paper = paper_of(open_assembly, "1-101")
    cast_done, release, closed_at = threading.Event(), threading.Event(), []

    def owner() -> None:
        try:
            with transaction.atomic():
                cast_online_ballot(paper=paper.pk, choices=YES_BALLOT, submission_key="in-flight")
                cast_done.set()
                release.wait(10)
        finally:
            close_old_connections()

    def working_group() -> None:
        try:
            cast_done.wait(10)
            close_voting(assembly=open_assembly, actor=alice)
            closed_at.append(time.monotonic())
        finally:
            close_old_connections()

    threads = [threading.Thread(target=owner), threading.Thread(target=working_group)]
    for thread in threads:
        thread.start()
    assert cast_done.wait(10)
    time.sleep(0.5)
    assert not closed_at, "the voting closed while a cast was still in flight"
    released_at = time.monotonic()
    release.set()
    for thread in threads:
        thread.join(20)
    assert closed_at and closed_at[0] >= released_at
    open_assembly.refresh_from_db()
    assert open_assembly.status == AssemblyStatus.CLOSED
    assert Ballot.objects.filter(status=BallotStatus.COUNTED).count() == 1
    assert verify_chain() is None
