from __future__ import annotations

from datetime import timedelta

from django.test import Client

from huanjie.voting.models import Ballot, BallotStatus


def _start(client: Client, code: str, tail: str = "0001"):  # type: ignore[no-untyped-def]
    return client.post("/vote/", {"code": code, "phone_last4": tail})


def test_an_owner_votes_on_a_phone_and_gets_a_receipt(codes):
    client = Client()
    assert _start(client, codes["1-101"]).url == "/vote/ballot/"
    page = client.get("/vote/ballot/")
    assert "同意 · 张三" in page.content.decode() and "最多 2 人" in page.content.decode()
    assert client.post("/vote/ballot/", {"committee": ["张三", "李四"], "lift-fund": "yes"}).url == "/vote/review/"
    review = client.get("/vote/review/")
    assert "张三、李四" in review.content.decode()
    key = review.context["key"]
    assert client.post("/vote/review/", {"key": key}).url == "/vote/done/"
    ballot = Ballot.objects.get()
    assert ballot.receipt in client.get("/vote/done/").content.decode()
    # A double-clicked confirm arrives after the first: the same receipt, still one ballot.
    assert client.post("/vote/review/", {"key": key}).url in ("/vote/done/", "/vote/")
    assert Ballot.objects.count() == 1 and ballot.status == BallotStatus.COUNTED


def test_the_ballot_form_enforces_the_max_choices_rule(codes):
    client = Client()
    _start(client, codes["1-101"])
    page = client.post("/vote/ballot/", {"committee": ["张三", "李四", "王五"], "lift-fund": "yes"})
    assert "最多同意 2 人，您选了 3 人" in page.content.decode()
    assert not Ballot.objects.exists()


def test_a_wrong_code_gets_one_plain_message(codes):
    page = _start(Client(), "AAAA2222")
    assert "表决码或手机号后四位不正确" in page.content.decode()


def test_voting_after_the_window_is_refused_with_the_window(codes, open_assembly):
    open_assembly.closes_at = open_assembly.opens_at + timedelta(minutes=1)
    open_assembly.save()
    page = _start(Client(), codes["1-101"])
    assert "现在不在投票时间内" in page.content.decode()


def test_a_receipt_says_whether_the_ballot_counts_and_nothing_more(codes):
    client = Client()
    _start(client, codes["1-102"], "0002")
    client.post("/vote/ballot/", {"committee": ["王五"], "lift-fund": "no"})
    client.post("/vote/review/", {"key": client.get("/vote/review/").context["key"]})
    receipt = Ballot.objects.get().receipt
    page = Client().post("/vote/check/", {"receipt": receipt.lower()}).content.decode()
    assert "已计入" in page
    assert "1-102" not in page and "王五" not in page
    assert "没有找到这个回执码" in Client().post("/vote/check/", {"receipt": "NOPE"}).content.decode()
