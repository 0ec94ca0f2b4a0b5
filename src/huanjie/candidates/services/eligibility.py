"""资格审查: each condition confirmed by a person with evidence; huanjie.rules decides the verdict."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.candidates.errors import (
    ArrearsOnRecord,
    EvidenceRequired,
    PledgeFileRequired,
    ReasonRequired,
    UnknownCondition,
    WrongCandidateState,
)
from huanjie.candidates.models import ArrearsEntry, Candidate, CandidateStatus, EligibilityCheck
from huanjie.notices.services import check_evidence_file
from huanjie.rules.eligibility import Condition, Finding, Verdict, assess, required_conditions

Actor = AbstractBaseUser | None
REVIEWABLE = (CandidateStatus.NOMINATED, CandidateStatus.ELIGIBLE, CandidateStatus.INELIGIBLE)


def conditions_of(candidate: Candidate) -> tuple[str, ...]:
    return required_conditions(len(candidate.recruitment.extra_conditions))


def verdict_of(candidate: Candidate) -> Verdict:
    findings = [Finding(c.condition, c.met, c.reason) for c in candidate.checks.all()]
    return assess(findings, conditions_of(candidate))


def arrears_of(candidate: Candidate) -> tuple[str, Decimal] | None:
    """The nominee's unit and amount on the imported arrears list, if any."""
    entry = ArrearsEntry.objects.filter(recruitment_id=candidate.recruitment_id,
                                        unit_id=candidate.nomination.unit_id).aggregate(total=Sum("amount"))
    if entry["total"]:
        # SQLite's SUM drops the scale; money is shown with its two places.
        return candidate.nomination.unit.code, Decimal(entry["total"]).quantize(Decimal("0.01"))
    return None


def _validate(candidate: Candidate, condition: str, met: bool, evidence: str, reason: str,
              evidence_file: UploadedFile | None, existing: EligibilityCheck | None) -> str:
    """Refuse a check that cannot stand; the safe name to store its evidence file under ("" for none)."""
    if condition not in conditions_of(candidate):
        raise UnknownCondition(condition=condition)
    if not met and not reason.strip():
        raise ReasonRequired()
    if met and not evidence.strip():
        raise EvidenceRequired()
    stored_name = check_evidence_file(evidence_file, prefix="eligibility-")
    has_file = evidence_file is not None or bool(existing and existing.evidence_file)
    if met and condition == Condition.PLEDGE and not has_file:
        raise PledgeFileRequired()
    owed = arrears_of(candidate)
    if met and condition == Condition.FEES_OWED and owed is not None and evidence_file is None:
        raise ArrearsOnRecord(unit=owed[0], amount=owed[1])
    return stored_name


@transaction.atomic
def record_check(*, candidate: Candidate, condition: str, met: bool, evidence: str, reason: str, actor: Actor,
                 evidence_file: UploadedFile | None = None, now: datetime | None = None) -> EligibilityCheck:
    """Confirm one condition; the candidate's status follows the verdict of huanjie.rules.eligibility."""
    candidate = Candidate.objects.select_for_update().select_related("recruitment", "nomination__unit") \
        .get(pk=candidate.pk)
    if candidate.status not in REVIEWABLE:
        raise WrongCandidateState(name=candidate.name, status=candidate.get_status_display(), action=_("再做资格审查"))
    existing = EligibilityCheck.objects.filter(candidate=candidate, condition=condition).first()
    stored_name = _validate(candidate, condition, met, evidence, reason, evidence_file, existing)
    check = existing or EligibilityCheck(community_id=candidate.community_id, candidate=candidate,
                                         condition=condition)
    before = {"met": existing.met, "reason": existing.reason} if existing else None
    check.met, check.evidence, check.reason = met, evidence.strip(), "" if met else reason.strip()
    now = now or timezone.now()
    check.confirmed_by, check.confirmed_at = actor, now
    if evidence_file is not None:
        check.evidence_file.save(stored_name, evidence_file, save=False)
    check.save()
    audit.record("candidates.eligibility.checked", actor=actor, target=candidate, data={
        "condition": condition, "before": before, "after": {"met": met, "reason": check.reason,
                                                             "evidence": check.evidence}})
    _apply_verdict(candidate, actor, now)
    return check


def _apply_verdict(candidate: Candidate, actor: Actor, now: datetime) -> None:
    verdict = verdict_of(candidate)
    if verdict.failed:
        status, reason = CandidateStatus.INELIGIBLE, "；".join(f.reason for f in verdict.failed)
    elif verdict.eligible:
        status, reason = CandidateStatus.ELIGIBLE, ""
    else:
        status, reason = CandidateStatus.NOMINATED, ""
    if (status, reason) == (candidate.status, candidate.status_reason):
        return
    before = candidate.status
    candidate.status, candidate.status_reason = status, reason
    candidate.decided_by, candidate.decided_at = actor, now
    candidate.save(update_fields=["status", "status_reason", "decided_by", "decided_at"])
    audit.record("candidates.eligibility.verdict", actor=actor, target=candidate, data={
        "before": {"status": before}, "after": {"status": status, "reason": reason}})
