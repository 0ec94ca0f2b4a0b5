"""Ballot boxes and the double entry of paper ballots by two tellers.

Each paper ballot out of a box is entered by two tellers, neither seeing the other's entry.
When both agree the ballot is recorded; when they differ the reading is a mismatch, which
blocks the count until someone resolves it with a written explanation, all in the audit chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.voting.choices import clean_choices
from huanjie.voting.errors import (
    AlreadyEntered,
    BoxAlreadyOpen,
    BoxNotOpen,
    NotAMismatch,
    ReadingComplete,
    ReasonRequired,
    ResolutionRequired,
    UnknownSerial,
)
from huanjie.voting.models import (
    Assembly,
    AssemblyStatus,
    BallotBox,
    BallotPaper,
    BoxStatus,
    PaperReading,
    ReadingStatus,
    TellerEntry,
)
from huanjie.voting.services.assembly import guard
from huanjie.voting.services.ballots import record_paper_ballot


@transaction.atomic
def seal_box(*, assembly: Assembly, label: str, seal_number: str, sealed_before: str, actor: AbstractBaseUser,
             now: datetime | None = None) -> BallotBox:
    """A box sealed before the scrutineers named in `sealed_before`, while voting is prepared or open.

    After the voting has closed a box may be recorded only if the assembly has none at all (one
    opened before boxes were required): the papers handed back must be entered somehow, and the
    box's sealing time, after the close, says plainly when it was recorded.
    """
    if assembly.status not in (AssemblyStatus.DRAFT, AssemblyStatus.OPEN) and not may_record_late_box(assembly):
        guard(assembly, AssemblyStatus.OPEN, "封箱")
    box = BallotBox.objects.create(community_id=assembly.community_id, assembly=assembly, label=label.strip(),
                                   seal_number=seal_number.strip(), sealed_at=now or timezone.now(),
                                   sealed_by=actor, sealed_before=sealed_before.strip())
    audit.record("voting.box.sealed", actor=actor, target=box, data={"after": {
        "label": box.label, "seal_number": box.seal_number, "sealed_before": box.sealed_before}})
    return box


def may_record_late_box(assembly: Assembly) -> bool:
    """Closed without any box on record: the papers handed back still need a box to be entered from."""
    return assembly.status == AssemblyStatus.CLOSED and not BallotBox.objects.filter(assembly=assembly).exists()


def entry_advice(assembly: Assembly) -> str | None:
    """What to do before a teller can enter a paper ballot, when no box is open to enter it from."""
    boxes = list(BallotBox.objects.filter(assembly=assembly).order_by("label"))
    if any(box.status == BoxStatus.OPENED for box in boxes):
        return None
    if assembly.status in (AssemblyStatus.DRAFT, AssemblyStatus.OPEN):
        return _("投票尚未结束。纸质表决票在投票结束后、当着监票人开箱后才能录入。")
    if not boxes:
        return _("本次投票没有登记票箱，纸质表决票无从录入。请先在“票箱”页登记纸质票所在的票箱，"
                 "当着监票人开箱后再录入。")
    return _("还没有开箱的票箱。请先在“票箱”页当着监票人开箱（尚未开箱：%(boxes)s），再录入其中的纸质表决票。") % {
        "boxes": "、".join(box.label for box in boxes)}


@transaction.atomic
def open_box(*, box: BallotBox, opened_before: str, seal_intact: bool, actor: AbstractBaseUser,
             now: datetime | None = None) -> BallotBox:
    """Opening in public (开箱), after the voting window, before the scrutineers named."""
    box = BallotBox.objects.select_for_update().select_related("assembly").get(pk=box.pk)
    guard(box.assembly, AssemblyStatus.CLOSED, "开箱")
    if box.status == BoxStatus.OPENED:
        raise BoxAlreadyOpen(box=box.label, when=f"{timezone.localtime(box.opened_at):%Y-%m-%d %H:%M}")
    box.status, box.opened_at, box.opened_by = BoxStatus.OPENED, now or timezone.now(), actor
    box.opened_before, box.seal_intact = opened_before.strip(), seal_intact
    box.save(update_fields=["status", "opened_at", "opened_by", "opened_before", "seal_intact"])
    audit.record("voting.box.opened", actor=actor, target=box, data={
        "before": {"status": BoxStatus.SEALED},
        "after": {"status": BoxStatus.OPENED, "opened_before": box.opened_before, "seal_intact": seal_intact}})
    return box


@transaction.atomic
def enter_paper_ballot(*, box: BallotBox, serial: str, teller: AbstractBaseUser, valid: bool,
                       choices: dict[str, Any], invalid_reason: str = "",
                       now: datetime | None = None) -> PaperReading:
    """One teller's reading of one paper ballot; the second matching reading records the ballot."""
    box = BallotBox.objects.select_related("assembly").get(pk=box.pk)
    assembly = box.assembly
    guard(assembly, AssemblyStatus.CLOSED, "录入纸质票")
    if box.status != BoxStatus.OPENED:
        raise BoxNotOpen(box=box.label)
    if not valid and not invalid_reason:
        raise ReasonRequired()
    paper = BallotPaper.objects.filter(assembly=assembly, serial=serial.strip()).first()
    if paper is None:
        raise UnknownSerial(serial=serial.strip())
    reading, _ = PaperReading.objects.get_or_create(
        assembly=assembly, paper=paper, defaults={"community_id": assembly.community_id, "box": box})
    reading = PaperReading.objects.select_for_update().get(pk=reading.pk)
    if reading.status != ReadingStatus.WAITING:
        raise ReadingComplete(serial=paper.serial, status=ReadingStatus(reading.status).label)
    if reading.entries.filter(teller=teller).exists():
        raise AlreadyEntered(serial=paper.serial)
    cleaned = clean_choices(assembly.contests.all(), choices, strict=False) if valid else {}
    entry = TellerEntry.objects.create(community_id=assembly.community_id, reading=reading, teller=teller,
                                       valid=valid, invalid_reason="" if valid else invalid_reason,
                                       choices=cleaned, entered_at=now or timezone.now())
    audit.record("voting.paper.entered", actor=teller, target=reading, data={"serial": paper.serial,
                                                                             "entry": entry.pk})
    entries = list(reading.entries.order_by("entered_at", "pk"))
    if len(entries) == 2:
        first, second = entries
        if _reading_of(first) == _reading_of(second):
            _record(reading, first, actor=teller, status=ReadingStatus.MATCHED)
        else:
            reading.status = ReadingStatus.MISMATCH
            reading.save(update_fields=["status"])
            audit.record("voting.paper.mismatch", actor=teller, target=reading, data={"serial": paper.serial})
    return reading


@transaction.atomic
def resolve_mismatch(*, reading: PaperReading, actor: AbstractBaseUser, valid: bool, choices: dict[str, Any],
                     resolution: str, invalid_reason: str = "") -> PaperReading:
    """The tellers look at the paper again, before the scrutineers, and settle what it says."""
    reading = PaperReading.objects.select_for_update().select_related("paper").get(pk=reading.pk)
    if reading.status != ReadingStatus.MISMATCH:
        raise NotAMismatch(serial=reading.paper.serial, status=ReadingStatus(reading.status).label)
    if not resolution.strip():
        raise ResolutionRequired(serial=reading.paper.serial)
    if not valid and not invalid_reason:
        raise ReasonRequired()
    decided = TellerEntry(valid=valid, invalid_reason="" if valid else invalid_reason,
                          choices=clean_choices(reading.assembly.contests.all(), choices, strict=False)
                          if valid else {})
    reading.resolved_by, reading.resolution = actor, resolution.strip()
    before = [_reading_of(entry) for entry in reading.entries.order_by("entered_at", "pk")]
    _record(reading, decided, actor=actor, status=ReadingStatus.RESOLVED)
    audit.record("voting.paper.resolved", actor=actor, target=reading, data={
        "serial": reading.paper.serial, "before": before, "after": _reading_of(decided),
        "resolution": reading.resolution})
    return reading


def _reading_of(entry: TellerEntry) -> dict[str, Any]:
    return {"valid": entry.valid, "invalid_reason": entry.invalid_reason, "choices": entry.choices}


def _record(reading: PaperReading, entry: TellerEntry, *, actor: AbstractBaseUser, status: str) -> None:
    """Record the agreed reading as the ballot; a paper is received when its box is opened."""
    box = reading.box
    ballot = record_paper_ballot(paper=reading.paper, valid=entry.valid, choices=entry.choices, actor=actor,
                                 received_at=box.opened_at or timezone.now(), invalid_reason=entry.invalid_reason,
                                 note=f"{box.label} · {box.seal_number}")
    reading.ballot, reading.status = ballot, status
    reading.save(update_fields=["ballot", "status", "resolved_by", "resolution"])
