"""评审团: members, rubric, assignments, conflicts, and independent score sheets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.accounts.models import Membership, Role
from huanjie.candidates.errors import (
    AlreadyOnPanel,
    AlreadyScored,
    ConflictOfInterest,
    InterviewNotScheduled,
    InterviewNotYet,
    NotAPanelist,
    NotYourAssignment,
    ReasonRequired,
    RubricLocked,
    ScoreMissing,
    ScoreOutOfRange,
    WrongCandidateState,
)
from huanjie.candidates.models import (
    Assignment,
    Candidate,
    CandidateStatus,
    Criterion,
    Panelist,
    Recruitment,
    Score,
    ScoreSheet,
)
from huanjie.candidates.selectors import panel_result
from huanjie.rules.panel import format_score
from huanjie.rules.procedure import scoring_open

Actor = AbstractBaseUser | None


def _label(user: AbstractBaseUser) -> str:
    return str(getattr(user, "get_full_name", lambda: "")() or user.get_username())


@transaction.atomic
def add_panelist(*, recruitment: Recruitment, user: AbstractBaseUser, affiliation: str, actor: Actor) -> Panelist:
    """A member of the panel must hold the panelist role in this community (an account of their own)."""
    if not Membership.objects.filter(user=user, role=Role.PANELIST, community_id=recruitment.community_id).exists():
        raise NotAPanelist(name=_label(user))
    if Panelist.objects.filter(recruitment=recruitment, user=user).exists():
        raise AlreadyOnPanel(name=_label(user))
    panelist = Panelist.objects.create(community_id=recruitment.community_id, recruitment=recruitment, user=user,
                                       affiliation=affiliation)
    audit.record("candidates.panelist.added", actor=actor, target=panelist, data={"after": {
        "user": user.get_username(), "affiliation": affiliation}})
    return panelist


def _ensure_rubric_open(recruitment: Recruitment) -> None:
    if ScoreSheet.objects.filter(assignment__candidate__recruitment=recruitment).exists():
        raise RubricLocked()


@transaction.atomic
def add_criterion(*, recruitment: Recruitment, name: str, max_points: int, weight: Decimal,
                  actor: Actor) -> Criterion:
    _ensure_rubric_open(recruitment)
    last = recruitment.criteria.order_by("-sort_key").values_list("sort_key", flat=True).first() or 0
    criterion = Criterion.objects.create(community_id=recruitment.community_id, recruitment=recruitment,
                                         name=name.strip(), max_points=max_points, weight=weight, sort_key=last + 1)
    audit.record("candidates.criterion.added", actor=actor, target=criterion, data={"after": {
        "name": criterion.name, "max_points": max_points, "weight": str(weight)}})
    return criterion


@transaction.atomic
def remove_criterion(*, criterion: Criterion, actor: Actor) -> None:
    _ensure_rubric_open(criterion.recruitment)
    audit.record("candidates.criterion.removed", actor=actor, target=criterion, data={"before": {
        "name": criterion.name, "max_points": criterion.max_points, "weight": str(criterion.weight)}})
    criterion.delete()


def _locked(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("nomination__owner").get(pk=candidate.pk)


def _ensure_interviewable(candidate: Candidate, action: str) -> None:
    if candidate.status != CandidateStatus.ELIGIBLE:
        raise WrongCandidateState(name=candidate.name, status=candidate.get_status_display(), action=action)


@transaction.atomic
def assign_panel(*, candidate: Candidate, panelists: Iterable[Panelist], actor: Actor) -> list[Assignment]:
    """Assign panelists to interview a candidate who passed the eligibility check."""
    candidate = _locked(candidate)
    _ensure_interviewable(candidate, _("安排面试"))
    have = set(candidate.assignments.values_list("panelist_id", flat=True))
    new = [Assignment(community_id=candidate.community_id, candidate=candidate, panelist=p)
           for p in panelists if p.pk not in have and p.recruitment_id == candidate.recruitment_id]
    Assignment.objects.bulk_create(new)
    audit.record("candidates.panel.assigned", actor=actor, target=candidate, data={"after": {
        "panelists": [a.panelist.user.get_username() for a in new]}})
    return list(candidate.assignments.all())


@transaction.atomic
def schedule_interview(*, candidate: Candidate, at: datetime, place: str, actor: Actor) -> Candidate:
    candidate = _locked(candidate)
    _ensure_interviewable(candidate, _("安排面试"))
    before = {"at": candidate.interview_at.isoformat() if candidate.interview_at else None,
              "place": candidate.interview_place}
    candidate.interview_at, candidate.interview_place = at, place.strip()
    candidate.save(update_fields=["interview_at", "interview_place"])
    audit.record("candidates.interview.scheduled", actor=actor, target=candidate,
                 data={"before": before, "after": {"at": at.isoformat(), "place": candidate.interview_place}})
    return candidate


def _own(assignment: Assignment, actor: AbstractBaseUser) -> Assignment:
    locked = Assignment.objects.select_for_update().select_related("candidate__nomination__owner", "panelist") \
        .get(pk=assignment.pk)
    if locked.panelist.user_id != actor.pk:
        raise NotYourAssignment()
    return locked


@transaction.atomic
def declare_conflict(*, assignment: Assignment, note: str, actor: AbstractBaseUser) -> Assignment:
    """A panelist who knows the candidate (relative, business, dispute) steps aside for that candidate."""
    assignment = _own(assignment, actor)
    if hasattr(assignment, "sheet"):
        raise AlreadyScored(when=f"{timezone.localtime(assignment.sheet.submitted_at):%Y-%m-%d %H:%M}",
                            name=assignment.candidate.name)
    if not note.strip():
        raise ReasonRequired()
    assignment.conflict_declared, assignment.conflict_note = True, note.strip()
    assignment.save(update_fields=["conflict_declared", "conflict_note"])
    audit.record("candidates.panel.conflict_declared", actor=actor, target=assignment,
                 data={"after": {"note": assignment.conflict_note}})
    _close_if_complete(assignment.candidate, actor)
    return assignment


def _ensure_interviewed(candidate: Candidate, now: datetime) -> None:
    """A sheet scores the interview: none before its scheduled time (issue 15, finding 11)."""
    if scoring_open(interview_at=candidate.interview_at, now=now):
        return
    if candidate.interview_at is None:
        raise InterviewNotScheduled(name=candidate.name)
    raise InterviewNotYet(name=candidate.name, when=f"{timezone.localtime(candidate.interview_at):%Y-%m-%d %H:%M}")


@transaction.atomic
def submit_scores(*, assignment: Assignment, points: Mapping[int, int], comment: str,
                  actor: AbstractBaseUser, now: datetime | None = None) -> ScoreSheet:
    """One sheet per panelist and candidate, after the interview began, every criterion within its range."""
    assignment = _own(assignment, actor)
    candidate = assignment.candidate
    now = now or timezone.now()
    if assignment.conflict_declared:
        raise ConflictOfInterest(name=candidate.name)
    if hasattr(assignment, "sheet"):
        raise AlreadyScored(when=f"{timezone.localtime(assignment.sheet.submitted_at):%Y-%m-%d %H:%M}",
                            name=candidate.name)
    _ensure_interviewable(candidate, _("评分"))
    _ensure_interviewed(candidate, now)
    criteria = list(Criterion.objects.filter(recruitment_id=candidate.recruitment_id))
    for criterion in criteria:
        if criterion.pk not in points:
            raise ScoreMissing(criterion=criterion.name)
        if not 0 <= points[criterion.pk] <= criterion.max_points:
            raise ScoreOutOfRange(criterion=criterion.name, max=criterion.max_points, points=points[criterion.pk])
    sheet = ScoreSheet.objects.create(community_id=candidate.community_id, assignment=assignment,
                                      submitted_at=now, comment=comment.strip())
    Score.objects.bulk_create([Score(community_id=candidate.community_id, sheet=sheet, criterion=c,
                                     points=points[c.pk]) for c in criteria])
    audit.record("candidates.panel.scored", actor=actor, target=sheet, data={"after": {
        "candidate": candidate.pk, "points": {c.name: points[c.pk] for c in criteria}}})
    _close_if_complete(candidate, actor)
    return sheet


def _close_if_complete(candidate: Candidate, actor: Actor) -> None:
    """When every panelist without a conflict has scored, store the panel's score and recommendation."""
    result = panel_result(candidate)
    if result is None or not result.complete or result.aggregate is None:
        return
    score = result.aggregate.score
    candidate.panel_score = Decimal(format_score(score))
    candidate.panel_recommended = result.recommended
    candidate.panel_reason = result.reason
    candidate.save(update_fields=["panel_score", "panel_recommended", "panel_reason"])
    audit.record("candidates.panel.completed", actor=actor, target=candidate, data={"after": {
        "score": str(score), "recommended": result.recommended, "reason": result.reason}})
