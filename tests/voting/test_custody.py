from __future__ import annotations

import pytest

from huanjie.accounts.models import Role
from huanjie.audit.models import AuditRecord
from huanjie.voting.errors import (
    AlreadyEntered,
    BoxNotOpen,
    CountBlocked,
    InvalidTransition,
    ReadingComplete,
    ReasonRequired,
    UnknownSerial,
)
from huanjie.voting.models import BallotStatus, InvalidReason, ReadingStatus
from huanjie.voting.services import (
    close_voting,
    count_assembly,
    enter_paper_ballot,
    open_box,
    resolve_mismatch,
)
from tests.conftest import make_user
from tests.voting.conftest import YES_BALLOT, paper_of


@pytest.fixture
def sam(wuyuehua):  # type: ignore[no-untyped-def]
    """Sam is a scrutineer (监票人/计票人) of 五月花."""
    return make_user("sam", Role.SCRUTINEER, community=wuyuehua)


@pytest.fixture
def box(open_assembly, alice):  # type: ignore[no-untyped-def]
    return open_assembly.boxes.get(label="1号票箱")  # sealed before voting opened


@pytest.fixture
def opened(box, open_assembly, alice):  # type: ignore[no-untyped-def]
    close_voting(assembly=open_assembly, actor=alice)
    return open_box(box=box, opened_before="赵阿姨、钱先生", seal_intact=True, actor=alice)


def test_a_box_opens_only_after_voting_ends(box, alice):
    with pytest.raises(InvalidTransition, match="不能开箱"):
        open_box(box=box, opened_before="赵阿姨", seal_intact=True, actor=alice)


def test_two_matching_entries_record_the_paper_ballot(opened, open_assembly, alice, sam):
    serial = paper_of(open_assembly, "1-101").serial
    first = enter_paper_ballot(box=opened, serial=serial, teller=alice, valid=True, choices=YES_BALLOT)
    assert first.status == ReadingStatus.WAITING and first.ballot is None
    second = enter_paper_ballot(box=opened, serial=serial, teller=sam, valid=True, choices=YES_BALLOT)
    assert second.status == ReadingStatus.MATCHED
    assert second.ballot.status == BallotStatus.COUNTED and second.ballot.received_at == opened.opened_at


def test_a_teller_cannot_enter_the_same_paper_twice(opened, open_assembly, alice, sam, bob):
    serial = paper_of(open_assembly, "1-101").serial
    enter_paper_ballot(box=opened, serial=serial, teller=alice, valid=True, choices=YES_BALLOT)
    with pytest.raises(AlreadyEntered):
        enter_paper_ballot(box=opened, serial=serial, teller=alice, valid=True, choices=YES_BALLOT)
    enter_paper_ballot(box=opened, serial=serial, teller=sam, valid=True, choices=YES_BALLOT)
    with pytest.raises(ReadingComplete):
        enter_paper_ballot(box=opened, serial=serial, teller=bob, valid=True, choices=YES_BALLOT)


def test_a_mismatch_blocks_the_count_until_resolved(opened, open_assembly, alice, sam):
    serial = paper_of(open_assembly, "1-102").serial
    enter_paper_ballot(box=opened, serial=serial, teller=alice, valid=True, choices=YES_BALLOT)
    reading = enter_paper_ballot(box=opened, serial=serial, teller=sam, valid=True,
                                 choices={"committee": ["张三"], "lift-fund": "yes"})
    assert reading.status == ReadingStatus.MISMATCH and reading.ballot is None
    with pytest.raises(CountBlocked, match="1 张纸质票两位计票人录入不一致"):
        count_assembly(assembly=open_assembly, actor=alice)
    resolved = resolve_mismatch(reading=reading, actor=alice, valid=True, choices=YES_BALLOT,
                                resolution="当着赵阿姨核对原票：勾选了张三、李四")
    assert resolved.status == ReadingStatus.RESOLVED
    assert resolved.ballot.choices == {"committee": ["张三", "李四"], "lift-fund": "yes"}
    record = AuditRecord.objects.get(code="voting.paper.resolved")
    assert record.data["resolution"].startswith("当着赵阿姨") and len(record.data["before"]) == 2
    count_assembly(assembly=open_assembly, actor=alice)


def test_an_invalid_paper_carries_its_reason(opened, open_assembly, alice, sam):
    serial = paper_of(open_assembly, "1-201").serial
    with pytest.raises(ReasonRequired):
        enter_paper_ballot(box=opened, serial=serial, teller=alice, valid=False, choices={})
    for teller in (alice, sam):
        reading = enter_paper_ballot(box=opened, serial=serial, teller=teller, valid=False, choices={},
                                     invalid_reason=InvalidReason.NO_SIGNATURE)
    assert reading.ballot.status == BallotStatus.INVALID
    assert reading.ballot.invalid_reason == InvalidReason.NO_SIGNATURE


def test_it_refuses_unknown_serials_and_sealed_boxes(box, open_assembly, alice):
    close_voting(assembly=open_assembly, actor=alice)
    with pytest.raises(BoxNotOpen):
        enter_paper_ballot(box=box, serial="1-00001", teller=alice, valid=True, choices={})
    open_box(box=box, opened_before="赵阿姨", seal_intact=True, actor=alice)
    with pytest.raises(UnknownSerial):
        enter_paper_ballot(box=box, serial="9-99999", teller=alice, valid=True, choices={})


def test_a_sealed_box_blocks_the_count(box, open_assembly, alice):
    close_voting(assembly=open_assembly, actor=alice)
    with pytest.raises(CountBlocked, match="1 个票箱未开箱"):
        count_assembly(assembly=open_assembly, actor=alice)
