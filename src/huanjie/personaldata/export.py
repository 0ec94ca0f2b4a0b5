"""An owner's copy of everything huanjie holds about them (个人信息保护法 art. 45: the right to a copy).

The copy covers the units the owner signed in for: the roster rows (names and phone numbers in
full: they are the owner's own), visits, demands, candidacy, objections, questions, proxies and
the delivery of their ballot paper, and their ballot's receipt, channel and time. Never the
ballot's choices (a receipt proves the counting, not the vote), nor a proxy's instructions (they
carry the vote as well); other people's phone numbers are masked.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from huanjie import audit
from huanjie.accounts.models import OwnerAccessCode
from huanjie.accounts.selectors import owner_unit_ids
from huanjie.audit.models import AuditRecord
from huanjie.candidates.models import ArrearsEntry, MeetingAttendee, MeetingQuestion, Nomination, Supporter
from huanjie.ledgers.models import Demand
from huanjie.notices.models import Objection
from huanjie.privacy import mask_phone
from huanjie.projects.models import Notification
from huanjie.roster.models import Community, Owner, Unit
from huanjie.visits.models import Visit
from huanjie.voting.models import Ballot, Delivery, Proxy, SnapshotUnit

FORMAT = "huanjie-personal-data/1"


def _when(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def owner_data(*, user: AbstractBaseUser, community: Community) -> dict[str, Any]:
    """Everything about the units `user` signed in for, as plain JSON values."""
    units = list(
        Unit.objects.filter(community=community, pk__in=owner_unit_ids(user, community))
        .select_related("building")
        .order_by("sort_key", "code")
    )
    owners = list(
        Owner.objects.filter(community=community, ownerships__unit__in=units).distinct().order_by("identifier")
    )
    codes = [unit.code for unit in units]
    return {
        "format": FORMAT,
        "generated_at": _when(timezone.now()),
        "community": {"name": community.name, "address": community.address},
        "units": [_unit(unit) for unit in units],
        "owners": [_owner(owner, units) for owner in owners],
        "access_codes": _access_codes(units),
        "sign_ins": _sign_ins(units),
        "visits": _visits(units),
        "demands": _demands(community, units),
        "candidacy": _candidacy(community, owners, units),
        "objections": [
            {
                "notice": str(o.notice),
                "subject": o.subject_label,
                "objector": o.objector_name,
                "raised_on": _when(o.raised_on),
                "text": o.text,
                "status": o.get_status_display(),
                "answer": o.answer,
            }
            for o in Objection.objects.filter(community=community, objector_unit__in=units)
            .select_related("notice")
            .order_by("raised_on", "pk")
        ],
        "notifications": [
            {"at": _when(n.created_at), "text": n.text}
            for n in Notification.objects.filter(community=community, unit__in=units)
        ],
        "voting": _voting(community, codes),
        "proxies_held": _proxies_held(community, owners),
    }


def _unit(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "building": unit.building.name if unit.building else "",
        "floor": unit.floor,
        "area": str(unit.area),
        "area_source": unit.get_area_source_display(),
        "status": unit.get_status_display(),
    }


def _owner(owner: Owner, units: list[Unit]) -> dict[str, Any]:
    mine = owner.ownerships.filter(unit__in=units).values_list("unit__code", flat=True)
    return {"identifier": owner.identifier, "name": owner.name, "phone": owner.phone, "units": sorted(mine)}


def _access_codes(units: list[Unit]) -> list[dict[str, Any]]:
    return [
        {
            "unit": c.unit.code,
            "issued_at": _when(c.issued_at),
            "used_at": _when(c.used_at),
            "revoked_at": _when(c.revoked_at),
        }
        for c in OwnerAccessCode.objects.filter(unit__in=units).select_related("unit").order_by("issued_at")
    ]


def _sign_ins(units: list[Unit]) -> list[dict[str, Any]]:
    records = AuditRecord.objects.filter(
        code="accounts.owner.signed_in", target_type="roster.unit", target_id__in=[str(unit.pk) for unit in units]
    ).order_by("sequence")
    return [{"at": _when(r.at), "unit": r.target_label} for r in records]


def _visits(units: list[Unit]) -> list[dict[str, Any]]:
    return [
        {
            "unit": v.unit.code,
            "visited_on": _when(v.visited_on),
            "visitors": [name for name in (v.visitor, v.second_visitor) if name],
            "outcome": v.get_outcome_display(),
            "notes": v.notes,
            "follow_up_on": _when(v.follow_up_on),
        }
        for v in Visit.objects.filter(unit__in=units).select_related("unit").order_by("visited_on", "pk")
    ]


def _demands(community: Community, units: list[Unit]) -> list[dict[str, Any]]:
    demands = (
        Demand.objects.filter(community=community, unit__in=units)
        .select_related("unit", "category")
        .prefetch_related("events")
        .order_by("number")
    )
    return [
        {
            "number": d.number,
            "unit": d.unit.code if d.unit else "",
            "source": d.get_source_display(),
            "category": d.category.name,
            "summary": d.summary,
            "detail": d.detail,
            "status": d.get_status_display(),
            "answer": d.answer,
            "recorded_on": _when(d.recorded_on),
            "answered_on": _when(d.answered_on),
            "closed_on": _when(d.closed_on),
            "follow_up": d.get_follow_up_display(),
            "history": [
                {"at": _when(e.at), "status": e.get_to_status_display(), "note": e.note} for e in d.events.all()
            ],
        }
        for d in demands
    ]


def _candidacy(community: Community, owners: list[Owner], units: list[Unit]) -> dict[str, Any]:
    nominations = (
        Nomination.objects.filter(community=community, owner__in=owners)
        .select_related("unit", "owner")
        .order_by("submitted_at")
    )
    return {
        "nominations": [_nomination(n) for n in nominations],
        "co_signed": [
            {"nominee": s.nomination.owner.name, "unit": s.unit.code, "signed_at": _when(s.signed_at)}
            for s in Supporter.objects.filter(community=community, unit__in=units).select_related(
                "nomination__owner", "unit"
            )
        ],
        "arrears": [
            {"unit": a.unit.code, "amount": str(a.amount), "note": a.note}
            for a in ArrearsEntry.objects.filter(community=community, unit__in=units).select_related("unit")
        ],
        "meetings_attended": [
            {"meeting": str(a.meeting), "unit": a.unit.code, "signed_at": _when(a.signed_at)}
            for a in MeetingAttendee.objects.filter(community=community, unit__in=units).select_related(
                "meeting", "unit"
            )
        ],
        "questions": [
            {"meeting": str(q.meeting), "asker": q.asker_name, "text": q.text, "asked_at": _when(q.asked_at)}
            for q in MeetingQuestion.objects.filter(community=community, unit__in=units).select_related("meeting")
        ],
    }


def _nomination(n: Nomination) -> dict[str, Any]:
    data: dict[str, Any] = {
        "nominee": n.owner.name,
        "unit": n.unit.code,
        "method": n.get_method_display(),
        "channel": n.get_channel_display(),
        "submitted_at": _when(n.submitted_at),
        "gender": n.get_gender_display(),
        "age_band": n.get_age_band_display(),
        "occupation": n.occupation,
        "party_member": n.party_member,
        "skills": n.skills,
        "time_available": n.get_time_available_display(),
        "statement": n.statement,
        "consent_to_publish": n.consent_to_publish,
        "status": n.get_status_display(),
    }
    candidate = getattr(n, "candidate", None)
    if candidate is not None:
        data["review"] = {
            "status": candidate.get_status_display(),
            "reason": candidate.status_reason,
            "interview_at": _when(candidate.interview_at),
            "interview_place": candidate.interview_place,
            "panel_score": str(candidate.panel_score) if candidate.panel_score is not None else None,
            "panel_recommended": candidate.panel_recommended,
            "panel_reason": candidate.panel_reason,
            "checks": [
                {
                    "condition": c.condition,
                    "met": c.met,
                    "evidence": c.evidence,
                    "reason": c.reason,
                    "file": bool(c.evidence_file),
                }
                for c in candidate.checks.order_by("pk")
            ],
        }
    return data


def _voting(community: Community, codes: list[str]) -> list[dict[str, Any]]:
    """Per paper (per assembly, or per unit where papers are per unit): the paper, its delivery, the
    proxy given, and each ballot's receipt — no choices."""
    rows = (
        SnapshotUnit.objects.filter(community=community, code__in=codes)
        .select_related("assembly", "entity", "paper")
        .prefetch_related("entity__papers")
        .order_by("assembly__opens_at", "position")
    )
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for row in rows:
        entity, own = row.entity, getattr(row, "paper", None)  # a per-unit paper, if the unit has one
        paper = own or entity.paper
        key = ("paper", paper.pk) if paper else ("entity", entity.pk)
        if key in found:
            continue
        found[key] = {
            "assembly": row.assembly.title,
            "units": row.code if own else entity.label,
            "area": str(row.area if own else entity.area),
            "paper": paper.serial if paper else None,
            "code_used_at": _when(paper.code_used_at) if paper else None,
            "deliveries": [
                {
                    "outcome": d.get_outcome_display(),
                    "delivered_by": d.delivered_by,
                    "delivered_at": _when(d.delivered_at),
                    "signed_by": d.signed_by,
                    "relation": d.relation,
                    "reason": d.get_reason_display(),
                    "note": d.note,
                }
                for d in Delivery.objects.filter(paper=paper).order_by("delivered_at", "pk")
            ]
            if paper
            else [],
            "proxies_given": [
                {
                    "grantor": p.grantor_name,
                    "holder": p.holder_name,
                    "holder_phone": mask_phone(p.holder_phone),
                    "status": p.get_status_display(),
                    "revoked_reason": p.revoked_reason,
                    "recorded_at": _when(p.recorded_at),
                }
                for p in Proxy.objects.filter(entity=entity).order_by("pk")
            ],
            # The receipt, the channel and the time prove the ballot was counted; its choices stay secret.
            "ballots": [
                {
                    "receipt": b.receipt,
                    "channel": b.get_channel_display(),
                    "received_at": _when(b.received_at),
                    "status": b.get_status_display(),
                    "invalid_reason": b.get_invalid_reason_display(),
                }
                for b in (
                    Ballot.objects.filter(paper=paper) if paper else Ballot.objects.filter(entity=entity)
                ).order_by("received_at", "pk")
            ],
        }
    return list(found.values())


def _proxies_held(community: Community, owners: list[Owner]) -> list[dict[str, Any]]:
    """Proxies where one of these owners is the holder (matched by phone number): units and status only."""
    phones = {_digits(owner.phone) for owner in owners if _digits(owner.phone)}
    if not phones:
        return []
    held = Proxy.objects.filter(community=community).select_related("assembly", "entity").order_by("pk")
    return [
        {
            "assembly": p.assembly.title,
            "units": p.entity.label,
            "holder": p.holder_name,
            "status": p.get_status_display(),
            "recorded_at": _when(p.recorded_at),
        }
        for p in held
        if _digits(p.holder_phone) in phones
    ]


def section_counts(data: dict[str, Any]) -> dict[str, int]:
    counts = {key: len(value) for key, value in data.items() if isinstance(value, list)}
    counts.update({f"candidacy.{key}": len(value) for key, value in data["candidacy"].items()})
    return counts


def _json_default(value: object) -> str:
    if isinstance(value, Decimal | date):
        return str(value)
    raise TypeError(type(value).__name__)


def export_zip(data: dict[str, Any]) -> bytes:
    """data.json (every field, for machines) and 个人信息摘要.html (the same, for reading) in one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
        archive.writestr("个人信息摘要.html", render_to_string("personaldata/summary.html", {"data": data}))
    return buffer.getvalue()


@transaction.atomic
def export_personal_data(*, user: AbstractBaseUser, community: Community) -> bytes:
    """The owner's copy, with an audit record of who took it and how much it held (no content)."""
    data = owner_data(user=user, community=community)
    units = (Unit.objects.filter(community=community, pk__in=owner_unit_ids(user, community))
             .order_by("sort_key", "code"))
    audit.record(
        "personaldata.exported",
        actor=user,
        target=units.first(),
        community_id=community.pk,
        data={"units": [unit.code for unit in units], "sections": section_counts(data)},
    )
    return export_zip(data)
