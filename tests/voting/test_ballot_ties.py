"""A ballot's entity, assembly and community are its paper's, kept by the database (issue 17, item 10).

The attack: a row naming assembly A's paper and assembly B's entity (or B itself, or another
community) was accepted, and A's count then failed with KeyError. Each attack below writes the
row as an insider with database access would, through the ORM and in raw SQL, on SQLite and on
PostgreSQL; the database refuses it. Should such a row exist anyway (a tie dropped by hand), the
count and the tally export name the ballot instead of crashing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from huanjie.voting.errors import BallotsInconsistent
from huanjie.voting.models import Assembly, Ballot, BallotPaper, BallotStatus, Channel, ContestKind, SnapshotUnit
from huanjie.voting.services import add_contest, close_voting, count_assembly, create_assembly, open_voting
from huanjie.voting.services.proxies import collect_at_door
from tests.conftest import client_for
from tests.voting.conftest import open_boxes, paper_of, seal_first_box

CHOICES = {"committee": ["张三"], "lift-fund": "yes"}


@pytest.fixture
def other(wuyuehua, alice) -> Assembly:  # type: ignore[no-untyped-def]
    """Assembly B of the same community, open too: its own entities and papers for the same flats."""
    now = timezone.now()
    made = create_assembly(community=wuyuehua, title="另一次表决", opens_at=now - timedelta(hours=1),
                           closes_at=now + timedelta(days=1), actor=alice)
    add_contest(assembly=made, spec_id="fund", kind=ContestKind.MOTION, matter="other-major", title="事项",
                actor=alice)
    seal_first_box(made, alice)
    return open_voting(assembly=made, actor=alice)


@pytest.fixture
def voted(open_assembly, alice) -> Ballot:  # type: ignore[no-untyped-def]
    """A's counted ballot for 1-101, collected at the door."""
    return collect_at_door(paper=paper_of(open_assembly, "1-101"), first_collector="李老师",
                           second_collector="赵阿姨", valid=True, choices=CHOICES, actor=alice)


def _refused(write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def _ballot(**fields) -> Ballot:  # type: ignore[no-untyped-def]
    defaults = {"channel": Channel.PAPER, "received_at": timezone.now(), "status": BallotStatus.COUNTED,
                "choices": CHOICES, "receipt": f"R{Ballot.objects.count():09d}"}
    return Ballot.objects.create(**{**defaults, **fields})


def test_a_ballot_on_one_assemblys_paper_for_anothers_entity_is_refused(open_assembly, other):
    paper = paper_of(open_assembly, "1-102")
    _refused(lambda: _ballot(community=open_assembly.community, assembly=open_assembly,
                             entity=paper_of(other, "1-102").entity, paper=paper))
    _refused(lambda: _ballot(community=open_assembly.community, assembly=other, entity=paper.entity, paper=paper))
    assert not Ballot.objects.exists()


def test_a_ballot_in_another_community_is_refused(open_assembly, elsewhere):
    paper = paper_of(open_assembly, "1-102")
    _refused(lambda: _ballot(community=elsewhere, assembly=open_assembly, entity=paper.entity, paper=paper))


def test_an_existing_ballot_cannot_be_moved_to_another_assemblys_entity_in_sql(voted, other):
    foreign = paper_of(other, "1-101")
    for column, value in (("entity_id", foreign.entity_id), ("assembly_id", other.pk),
                          ("paper_id", foreign.pk)):
        def move(column: str = column, value: int = value) -> None:
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE voting_ballot SET {column} = %s WHERE id = %s", [value, voted.pk])  # noqa: S608
        _refused(move)
    voted.refresh_from_db()
    assert voted.assembly_id == voted.paper.assembly_id == voted.entity.assembly_id


def test_a_paper_cannot_leave_its_entity_or_its_ballots(voted, open_assembly, other):
    paper = voted.paper
    _refused(lambda: BallotPaper.objects.filter(pk=paper.pk).update(entity=paper_of(other, "1-101").entity))
    # Another entity of the same assembly is consistent with the paper, not with the ballot cast on it.
    _refused(lambda: BallotPaper.objects.filter(pk=paper.pk).update(entity=paper_of(open_assembly, "1-102").entity))
    _refused(lambda: BallotPaper.objects.filter(pk=paper.pk).update(assembly=other))


def test_an_entity_cannot_name_an_assembly_of_another_community(open_assembly, elsewhere):
    entity = paper_of(open_assembly, "1-201").entity
    _refused(lambda: type(entity).objects.filter(pk=entity.pk).update(community=elsewhere))


def test_a_unit_paper_cannot_point_at_a_unit_of_another_entity(open_assembly, other):
    paper = paper_of(open_assembly, "1-201")
    unit = SnapshotUnit.objects.get(assembly=open_assembly, code="1-101")
    _refused(lambda: BallotPaper.objects.filter(pk=paper.pk).update(unit=unit))


def _untie_ballots() -> None:
    """What an insider with the database's owner rights could do first: drop the ballot's tie."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's deferred checks run now, not at the ALTER
            cursor.execute("ALTER TABLE voting_ballot DROP CONSTRAINT voting_ballot_tied_to_ballotpaper")
        else:
            for when in ("insert", "update"):
                cursor.execute(f"DROP TRIGGER voting_ballot_tied_to_ballotpaper_{when}")


def test_the_count_names_a_ballot_that_does_not_match_its_paper_instead_of_crashing(voted, open_assembly, other,
                                                                                     alice):
    _untie_ballots()
    forged = _ballot(community=open_assembly.community, assembly=open_assembly,
                     entity=paper_of(other, "1-102").entity, paper=paper_of(open_assembly, "1-102"))
    close_voting(assembly=open_assembly, actor=alice)
    open_boxes(open_assembly, alice)
    with pytest.raises(BallotsInconsistent) as named:
        count_assembly(assembly=open_assembly, actor=alice)
    assert f"{forged.number} 记录的表决主体与其表决票的不同" in str(named.value)
    assert voted.number not in str(named.value)
    response = client_for(alice).get(f"/c/wyh/voting/{open_assembly.pk}/tally.zip", follow=True)
    assert response.status_code == 200 and forged.number in response.content.decode()
    open_assembly.refresh_from_db()
    assert open_assembly.status == "closed" and not hasattr(open_assembly, "result")
