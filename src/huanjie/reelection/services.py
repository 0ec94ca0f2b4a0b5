"""Marking the steps of a re-election done, with who did it and the evidence."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from huanjie import audit
from huanjie.reelection.errors import (
    AssemblyTooLate,
    DoneInFuture,
    EvidenceRequired,
    StageAlreadyDone,
    TermAlreadyStarted,
)
from huanjie.reelection.evidence import checked_evidence
from huanjie.reelection.models import STAGE_LABELS, Reelection, StageProgress
from huanjie.roster.models import Community
from huanjie.rules.timeline import Stage, requires_evidence


@transaction.atomic
def mark_stage_done(*, reelection: Reelection, stage: Stage, done_on: date, note: str = "",
                    evidence: UploadedFile | None = None, actor: AbstractBaseUser | None,
                    today: date) -> StageProgress:
    """Record that a step is done; steps that leave a paper behind need that paper attached."""
    label = str(STAGE_LABELS[stage])
    earlier = StageProgress.objects.filter(reelection=reelection, stage=stage.value).first()
    if earlier is not None:
        raise StageAlreadyDone(stage=label, day=earlier.done_on.isoformat())
    if done_on > today:
        raise DoneInFuture(day=done_on.isoformat(), today=today.isoformat())
    if evidence is None and requires_evidence(stage):
        raise EvidenceRequired(stage=label)
    progress = StageProgress(community_id=reelection.community_id, reelection=reelection, stage=stage.value,
                             done_on=done_on, note=note.strip(), done_by=actor if getattr(actor, "pk", None) else None)
    if evidence is not None:
        extension, content_type = checked_evidence(evidence)
        evidence.name = f"{stage.value}-{uuid.uuid4().hex[:12]}.{extension}"
        progress.evidence, progress.evidence_type = evidence, content_type
    progress.save()
    audit.record("reelection.stage.done", actor=actor, target=reelection, data={"after": {
        "stage": stage.value, "done_on": done_on.isoformat(), "note": progress.note,
        "evidence": progress.evidence.name if progress.evidence else None,
    }})
    return progress


@transaction.atomic
def schedule_assembly(*, reelection: Reelection, assembly_date: date, actor: AbstractBaseUser | None) -> Reelection:
    """Set the owners' assembly date; every step before and after it is dated from it."""
    if assembly_date >= reelection.term_end:
        raise AssemblyTooLate(day=assembly_date.isoformat(), end=reelection.term_end.isoformat())
    before = reelection.assembly_date
    reelection.assembly_date = assembly_date
    reelection.save(update_fields=["assembly_date"])
    audit.record("reelection.assembly.scheduled", actor=actor, target=reelection, data={
        "before": {"assembly_date": before.isoformat() if before else None},
        "after": {"assembly_date": assembly_date.isoformat()}})
    return reelection


@transaction.atomic
def start_reelection(*, community: Community, term_number: int, term_end: date, assembly_date: date | None = None,
                     actor: AbstractBaseUser | None) -> Reelection:
    """启动换届: the re-election electing the `term_number`-th committee, whose predecessor's term ends
    on `term_end`; every stage's due date is computed from it (and from the assembly date once set)."""
    earlier = Reelection.objects.filter(community=community, term_number=term_number).first()
    if earlier is not None:
        raise TermAlreadyStarted(term=term_number, day=f"{earlier.created_at:%Y-%m-%d}")
    if assembly_date is not None and assembly_date >= term_end:
        raise AssemblyTooLate(day=assembly_date.isoformat(), end=term_end.isoformat())
    reelection = Reelection.objects.create(community=community, term_number=term_number, term_end=term_end,
                                           assembly_date=assembly_date)
    audit.record("reelection.started", actor=actor, target=reelection, data={"after": {
        "term_number": term_number, "term_end": term_end.isoformat(),
        "assembly_date": assembly_date.isoformat() if assembly_date else None}})
    return reelection
