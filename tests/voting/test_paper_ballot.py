from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from huanjie.voting.models import Ballot, BallotStatus, Channel, InvalidReason, Precedence
from huanjie.voting.services import cast_online_ballot, find_paper, record_paper_ballot
from tests.voting.conftest import YES_BALLOT, paper_of

NO_BALLOT = {"committee": ["王五"], "lift-fund": "no"}


def _online(codes, label: str, tail: str):  # type: ignore[no-untyped-def]
    paper = find_paper(code=codes[label], phone_last4=tail, client_key="x")
    return cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key=label)


def test_a_later_paper_ballot_is_kept_as_a_duplicate_by_default(codes, open_assembly, alice):
    online = _online(codes, "1-101", "0001")
    paper = record_paper_ballot(paper=paper_of(open_assembly, "1-101"), valid=True, choices=NO_BALLOT, actor=alice,
                                received_at=timezone.now())
    online.refresh_from_db()
    assert online.status == BallotStatus.COUNTED
    assert paper.status == BallotStatus.DUPLICATE
    assert f"该户已有计入的票 {online.number}（网上投票" in paper.note


def test_paper_prevails_when_the_rules_of_procedure_say_so(codes, open_assembly, alice):
    open_assembly.precedence = Precedence.PAPER
    open_assembly.save()
    online = _online(codes, "1-101", "0001")
    paper = record_paper_ballot(paper=paper_of(open_assembly, "1-101"), valid=True, choices=NO_BALLOT, actor=alice,
                                received_at=timezone.now())
    online.refresh_from_db()
    assert (online.status, paper.status) == (BallotStatus.DUPLICATE, BallotStatus.COUNTED)


def test_a_revote_replaces_the_earlier_ballot_when_allowed(open_assembly, alice):
    open_assembly.revote_allowed = True
    open_assembly.save()
    paper = paper_of(open_assembly, "1-102")
    now = timezone.now()
    first = record_paper_ballot(paper=paper, valid=True, choices=YES_BALLOT, actor=alice, received_at=now,
                                channel=Channel.ASSISTED)
    second = record_paper_ballot(paper=paper, valid=True, choices=NO_BALLOT, actor=alice,
                                 received_at=now + timedelta(hours=1))
    first.refresh_from_db()
    assert (first.status, second.status) == (BallotStatus.DUPLICATE, BallotStatus.COUNTED)


def test_an_invalid_ballot_does_not_take_the_entitys_voice(open_assembly, alice):
    paper = paper_of(open_assembly, "1-102")
    invalid = record_paper_ballot(paper=paper, valid=False, choices={}, actor=alice, received_at=timezone.now(),
                                  invalid_reason=InvalidReason.NO_SIGNATURE)
    valid = record_paper_ballot(paper=paper, valid=True, choices=YES_BALLOT, actor=alice, received_at=timezone.now())
    assert (invalid.status, valid.status) == (BallotStatus.INVALID, BallotStatus.COUNTED)


def test_an_invalid_ballot_needs_a_reason_in_the_database(open_assembly, alice):
    with pytest.raises(IntegrityError):
        record_paper_ballot(paper=paper_of(open_assembly, "1-102"), valid=False, choices={}, actor=alice,
                            received_at=timezone.now())
    assert not Ballot.objects.exists()


def test_tellers_may_enter_over_votes_and_written_in_names_for_the_count_to_judge(open_assembly, alice):
    ballot = record_paper_ballot(paper=paper_of(open_assembly, "1-102"), valid=True, actor=alice,
                                 received_at=timezone.now(),
                                 choices={"committee": ["王五", "张三", "孙七；=cmd"], "lift-fund": "abstain"})
    assert ballot.choices == {"committee": ["张三", "王五", "孙七", "'=cmd"], "lift-fund": "abstain"}
