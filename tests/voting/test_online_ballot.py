from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from huanjie.accounts.errors import TooManyAttempts
from huanjie.audit.models import AuditRecord
from huanjie.voting.errors import (
    AlreadyVoted,
    CodeAlreadyUsed,
    OutsideWindow,
    TooManyChoices,
    UnknownChoice,
    WrongVotingCode,
)
from huanjie.voting.models import Ballot, BallotStatus, Channel
from huanjie.voting.services import cast_online_ballot, find_paper, record_paper_ballot
from tests.voting.conftest import YES_BALLOT, paper_of


def test_it_finds_the_paper_with_its_code_and_the_phones_last_digits(codes, open_assembly):
    paper = find_paper(code=codes["1-102"].lower(), phone_last4="0002", client_key="1.2.3.4")
    assert paper == paper_of(open_assembly, "1-102")


@pytest.mark.parametrize(("code", "tail"), [("WRONG234", "0002"), (None, "9999")])
def test_it_does_not_say_which_part_was_wrong(codes, code, tail):
    with pytest.raises(WrongVotingCode):
        find_paper(code=code or codes["1-102"], phone_last4=tail, client_key="1.2.3.4")


def test_repeated_wrong_phone_digits_slow_the_guessing_client_not_the_owner(codes, settings):
    for guess in range(settings.HUANJIE_LOGIN_MAX_FAILURES):
        with pytest.raises(WrongVotingCode):
            find_paper(code=codes["1-102"], phone_last4=f"{5000 + guess:04d}", client_key="203.0.113.9")
    with pytest.raises(TooManyAttempts):
        find_paper(code=codes["1-102"], phone_last4="0002", client_key="203.0.113.9")
    assert find_paper(code=codes["1-102"], phone_last4="0002", client_key="10.0.0.99").entity.label == "1-102"


def test_it_refuses_voting_after_the_window(codes, open_assembly):
    later = open_assembly.closes_at + timedelta(minutes=1)
    with pytest.raises(OutsideWindow, match="投票时间为"):
        find_paper(code=codes["1-101"], phone_last4="0001", client_key="x", now=later)


def test_it_counts_an_online_ballot_and_gives_a_receipt(codes, open_assembly):
    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="x")
    ballot = cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="k1")
    assert ballot.status == BallotStatus.COUNTED and ballot.channel == Channel.ONLINE
    assert len(ballot.receipt) == 10
    assert ballot.choices == {"committee": ["张三", "李四"], "lift-fund": "yes"}
    record = AuditRecord.objects.get(code="voting.ballot.cast_online")
    assert "choices" not in str(record.data)


def test_a_double_clicked_confirm_gives_the_same_ballot(codes, open_assembly):
    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="x")
    first = cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="same")
    again = cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="same")
    assert first.pk == again.pk and Ballot.objects.count() == 1


def test_the_code_works_once(codes, open_assembly):
    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="x")
    cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="k1")
    with pytest.raises(CodeAlreadyUsed):
        find_paper(code=codes["1-101"], phone_last4="0001", client_key="x")
    with pytest.raises(CodeAlreadyUsed):
        cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="k2")


def test_it_refuses_an_online_ballot_when_a_paper_ballot_already_counts(codes, open_assembly, alice):
    paper = paper_of(open_assembly, "1-101")
    record_paper_ballot(paper=paper, valid=True, choices=YES_BALLOT, actor=alice, received_at=timezone.now(),
                        channel=Channel.ASSISTED, collected_by="李老师、赵阿姨")
    with pytest.raises(AlreadyVoted, match="1-101 已经投过票（上门收票"):
        cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="k")


def test_it_enforces_the_max_choices_rule_online(codes, open_assembly):
    paper = paper_of(open_assembly, "1-101")
    with pytest.raises(TooManyChoices, match="最多同意 2 人，您选了 3 人"):
        cast_online_ballot(paper=paper, choices={"committee": ["张三", "李四", "王五"]}, submission_key="k")
    with pytest.raises(UnknownChoice):
        cast_online_ballot(paper=paper, choices={"committee": ["孙七"]}, submission_key="k")
    assert not Ballot.objects.exists()


def test_the_database_itself_refuses_a_second_counted_ballot(codes, open_assembly):
    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="x")
    first = cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="k")
    with pytest.raises(IntegrityError):
        Ballot.objects.create(community_id=first.community_id, assembly=first.assembly, entity=first.entity,
                              paper=paper, channel=Channel.PAPER, received_at=timezone.now(),
                              status=BallotStatus.COUNTED, receipt="OTHER")
