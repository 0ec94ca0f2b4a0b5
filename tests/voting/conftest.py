from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huanjie.voting.models import Assembly, BallotBox, BoxStatus, ContestKind
from huanjie.voting.services import add_contest, create_assembly, issue_voting_codes, open_box, open_voting, seal_box
from tests.announce import announce_vote

CANDIDATES = ["张三", "李四", "王五"]


@pytest.fixture
def assembly(wuyuehua, alice) -> Assembly:  # type: ignore[no-untyped-def]
    """A written assembly of 五月花 whose voting window is open now, still being prepared, its box
    1号票箱 sealed before two scrutineers (voting opens only with a sealed box)."""
    now = timezone.now()
    made = create_assembly(community=wuyuehua, title="第二届业主委员会选举", opens_at=now - timedelta(hours=1),
                           closes_at=now + timedelta(days=1), actor=alice, counting_place="会所一楼")
    add_contest(assembly=made, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举业主委员会委员", seats=2, candidates=CANDIDATES, actor=alice)
    add_contest(assembly=made, spec_id="lift-fund", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title="使用维修资金更换电梯", actor=alice)
    seal_first_box(made, alice)
    announce_vote(made, alice)
    return made


@pytest.fixture
def open_assembly(assembly, alice) -> Assembly:  # type: ignore[no-untyped-def]
    return open_voting(assembly=assembly, actor=alice)


def seal_first_box(assembly: Assembly, actor) -> BallotBox:  # type: ignore[no-untyped-def]
    """1号票箱, sealed before two scrutineers: voting opens only with a sealed box."""
    return seal_box(assembly=assembly, label="1号票箱", seal_number="F-0001", sealed_before="赵阿姨、钱先生",
                    actor=actor)


def open_boxes(assembly: Assembly, actor) -> None:  # type: ignore[no-untyped-def]
    """Voting closed, every sealed box opened before the scrutineers: the count may run."""
    for box in BallotBox.objects.filter(assembly=assembly, status=BoxStatus.SEALED):
        open_box(box=box, opened_before="赵阿姨、钱先生", seal_intact=True, actor=actor)


@pytest.fixture
def codes(open_assembly, alice) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The voting code of each entity, by its label (五月花's units are one entity each)."""
    return {item.paper.entity.label: item.code for item in issue_voting_codes(assembly=open_assembly, actor=alice)}


def paper_of(assembly: Assembly, label: str):  # type: ignore[no-untyped-def]
    return assembly.papers.get(entity__label=label)


YES_BALLOT = {"committee": ["张三", "李四"], "lift-fund": "yes"}
