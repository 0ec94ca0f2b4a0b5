from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.candidates.errors import (
    ArrearsOnRecord,
    EvidenceRequired,
    PledgeFileRequired,
    ReasonRequired,
    UnknownCondition,
)
from huanjie.candidates.models import CandidateStatus
from huanjie.candidates.services import eligibility, nominations
from huanjie.demo import files
from huanjie.rules.eligibility import arrears_condition
from tests.candidates.conftest import make_eligible, nominate


def check(candidate, condition, met, actor, **extra):
    return eligibility.record_check(candidate=candidate, condition=condition, met=met,
                                    evidence=extra.pop("evidence", "查阅物业台账"), reason=extra.pop("reason", ""),
                                    actor=actor, **extra)


def test_every_condition_confirmed_makes_the_nominee_eligible(round_, alice):
    candidate = make_eligible(nominate(round_, "1-101", alice).candidate, alice)
    assert candidate.status == CandidateStatus.ELIGIBLE
    assert candidate.checks.count() == 10


def test_a_failed_condition_excludes_with_the_reason_the_candidate_is_told(round_, alice):
    candidate = nominate(round_, "1-101", alice).candidate
    check(candidate, "illegal_building", False, alice, reason="阳台违法搭建，城管已立案，尚未拆除。")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.INELIGIBLE
    assert candidate.status_reason == "阳台违法搭建，城管已立案，尚未拆除。"


def test_a_corrected_failure_reopens_the_nominee(round_, alice):
    candidate = nominate(round_, "1-101", alice).candidate
    check(candidate, "illegal_building", False, alice, reason="违法搭建未拆除")
    check(candidate, "illegal_building", True, alice, evidence="已于 11 月 20 日拆除，城管出具结案通知")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.NOMINATED and candidate.status_reason == ""


def test_a_failure_without_a_reason_and_a_pass_without_evidence_are_refused(round_, alice):
    candidate = nominate(round_, "1-101", alice).candidate
    with pytest.raises(ReasonRequired):
        check(candidate, "facade", False, alice, reason="")
    with pytest.raises(EvidenceRequired):
        check(candidate, "facade", True, alice, evidence=" ")
    with pytest.raises(UnknownCondition):
        check(candidate, "extra:1", True, alice)
    assert candidate.checks.count() == 1


def test_the_pledge_needs_the_signed_document(round_, alice):
    candidate = nominate(round_, "1-101", alice).candidate
    with pytest.raises(PledgeFileRequired):
        check(candidate, "pledge", True, alice)


def test_arrears_on_the_imported_list_need_a_receipt_before_the_fee_condition_passes(round_, alice):
    round_.extra_conditions = [arrears_condition("业主大会议事规则第十二条")]
    round_.save()
    nominations.import_arrears(recruitment=round_, text="房号,欠费金额,说明\n1-101,1200.00,物业费\n", actor=alice)
    candidate = nominate(round_, "1-101", alice).candidate
    with pytest.raises(ArrearsOnRecord) as raised:
        check(candidate, "extra:1", True, alice)
    assert "1200.00" in str(raised.value)
    receipt = SimpleUploadedFile("receipt.jpg", files.image("JPEG"), content_type="image/jpeg")
    assert check(candidate, "extra:1", True, alice, evidence="已补缴，见收据", evidence_file=receipt).met


def test_the_assemblys_extra_conditions_are_checked_too(round_, alice):
    round_.extra_conditions = ["未在本小区担任楼组长以外的物业相关职务"]
    round_.save()
    candidate = make_eligible(nominate(round_, "1-101", alice).candidate, alice)
    assert candidate.checks.filter(condition="extra:1").exists()
    assert candidate.status == CandidateStatus.ELIGIBLE


def test_an_evidence_file_is_stored_under_a_safe_name_of_its_real_kind_not_the_senders(round_, alice):
    candidate = nominate(round_, "1-101", alice).candidate
    scan = SimpleUploadedFile("../../张三 身份证.pdf", files.image("JPEG"), content_type="application/pdf")
    stored = check(candidate, "facade", True, alice, evidence="已核对", evidence_file=scan).evidence_file.name
    name = stored.rsplit("/", 1)[-1]
    assert name.startswith("eligibility-") and name.endswith(".jpg")
    assert name.isascii() and "身份证" not in stored and ".." not in stored
