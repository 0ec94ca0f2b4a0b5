"""Committee size, 差额 and scrutineers (issue 16 §4): each refused where the law does not allow it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from huanjie.audit.models import AuditRecord
from huanjie.candidates.errors import (
    CommitteeSizeRefused,
    OfficialIsCandidate,
    ReasonRequired,
    SlateDecisionMissing,
)
from huanjie.candidates.forms import SettingsForm
from huanjie.candidates.models import CandidateStatus, Recruitment
from huanjie.candidates.services import recruitment, slate
from huanjie.notices import drafts
from huanjie.notices import services as notices
from huanjie.notices.errors import SlateUndecided
from huanjie.voting.errors import CandidateAsOfficial, OfficialNotOwner
from huanjie.voting.models import Duty
from huanjie.voting.services import create_assembly
from huanjie.voting.services.officials import appoint_official, dismiss_official
from tests.candidates.conftest import (
    UNCONTESTED_REASON,
    close_nominations,
    decide_uncontested,
    make_eligible,
    nominate,
    score_all,
)
from tests.conftest import client_for

GOOD = [(27, 36, 27)] * 5


def settings_with(round_, **values):  # type: ignore[no-untyped-def]
    data = {name: getattr(round_, name) for name in SettingsForm.Meta.fields} | {"extra_text": ""} | values
    return SettingsForm(data, instance=round_)


# -- seats: five to eleven and odd; three only in a small community, with its basis ---------------

@pytest.mark.parametrize("seats", [1, 2, 4, 6, 8, 10, 12, 13])
def test_a_committee_of_any_other_size_is_refused_and_nothing_changes(round_, alice, seats):
    with pytest.raises(CommitteeSizeRefused) as refused:
        recruitment.update_settings(recruitment=round_, values={"seats": seats}, actor=alice)
    assert "不合法" in str(refused.value)
    assert Recruitment.objects.get(pk=round_.pk).seats == 7


def test_an_even_committee_is_refused_citing_the_rule(round_, alice):
    with pytest.raises(CommitteeSizeRefused, match="应为单数（《业主大会和业主委员会指导规则》第三十一条"):
        recruitment.update_settings(recruitment=round_, values={"seats": 6}, actor=alice)


def test_the_settings_form_refuses_an_unlawful_size_on_the_seats_field(round_):
    form = settings_with(round_, seats=6)
    assert not form.is_valid() and "单数" in form.errors["seats"][0]
    assert settings_with(round_, seats=9).is_valid()


def test_three_seats_are_refused_in_a_community_of_ten_thousand_square_metres(round_, alice, wuyuehua):
    wuyuehua.building_area = Decimal("10000.00")
    wuyuehua.save()
    with pytest.raises(CommitteeSizeRefused, match="不足一万平方米"):
        recruitment.update_settings(recruitment=round_, values={"seats": 3, "small_committee_basis": "议事规则第八条"},
                                    actor=alice)


def test_three_seats_in_a_small_community_stand_on_their_recorded_basis(round_, alice, wuyuehua):
    wuyuehua.building_area = Decimal("9800.00")
    wuyuehua.save()
    with pytest.raises(CommitteeSizeRefused, match="三人业委会的依据"):
        recruitment.update_settings(recruitment=round_, values={"seats": 3}, actor=alice)
    assert not settings_with(round_, seats=3, small_committee_basis="").is_valid()
    done = recruitment.update_settings(recruitment=round_, values={
        "seats": 3, "small_committee_basis": "业主大会议事规则第八条"}, actor=alice)
    assert done.seats == 3 and done.small_committee_basis == "业主大会议事规则第八条"
    record = AuditRecord.objects.filter(code="candidates.recruitment.settings").latest("pk")
    assert record.data["after"]["small_committee_basis"] == "业主大会议事规则第八条"
    assert "依据：业主大会议事规则第八条" in recruitment.call_text(done, days=10)


def test_rules_of_procedure_that_provide_for_three_members_are_the_recorded_basis(round_, alice, wuyuehua):
    """SH art. 20's small-community exception stands on the rules of procedure in force when they provide for it."""
    from tests.rules_of_procedure import adopt_rules_of_procedure

    wuyuehua.building_area = Decimal("9800.00")
    wuyuehua.save()
    adopt_rules_of_procedure(wuyuehua, version="2024年版", adopted_on=date(2024, 4, 1), small_committee=True)
    assert settings_with(round_, seats=3, small_committee_basis="").is_valid()
    done = recruitment.update_settings(recruitment=round_, values={"seats": 3}, actor=alice)
    assert done.small_committee_basis == "《业主大会议事规则》（2024年版，2024-04-01 通过）规定业主委员会由三人组成"
    typed = recruitment.update_settings(recruitment=round_, values={"small_committee_basis": "业主大会决定"},
                                        actor=alice)
    assert typed.small_committee_basis == "业主大会决定"  # what staff wrote comes first


def test_the_database_refuses_an_unlawful_size_too(round_):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recruitment.objects.filter(pk=round_.pk).update(seats=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recruitment.objects.filter(pk=round_.pk).update(seats=3, small_committee_basis="")


# -- 差额: no more candidates than seats needs the working group's decision -------------------------

@pytest.fixture
def two_shortlisted(round_, alice, panelists):  # type: ignore[no-untyped-def]
    found = []
    for code in ("1-101", "1-102"):
        scored = score_all(make_eligible(nominate(round_, code, alice).candidate, alice), panelists, GOOD)
        found.append(slate.decide_shortlist(candidate=scored, shortlist=True, reason="", actor=alice))
    close_nominations(round_, alice)
    return found


def test_two_candidates_for_seven_seats_are_refused_without_a_decision(round_, two_shortlisted, alice):
    with pytest.raises(SlateDecisionMissing) as refused:
        slate.draft_candidate_notice(recruitment=round_, actor=alice)
    assert "候选人 2 名，应选委员 7 名" in str(refused.value)
    round_.refresh_from_db()
    assert round_.candidate_notice_id is None


def test_the_decision_needs_a_reason_and_is_audited_and_printed(round_, two_shortlisted, alice):
    with pytest.raises(ReasonRequired):
        slate.decide_uncontested(recruitment=round_, reason="  ", actor=alice)
    decided = decide_uncontested(round_, alice)
    assert decided.uncontested_for == 2 and decided.uncontested_reason == UNCONTESTED_REASON
    record = AuditRecord.objects.get(code="candidates.slate.uncontested")
    assert record.data["after"] == {"candidates": 2, "seats": 7, "reason": UNCONTESTED_REASON}
    notice = slate.draft_candidate_notice(recruitment=round_, actor=alice)
    assert "候选人 2 名，应选委员 7 名，候选人数不多于应选名额" in notice.body and UNCONTESTED_REASON in notice.body


def test_a_slate_that_shrinks_after_the_decision_needs_it_again(round_, two_shortlisted, alice):
    decide_uncontested(round_, alice)
    notice = slate.draft_candidate_notice(recruitment=round_, actor=alice)
    notices.publish_notice(notice=notice, actor=alice, today=date(2026, 12, 1))
    slate.withdraw_candidate(candidate=two_shortlisted[1], reason="本人退出", actor=alice)
    with pytest.raises(SlateDecisionMissing, match="候选人 1 名"):
        slate.publish_final_list(recruitment=round_, actor=alice, today=date(2026, 12, 9))
    decide_uncontested(round_, alice)
    assert [c.status for c in slate.publish_final_list(recruitment=round_, actor=alice,
                                                         today=date(2026, 12, 9))] == [CandidateStatus.FINAL]


def test_a_contested_slate_is_printed_as_such_and_needs_no_decision():
    assert slate.slate_statement(Recruitment(seats=5), 6) == "候选人 6 名，应选委员 5 名，实行差额选举。"


def test_the_meeting_notice_is_refused_until_the_decision_and_then_prints_it(round_, two_shortlisted, alice):
    decide_uncontested(round_, alice)
    notice = slate.draft_candidate_notice(recruitment=round_, actor=alice)
    notices.publish_notice(notice=notice, actor=alice, today=date(2026, 12, 1))
    slate.publish_final_list(recruitment=round_, actor=alice, today=date(2026, 12, 9))
    Recruitment.objects.filter(pk=round_.pk).update(uncontested_for=None, uncontested_reason="")
    opens = timezone.make_aware(datetime(2027, 1, 16, 8, 0))
    plan = drafts.AssemblyPlan(voting_from=opens, voting_until=opens + timedelta(days=1), place="会所",
                               form="书面征求意见", agenda=("选举委员",))
    with pytest.raises(SlateUndecided):
        drafts.draft_election_notice(reelection=round_.reelection, meeting=plan, actor=alice)
    decide_uncontested(round_, alice)
    meeting = drafts.draft_election_notice(reelection=round_.reelection, meeting=plan, actor=alice)
    assert UNCONTESTED_REASON in meeting.body


def test_the_decision_page_records_it(round_, two_shortlisted, alice, wuyuehua):
    client = client_for(alice)
    assert "须决定" in client.get(f"/c/{wuyuehua.slug}/candidates/").content.decode()
    client.post(f"/c/{wuyuehua.slug}/candidates/uncontested/", {"reason": "报名不足"})
    round_.refresh_from_db()
    assert round_.uncontested_for == 2 and round_.uncontested_reason == "报名不足"
    assert "已决定" in client.get(f"/c/{wuyuehua.slug}/candidates/").content.decode()


# -- scrutineers and tellers are not candidates, both ways ------------------------------------------

@pytest.fixture
def assembly(round_, alice, wuyuehua):  # type: ignore[no-untyped-def]
    opens = timezone.make_aware(datetime(2027, 1, 16, 8, 0))
    return create_assembly(community=wuyuehua, title="选举业主大会", opens_at=opens,
                           closes_at=opens + timedelta(days=1), actor=alice, reelection=round_.reelection)


def test_a_candidate_cannot_be_named_scrutineer_or_teller(round_, assembly, alice):
    nominate(round_, "1-101", alice)
    for duty in (Duty.SCRUTINEER, Duty.TELLER):
        with pytest.raises(CandidateAsOfficial, match="甲先生 是本次换届的候选人"):
            appoint_official(assembly=assembly, duty=duty, name="甲先生", unit_code="1-101", actor=alice)
    assert not assembly.officials.exists()


def test_a_scrutineer_cannot_be_nominated_until_removed(round_, assembly, alice):
    official = appoint_official(assembly=assembly, duty=Duty.SCRUTINEER, name="甲先生", unit_code="1-101",
                                actor=alice)
    with pytest.raises(OfficialIsCandidate, match="甲先生 是本次业主大会的监票人"):
        nominate(round_, "1-101", alice)
    dismiss_official(official=official, actor=alice)
    assert nominate(round_, "1-101", alice).candidate.status == CandidateStatus.NOMINATED
    assert AuditRecord.objects.filter(code="voting.official.dismissed").exists()


def test_a_teller_named_after_the_nomination_is_refused_a_place_on_the_list(round_, assembly, alice, panelists):
    candidate = score_all(make_eligible(nominate(round_, "1-101", alice).candidate, alice), panelists, GOOD)
    # A teller recorded behind the service's back (an old record) is still caught when the list is made.
    from huanjie.voting.models import Official
    Official.objects.create(community=assembly.community, assembly=assembly, duty=Duty.TELLER, name="甲先生",
                            owner=candidate.nomination.owner)
    with pytest.raises(OfficialIsCandidate, match="计票人"):
        slate.decide_shortlist(candidate=candidate, shortlist=True, reason="", actor=alice)


def test_a_scrutineer_is_an_owner_of_the_unit_given_or_a_non_owner_by_name(assembly, alice):
    with pytest.raises(OfficialNotOwner):
        appoint_official(assembly=assembly, duty=Duty.SCRUTINEER, name="乙先生", unit_code="1-101", actor=alice)
    outsider = appoint_official(assembly=assembly, duty=Duty.SCRUTINEER, name="居委会李老师", unit_code="",
                                actor=alice)
    assert outsider.owner is None


def test_the_officials_page_refuses_a_candidate(round_, assembly, alice, wuyuehua):
    nominate(round_, "1-101", alice)
    client = client_for(alice)
    url = f"/c/{wuyuehua.slug}/voting/{assembly.pk}/officials/"
    page = client.post(url, {"duty": "teller", "name": "甲先生", "unit": "1-101"}, follow=True).content.decode()
    assert "不能担任计票人" in page
    client.post(url, {"duty": "teller", "name": "乙先生", "unit": "1-102"})
    assert "乙先生" in client.get(url).content.decode()
