"""Writing, publishing and posting notices; raising and answering objections.

Periods follow Civil Code arts. 201 and 203: a notice published on day D with a period of N days
runs from D + 1 to D + N, or to the next working day when D + N is a statutory rest day
(`huanjie.rules.timeline.period_end`, with the app's holiday calendar); objections are taken from the day
of publication to the last day of the period; the step that waits for the notice may start on
the day after the period ends, and only when every objection has been answered.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit, uploads
from huanjie.holidays.selectors import app_calendar
from huanjie.notices.errors import (
    EvidenceFileRejected,
    NoticeHolidaysNotVerified,
    NoticeIncomplete,
    NoticeNotDraft,
    NoticeNotPublished,
    NoticePeriodNotOver,
    NoticeTooLate,
    NoticeWithdrawn,
    ObjectionAlreadyDecided,
    ObjectionOutsidePeriod,
    ObjectionsStillOpen,
    ReasonRequired,
    WithdrawalReasonRequired,
)
from huanjie.notices.models import (
    OPEN_OBJECTION_STATES,
    Channel,
    Notice,
    NoticeKind,
    NoticeStatus,
    Objection,
    ObjectionStatus,
    Posting,
)
from huanjie.notices.signals import objection_decided, publishing
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Unit
from huanjie.rules.restdays import HolidaysNotVerified
from huanjie.rules.timeline import (
    ASSEMBLY_NOTICE_DAYS,
    ROSTER_NOTICE_DAYS,
    PeriodEnd,
    at_least_days_before,
    period_end,
)

Actor = AbstractBaseUser | None

# 公示 (with an objection period) as opposed to 公告 (an announcement): these need a period.
KINDS_WITH_PERIOD = frozenset({NoticeKind.ROSTER_AND_RULES, NoticeKind.CANDIDATE_LIST,
                               NoticeKind.PRELIMINARY_RESULTS})
# Announcements of an event go up a statutory number of days before it, counted back from the
# event with the bound included (Civil Code art. 1259): the assembly is notified to all owners at
# least 15 days before (物业管理条例 art. 14), and the roster, headcount, areas and voting rules
# are posted at least 15 days before it (SH art. 29, law.md). A meeting cannot be announced after it.
EVENT_LEAD_DAYS = {NoticeKind.ELECTION: ASSEMBLY_NOTICE_DAYS, NoticeKind.ROSTER_AND_RULES: ROSTER_NOTICE_DAYS,
                   NoticeKind.CANDIDATES_MEETING: 0}
KINDS_WITH_EVENT = frozenset({NoticeKind.ELECTION, NoticeKind.CANDIDATES_MEETING})
# Photos and scans only: evidence is looked at by people, not executed.
EVIDENCE = uploads.Rule(10 * uploads.MB, (*uploads.PHOTOS, uploads.HEIC, uploads.PDF))


def check_evidence_file(upload: UploadedFile | None, prefix: str = "") -> str:
    """The name to store an acceptable photo or scan under ("" for none); EvidenceFileRejected otherwise."""
    if upload is None:
        return ""
    return uploads.stored_name(uploads.checked_upload(upload, EVIDENCE, refused=EvidenceFileRejected), prefix)


def _snapshot(notice: Notice) -> dict[str, Any]:
    snapshot = {"kind": notice.kind, "title": notice.title, "body": notice.body, "table": notice.table,
                "issuer": notice.issuer, "period_days": notice.period_days}
    if notice.event_on is not None:  # absent rather than null, so notices without an event keep their digest
        snapshot["event_on"] = notice.event_on.isoformat()
    return snapshot


@transaction.atomic
def create_notice(*, community: Community, reelection: Reelection | None, kind: str, title: str, body: str,
                  issuer: str, period_days: int, actor: Actor, table: dict[str, Any] | None = None,
                  event_on: date | None = None) -> Notice:
    """A draft; nothing is public until `publish_notice`."""
    notice = Notice.objects.create(
        community=community, reelection=reelection, kind=kind, title=title.strip(), body=body.strip(),
        issuer=issuer.strip(), period_days=period_days, table=table or {}, created_by=actor, event_on=event_on,
    )
    audit.record("notice.created", actor=actor, target=notice, data={"after": _snapshot(notice)})
    return notice


@transaction.atomic
def edit_notice(*, notice: Notice, title: str, body: str, issuer: str, period_days: int, event_on: date | None,
                actor: Actor) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _ensure_draft(notice)
    before = _snapshot(notice)
    notice.title, notice.body, notice.issuer = title.strip(), body.strip(), issuer.strip()
    notice.period_days, notice.event_on = period_days, event_on
    notice.save(update_fields=["title", "body", "issuer", "period_days", "event_on"])
    audit.record("notice.edited", actor=actor, target=notice, data={"before": before, "after": _snapshot(notice)})
    return notice


def _ensure_draft(notice: Notice) -> None:
    if notice.status != NoticeStatus.DRAFT:
        raise NoticeNotDraft(title=str(notice), status=notice.get_status_display())


def missing_fields(notice: Notice) -> list[str]:
    """The required fields a draft still lacks, in the words the form uses."""
    missing = []
    if not notice.title.strip():
        missing.append(str(_("标题")))
    if not notice.body.strip():
        missing.append(str(_("正文")))
    if not notice.issuer.strip():
        missing.append(str(_("落款")))
    if notice.kind in KINDS_WITH_PERIOD and notice.period_days < 1:
        missing.append(str(_("公示期（天）")))
    if notice.kind == NoticeKind.CANDIDATE_LIST and not notice.table.get("rows"):
        missing.append(str(_("候选人名单")))
    if notice.kind in KINDS_WITH_EVENT and notice.event_on is None:
        missing.append(str(_("会议日期")))
    return missing


def ensure_lead_time(notice: Notice, today: date) -> None:
    """An announcement published on `today` must leave the statutory days before its event."""
    days = EVENT_LEAD_DAYS.get(NoticeKind(notice.kind))
    if days is None or notice.event_on is None:
        return
    latest = at_least_days_before(notice.event_on, days)
    if today > latest:
        raise NoticeTooLate(title=str(notice), event=notice.event_on.isoformat(), days=days,
                            latest=latest.isoformat(), today=today.isoformat())


def notice_period_end(published_on: date, period_days: int) -> PeriodEnd:
    """The last day of a period published on `published_on` (arts. 201, 203 ¶1); refused for an unverified year."""
    try:
        return period_end(published_on, days=period_days, calendar=app_calendar())
    except HolidaysNotVerified as missing:
        raise NoticeHolidaysNotVerified(year=missing.year) from None


def content_digest(notice: Notice) -> str:
    data = json.dumps(_snapshot(notice), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


@transaction.atomic
def publish_notice(*, notice: Notice, actor: Actor, today: date, now: datetime | None = None) -> Notice:
    """Fix the text and the period (Civil Code arts. 201, 203) and put the notice on its public page.

    `now`, the moment it went up (the current time unless given), is on `today`."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _ensure_draft(notice)
    missing = missing_fields(notice)
    if missing:
        raise NoticeIncomplete(fields="、".join(missing))
    ensure_lead_time(notice, today)
    publishing.send(sender=Notice, notice=notice, today=today)  # the apps a notice lists may refuse it
    end = notice_period_end(today, notice.period_days) if notice.has_period else None
    notice.status = NoticeStatus.PUBLISHED
    notice.published_on = today
    notice.period_starts_on = today + timedelta(days=1) if end else today
    notice.period_ends_on = end.last_day if end else today
    notice.period_moved_from = end.moved_from if end else None
    notice.period_moved_reason = (end.reason or "") if end else ""
    notice.content_sha256 = content_digest(notice)
    notice.published_by, notice.published_at = actor, now or timezone.now()
    notice.save()
    Posting.objects.create(community_id=notice.community_id, notice=notice, channel=Channel.WEB,
                           location=_("网上公示页"), posted_at=notice.published_at, posted_by=actor)
    entry = audit.record("notice.published", actor=actor, target=notice, data={
        "after": {"published_on": today.isoformat(), "period_ends_on": notice.period_ends_on.isoformat(),
                  "sha256": notice.content_sha256,
                  **({"period_moved_from": notice.period_moved_from.isoformat(),
                      "period_moved_reason": notice.period_moved_reason} if notice.period_moved_from else {})}})
    notice.audit_head = entry.hash
    notice.save(update_fields=["audit_head"])
    audit.sign_checkpoint(entry)  # the head printed on the notice is signed, with a key outside the database
    return notice


@transaction.atomic
def record_posting(*, notice: Notice, channel: str, location: str, posted_at: datetime,
                   photo: UploadedFile | None, actor: Actor) -> Posting:
    """The posting log: who put the notice up where and when, with a photo of it on the wall."""
    if not notice.is_published:
        raise NoticeNotPublished(title=str(notice))
    stored = check_evidence_file(photo, "posting-")
    posting = Posting(community_id=notice.community_id, notice=notice, channel=channel,
                      location=location.strip(), posted_at=posted_at, posted_by=actor)
    if photo is not None:
        posting.photo.save(stored, photo, save=False)
    posting.save()
    audit.record("notice.posted", actor=actor, target=notice, data={"after": {
        "channel": channel, "location": posting.location, "posted_at": posted_at.isoformat(),
        "photo": posting.photo.name}})
    return posting


def ensure_next_step_may_start(*, notice: Notice, today: date) -> None:
    """A step waiting for this notice starts the day after its period, with every objection answered."""
    if notice.is_withdrawn:
        raise NoticeWithdrawn(title=str(notice), reason=notice.withdrawn_reason)
    if not notice.is_published or notice.period_ends_on is None:
        raise NoticeNotPublished(title=str(notice))
    if today <= notice.period_ends_on:
        raise NoticePeriodNotOver(title=str(notice), ends=notice.period_ends_on.isoformat(),
                                  next_day=(notice.period_ends_on + timedelta(days=1)).isoformat())
    still_open = notice.objections.filter(status__in=OPEN_OBJECTION_STATES).count()
    if still_open:
        raise ObjectionsStillOpen(title=str(notice), count=still_open)


@transaction.atomic
def withdraw_notice(*, notice: Notice, reason: str, actor: Actor) -> Notice:
    """Take a published notice down: its public page stays, saying it was withdrawn and why.

    The text and its digest are kept as they were published — a withdrawn notice is not edited,
    it is replaced by a new one. Objections can no longer be raised against it.
    """
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice.is_published:
        raise NoticeNotPublished(title=str(notice))
    if not reason.strip():
        raise WithdrawalReasonRequired()
    notice.status = NoticeStatus.WITHDRAWN
    notice.withdrawn_reason, notice.withdrawn_by, notice.withdrawn_at = reason.strip(), actor, timezone.now()
    notice.save(update_fields=["status", "withdrawn_reason", "withdrawn_by", "withdrawn_at"])
    audit.record("notice.withdrawn", actor=actor, target=notice, data={
        "before": {"status": NoticeStatus.PUBLISHED}, "after": {"status": notice.status,
                                                                "reason": notice.withdrawn_reason}})
    return notice


@transaction.atomic
def raise_objection(*, notice: Notice, text: str, objector_name: str, objector_unit: Unit | None,
                    actor: Actor, today: date, subject: models.Model | None = None, subject_label: str = "",
                    evidence: UploadedFile | None = None) -> Objection:
    """An objection during the period (online by the owner, or a paper one recorded by staff)."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice.is_published or notice.published_on is None or notice.period_ends_on is None:
        raise NoticeNotPublished(title=str(notice))
    if not notice.has_period or not notice.published_on <= today <= notice.period_ends_on:
        raise ObjectionOutsidePeriod(title=str(notice), starts=notice.published_on.isoformat(),
                                     ends=notice.period_ends_on.isoformat(), today=today.isoformat())
    stored = check_evidence_file(evidence, "objection-")
    objection = Objection(
        community_id=notice.community_id, notice=notice, objector_name=objector_name.strip(),
        objector_unit=objector_unit, raised_by=actor, raised_on=today, text=text.strip(),
        subject_label=subject_label.strip(),
    )
    if subject is not None:
        objection.subject_type = ContentType.objects.get_for_model(subject)
        objection.subject_id = subject.pk
    if evidence is not None:
        objection.evidence.save(stored, evidence, save=False)
    objection.save()
    audit.record("notice.objection.raised", actor=actor, target=objection, data={"after": {
        "notice": notice.pk, "subject": objection.subject_label, "text": objection.text}})
    return objection


@transaction.atomic
def start_investigation(*, objection: Objection, actor: Actor) -> Objection:
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise ObjectionAlreadyDecided(status=objection.get_status_display())
    objection.status = ObjectionStatus.INVESTIGATING
    objection.save(update_fields=["status"])
    audit.record("notice.objection.investigating", actor=actor, target=objection,
                 data={"before": {"status": ObjectionStatus.OPEN}, "after": {"status": objection.status}})
    return objection


@transaction.atomic
def decide_objection(*, objection: Objection, upheld: bool, reason: str, actor: Actor,
                     now: datetime | None = None) -> Objection:
    """Uphold or dismiss with a reason; the reason is the answer the objector reads.

    Apps that listed the subject act on the decision in the same transaction (signal
    `objection_decided`): an upheld objection to a candidate withdraws the candidate.
    """
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not objection.is_open:
        raise ObjectionAlreadyDecided(status=objection.get_status_display())
    if not reason.strip():
        raise ReasonRequired()
    before = objection.status
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.answer, objection.answered_by, objection.answered_at = reason.strip(), actor, now or timezone.now()
    objection.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit.record("notice.objection.decided", actor=actor, target=objection, data={
        "before": {"status": before}, "after": {"status": objection.status, "answer": objection.answer}})
    objection_decided.send(sender=Objection, objection=objection, actor=actor, now=objection.answered_at)
    return objection
