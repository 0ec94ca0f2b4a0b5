from __future__ import annotations

import pytest

from huanjie.candidates.errors import (
    AlreadyNominated,
    ArrearsImportRejected,
    NotAnOwnerHere,
    SupporterRejected,
    TooFewSupporters,
)
from huanjie.candidates.models import CandidateStatus, Nomination, NominationMethod, SourceChannel
from huanjie.candidates.services import nominations
from huanjie.roster.models import Owner
from tests.candidates.conftest import PROFILE, nominate


def test_a_nomination_opens_a_candidate_with_the_roster_check_done(round_, alice):
    nomination = nominate(round_, "1-101", alice)
    candidate = nomination.candidate
    assert candidate.status == CandidateStatus.NOMINATED
    owner_check = candidate.checks.get(condition="owner")
    assert owner_check.met and "1-101" in owner_check.evidence and owner_check.confirmed_by is None


def test_the_same_person_cannot_be_nominated_twice(round_, alice):
    nominate(round_, "1-101", alice)
    with pytest.raises(AlreadyNominated) as raised:
        nominate(round_, "1-101", alice, method=NominationMethod.RESIDENTS_COMMITTEE)
    assert "甲先生" in str(raised.value) and "本人自荐" in str(raised.value)
    assert Nomination.objects.count() == 1


def test_a_non_owner_of_the_unit_cannot_be_nominated(round_, alice):
    unit = round_.community.units.get(code="1-101")
    stranger = Owner.objects.create(community=round_.community, identifier="x", name="路人")
    with pytest.raises(NotAnOwnerHere):
        nominations.nominate(recruitment=round_, owner=stranger, unit=unit, method=NominationMethod.SELF,
                             channel=SourceChannel.ONLINE, profile=PROFILE, consent=True, actor=alice)
    assert not Nomination.objects.exists()


def test_an_owner_of_another_community_cannot_be_nominated(round_, elsewhere, alice):
    unit = elsewhere.units.get(code="1-101")
    with pytest.raises(NotAnOwnerHere):
        nominations.nominate(recruitment=round_, owner=unit.owners.get(), unit=unit, method=NominationMethod.SELF,
                             channel=SourceChannel.ONLINE, profile=PROFILE, consent=True, actor=alice)


def test_a_joint_recommendation_needs_enough_other_owners(round_, alice):
    units = round_.community.units
    with pytest.raises(TooFewSupporters):
        nominate(round_, "1-101", alice, method=NominationMethod.JOINT, supporters=[units.get(code="1-102")])
    with pytest.raises(SupporterRejected):
        nominate(round_, "1-101", alice, method=NominationMethod.JOINT,
                 supporters=[units.get(code="1-101"), units.get(code="1-102")])
    nomination = nominate(round_, "1-101", alice, method=NominationMethod.JOINT,
                          supporters=[units.get(code="1-102"), units.get(code="1-201")])
    assert sorted(s.unit.code for s in nomination.supporters.all()) == ["1-102", "1-201"]


def test_the_arrears_list_names_the_row_and_column_of_each_error_and_imports_nothing(round_, alice):
    text = "房号,欠费金额,说明\n1-101,1200.00,物业费\n9-999,10,\n1-102,abc,\n"
    with pytest.raises(ArrearsImportRejected) as raised:
        nominations.import_arrears(recruitment=round_, text=text, actor=alice)
    message = str(raised.value)
    assert "第 3 行“房号”列" in message and "第 4 行“欠费金额”列" in message
    assert not round_.arrears.exists()
    assert nominations.import_arrears(recruitment=round_, text="房号,欠费金额,说明\n1-101,1200.00,物业费\n",
                                      actor=alice) == 1
