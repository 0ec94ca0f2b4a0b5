"""Eligibility as the current SH art. 20 says it (issue 16 §5), and "all met" in one step (issue 15, finding 11)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.audit.models import AuditRecord
from huanjie.candidates.errors import (
    ArrearsNeedsOwnCheck,
    ArrearsOnRecord,
    EvidenceRequired,
    NothingPending,
    PledgeFileRequired,
    UnitNotDelivered,
)
from huanjie.candidates.forms import SettingsForm, condition_choices
from huanjie.candidates.models import CONDITION_LABELS, CandidateStatus
from huanjie.candidates.services import eligibility, nominations, recruitment
from huanjie.demo import files
from huanjie.roster.models import Ownership, Unit, UnitStatus
from huanjie.rules.eligibility import Condition, arrears_condition
from tests.candidates.conftest import nominate
from tests.conftest import client_for

RULES = "业主大会议事规则第十二条"


def pledge() -> SimpleUploadedFile:
    return SimpleUploadedFile("承诺书.pdf", files.pdf("signed pledge"), content_type="application/pdf")


def test_the_statutory_conditions_read_as_the_current_article():
    labels = [str(label) for label in CONDITION_LABELS.values()]
    assert "无损坏房屋主体和承重结构且未改正的情形" in labels
    assert "无不执行业主大会、业主委员会决定且未改正的情形" in labels
    assert not any("欠交" in label for label in labels)


def test_arrears_are_not_checked_unless_the_rules_of_procedure_add_them(round_, alice):
    nominations.import_arrears(recruitment=round_, text="房号,欠费金额,说明\n1-101,1200.00,物业费\n", actor=alice)
    candidate = nominate(round_, "1-101", alice).candidate
    assert not any(key.startswith("extra:") or "欠交" in label for key, label in condition_choices(round_))
    done = eligibility.record_all_met(candidate=candidate, evidence="台账核实", actor=alice, evidence_file=pledge())
    candidate.refresh_from_db()
    assert len(done) == 9 and candidate.status == CandidateStatus.ELIGIBLE


def test_the_settings_offer_the_arrears_condition_only_with_its_basis(round_, alice):
    data = {name: getattr(round_, name) for name in SettingsForm.Meta.fields} | {"extra_text": "热心公益"}
    refused = SettingsForm(data | {"arrears": "on", "arrears_basis": ""}, instance=round_)
    assert not refused.is_valid() and "依据" in refused.errors["arrears_basis"][0]
    form = SettingsForm(data | {"arrears": "on", "arrears_basis": RULES}, instance=round_)
    assert form.is_valid()
    saved = recruitment.update_settings(recruitment=round_, values=form.values(), actor=alice)
    assert saved.extra_conditions == ["热心公益", arrears_condition(RULES)]
    again = SettingsForm(instance=saved)
    assert again.fields["arrears"].initial and again.fields["arrears_basis"].initial == RULES
    assert again.fields["extra_text"].initial == "热心公益"


def test_arrears_are_checked_across_all_the_nominees_units(round_, alice, wuyuehua):
    """甲先生 is nominated with 1-101 and also owns 1-201, which owes the fees."""
    round_.extra_conditions = [arrears_condition(RULES)]
    round_.save()
    Ownership.objects.create(community=wuyuehua, unit=wuyuehua.units.get(code="1-201"),
                             owner=wuyuehua.owners.get(name="甲先生"))
    nominations.import_arrears(recruitment=round_, text="房号,欠费金额,说明\n1-201,860.50,物业费\n", actor=alice)
    candidate = nominate(round_, "1-101", alice).candidate
    with pytest.raises(ArrearsOnRecord) as raised:
        eligibility.record_check(candidate=candidate, condition="extra:1", met=True, evidence="查欠费名单",
                                 reason="", actor=alice)
    assert "860.50" in str(raised.value) and "1-201" in str(raised.value)
    with pytest.raises(ArrearsNeedsOwnCheck):
        eligibility.record_all_met(candidate=candidate, evidence="台账核实", actor=alice, evidence_file=pledge())
    assert candidate.checks.count() == 1  # only the roster check; nothing half-written


def test_a_buyer_of_an_undelivered_unit_cannot_be_nominated_for_it(round_, alice, wuyuehua):
    Unit.objects.filter(community=wuyuehua, code="1-102").update(status=UnitStatus.UNDELIVERED)
    with pytest.raises(UnitNotDelivered) as refused:
        nominate(round_, "1-102", alice)
    assert "尚未交付" in str(refused.value)
    assert "《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第一条" in str(refused.value)
    assert not round_.nominations.exists()


def test_all_met_records_every_pending_condition_on_its_own_with_one_evidence_note(round_, alice):
    candidate = nominate(round_, "1-101", alice).candidate
    eligibility.record_check(candidate=candidate, condition=Condition.FACADE, met=True, evidence="城管台账无记录",
                             reason="", actor=alice)
    done = eligibility.record_all_met(candidate=candidate, evidence="居委会、城管、房办台账及物业在职名单核实",
                                      actor=alice, evidence_file=pledge())
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ELIGIBLE
    assert {c.condition for c in done} == {"civil_capacity", "property_company", "load_bearing", "illegal_building",
                                           "change_of_use", "illegal_letting", "decisions", "pledge"}
    assert candidate.checks.get(condition="facade").evidence == "城管台账无记录"  # not overwritten
    assert candidate.checks.get(condition="pledge").evidence_file
    assert AuditRecord.objects.filter(code="candidates.eligibility.checked").count() == 9
    summary = AuditRecord.objects.get(code="candidates.eligibility.all_met")
    assert len(summary.data["after"]["conditions"]) == 8


def test_all_met_needs_the_evidence_note_and_the_signed_pledge(round_, alice):
    candidate = nominate(round_, "1-101", alice).candidate
    with pytest.raises(EvidenceRequired):
        eligibility.record_all_met(candidate=candidate, evidence=" ", actor=alice, evidence_file=pledge())
    with pytest.raises(PledgeFileRequired):
        eligibility.record_all_met(candidate=candidate, evidence="已核实", actor=alice)
    assert candidate.checks.count() == 1
    eligibility.record_all_met(candidate=candidate, evidence="已核实", actor=alice, evidence_file=pledge())
    with pytest.raises(NothingPending):
        eligibility.record_all_met(candidate=candidate, evidence="已核实", actor=alice)


def test_the_candidate_page_confirms_all_in_one_submission(round_, alice, wuyuehua):
    candidate = nominate(round_, "1-101", alice).candidate
    client = client_for(alice)
    url = f"/c/{wuyuehua.slug}/candidates/{candidate.pk}/"
    assert "全部符合" in client.get(url).content.decode()
    client.post(f"{url}check/all/", {"evidence": "台账核实", "evidence_file": pledge()})
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ELIGIBLE and candidate.checks.count() == 10
