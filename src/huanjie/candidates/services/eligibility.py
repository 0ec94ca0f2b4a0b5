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
    ArrearsNeedsOwnCheck,
    ArrearsOnRecord,
    EvidenceRequired,
    NothingPending,
    PledgeFileRequired,
    ReasonRequired,
    UnknownCondition,
    WrongCandidateState,
)
from huanjie.candidates.models import ArrearsEntry, Candidate, CandidateStatus, EligibilityCheck
from huanjie.notices.services import check_evidence_file
from huanjie.roster.models import Ownership
from huanjie.rules.eligibility import (
    Condition,
    Finding,
    Verdict,
    arrears_key,
    assess,
    fees_met,
    outstanding,
    required_conditions,
)

Actor = AbstractBaseUser | None
REVIEWABLE = (CandidateStatus.NOMINATED, CandidateStatus.ELIGIBLE, CandidateStatus.INELIGIBLE)


def conditions_of(candidate: Candidate) -> tuple[str, ...]:
    return required_conditions(len(candidate.recruitment.extra_conditions))


def verdict_of(candidate: Candidate) -> Verdict:
    findings = [Finding(c.condition, c.met, c.reason) for c in candidate.checks.all()]
    return assess(findings, conditions_of(candidate))


def arrears_of(candidate: Candidate) -> tuple[str, Decimal] | None:
    """What the imported arrears list says the nominee owes across ALL their units of the community (not only
    the nominated one): the units with their amounts, and the total; None when nothing is owed."""
    owned = Ownership.objects.filter(owner_id=candidate.nomination.owner_id).values("unit_id")
    rows = (ArrearsEntry.objects.filter(recruitment_id=candidate.recruitment_id, unit_id__in=owned)
            .values("unit__code").annotate(total=Sum("amount")).order_by("unit__code"))
    # SQLite's SUM drops the scale; money is shown with its two places.
    owed = {row["unit__code"]: Decimal(row["total"]).quantize(Decimal("0.01")) for row in rows if row["total"]}
    total = outstanding(owed.values())
    if fees_met(total):
        return None
    return "、".join(f"{unit} {amount} 元" for unit, amount in owed.items()), total


def arrears_condition_key(candidate: Candidate) -> str | None:
    """The rules of procedure's arrears condition among this recruitment's extra conditions, if they added it."""
    return arrears_key(candidate.recruitment.extra_conditions)


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
    if met and condition == arrears_condition_key(candidate) and evidence_file is None:
        owed = arrears_of(candidate)
        if owed is not None:
            raise ArrearsOnRecord(units=owed[0], amount=owed[1])
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


def pending_conditions(candidate: Candidate) -> tuple[str, ...]:
    """The conditions nobody has confirmed yet, in the order they are checked."""
    return verdict_of(candidate).pending


@transaction.atomic
def record_all_met(*, candidate: Candidate, evidence: str, actor: Actor, evidence_file: UploadedFile | None = None,
                   now: datetime | None = None) -> list[EligibilityCheck]:
    """Every condition not yet confirmed, confirmed as met in one step with one evidence note (and the signed
    pledge when it is among them); each is still recorded, and audited, on its own."""
    candidate = Candidate.objects.select_for_update().select_related("recruitment", "nomination__owner") \
        .get(pk=candidate.pk)
    if candidate.status not in REVIEWABLE:
        raise WrongCandidateState(name=candidate.name, status=candidate.get_status_display(), action=_("再做资格审查"))
    pending = pending_conditions(candidate)
    if not pending:
        raise NothingPending(name=candidate.name)
    if not evidence.strip():
        raise EvidenceRequired()
    owed = arrears_of(candidate)
    arrears = arrears_condition_key(candidate)
    if arrears in pending and owed is not None:
        label = candidate.recruitment.extra_conditions[int(arrears.split(":")[1]) - 1]  # type: ignore[union-attr]
        raise ArrearsNeedsOwnCheck(units=owed[0], amount=owed[1], condition=label)
    if Condition.PLEDGE in pending and evidence_file is None:
        raise PledgeFileRequired()
    checks = []
    for condition in pending:
        upload = evidence_file if condition == Condition.PLEDGE else None
        checks.append(record_check(candidate=candidate, condition=condition, met=True, evidence=evidence,
                                   reason="", actor=actor, evidence_file=upload, now=now))
    audit.record("candidates.eligibility.all_met", actor=actor, target=candidate, data={
        "after": {"conditions": list(pending), "evidence": evidence.strip()}})
    return checks


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
