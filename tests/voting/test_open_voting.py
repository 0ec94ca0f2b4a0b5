from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from huanjie.audit.models import AuditRecord
from huanjie.roster.exporting import export_rows, roster_csv
from huanjie.roster.models import Owner, Ownership, Unit
from huanjie.roster.selectors import roster_summary
from huanjie.voting.errors import BadContest, BadWindow, InvalidTransition, NoContests
from huanjie.voting.models import AssemblyStatus, ContestKind
from huanjie.voting.services import add_contest, close_voting, create_assembly, open_voting


def test_it_freezes_the_roster_totals_and_its_sha256_when_voting_opens(assembly, alice, wuyuehua):
    expected = hashlib.sha256(roster_csv(export_rows(wuyuehua))).hexdigest()
    opened = open_voting(assembly=assembly, actor=alice)
    summary = roster_summary(wuyuehua)
    assert opened.status == AssemblyStatus.OPEN
    assert opened.eligible_headcount == summary.eligible_headcount == 3
    assert opened.eligible_area == summary.eligible_area == Decimal("273.75")
    assert opened.roster_sha256 == expected
    assert opened.entities.count() == 3 and opened.papers.count() == 3
    assert AuditRecord.objects.filter(code="voting.assembly.opened").exists()


def test_it_joins_units_of_one_owner_into_one_voting_entity(assembly, alice, wuyuehua):
    unit = Unit.objects.get(community=wuyuehua, code="1-201")
    Ownership.objects.filter(unit=unit).delete()
    Ownership.objects.create(community=wuyuehua, unit=unit, owner=Owner.objects.get(identifier="wyh-甲"))
    opened = open_voting(assembly=assembly, actor=alice)
    assert opened.eligible_headcount == 2
    joined = opened.entities.get(label="1-101、1-201")
    assert joined.area == Decimal("153.50") and joined.phone_tails == "0001"


def test_later_roster_changes_do_not_move_the_denominator(open_assembly, wuyuehua):
    Unit.objects.create(community=wuyuehua, code="1-301", area=Decimal("99.00"))
    open_assembly.refresh_from_db()
    assert open_assembly.eligible_headcount == 3
    assert open_assembly.snapshot_units.count() == 3


def test_it_refuses_to_open_twice_naming_both_states(open_assembly, alice):
    with pytest.raises(InvalidTransition) as error:
        open_voting(assembly=open_assembly, actor=alice)
    assert str(error.value) == ("“第二届业主委员会选举”现为“投票中”，不能开始投票；"
                                "只有“筹备中”的业主大会可以开始投票。")


def test_it_refuses_to_open_an_assembly_without_contests(wuyuehua, alice):
    now = timezone.now()
    empty = create_assembly(community=wuyuehua, title="空会议", opens_at=now, closes_at=now + timedelta(days=1),
                            actor=alice)
    with pytest.raises(NoContests):
        open_voting(assembly=empty, actor=alice)


def test_it_refuses_a_window_that_closes_before_it_opens(wuyuehua, alice):
    now = timezone.now()
    with pytest.raises(BadWindow):
        create_assembly(community=wuyuehua, title="错", opens_at=now, closes_at=now, actor=alice)


def test_it_refuses_contests_once_voting_is_open(open_assembly, alice):
    with pytest.raises(InvalidTransition):
        add_contest(assembly=open_assembly, spec_id="other", kind=ContestKind.MOTION, matter="other-major",
                    title="其他", actor=alice)


@pytest.mark.parametrize(("spec_id", "candidates", "reason"), [
    ("valid", ["甲"], "固定列"),
    ("c", ["甲", "甲"], "候选人重复"),
    ("c", ["甲;乙"], "分号"),
])
def test_it_refuses_a_contest_that_could_not_be_recounted(assembly, alice, spec_id, candidates, reason):
    with pytest.raises(BadContest, match=reason):
        add_contest(assembly=assembly, spec_id=spec_id, kind=ContestKind.ELECTION, matter="elect-committee",
                    title="选举", seats=1, candidates=candidates, actor=alice)


def test_it_closes_only_an_open_assembly(assembly, alice):
    with pytest.raises(InvalidTransition):
        close_voting(assembly=assembly, actor=alice)
    open_voting(assembly=assembly, actor=alice)
    assert close_voting(assembly=assembly, actor=alice).status == AssemblyStatus.CLOSED
