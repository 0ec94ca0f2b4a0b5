"""Every change to the demand ledger: one function each, atomic, with its audit record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.ledgers.errors import (
    AnswerRequired,
    BadDuplicate,
    CategoryExists,
    DueBeforeRecorded,
    FollowUpNotDue,
    FutureDate,
    HandlerRequired,
    InvalidTransition,
    PhotoRefused,
    ReasonRequired,
    ReopenNotAllowed,
)
from huanjie.ledgers.models import (
    DEFAULT_CATEGORIES,
    Category,
    Demand,
    DemandEvent,
    DemandPhoto,
    FollowUp,
    Handler,
    Source,
    Status,
    Urgency,
)
from huanjie.ledgers.workflow import REOPENABLE, allowed_targets
from huanjie.roster.models import Community, Unit
from huanjie.uploads import checked_photo
from huanjie.visits.models import Visit

# The owner is asked whether it held three weeks after the demand was closed.
FOLLOW_UP_AFTER = timedelta(weeks=3)

User = AbstractBaseUser | None


@dataclass(frozen=True)
class Recorded:
    demand: Demand
    created: bool  # False when the same submission had already arrived (a resend)


def _actor(actor: User) -> AbstractBaseUser | None:
    return actor if getattr(actor, "pk", None) else None


def _snapshot(demand: Demand) -> dict[str, object]:
    return {"status": demand.status, "handler": demand.handler, "due_on": demand.due_on,
            "answer": demand.answer, "duplicate_of": demand.duplicate_of_id, "follow_up": demand.follow_up}


def _event(demand: Demand, before: str, note: str, actor: User, now: datetime | None = None) -> None:
    DemandEvent.objects.create(community_id=demand.community_id, demand=demand, at=now or timezone.now(),
                               actor=_actor(actor), from_status=before, to_status=demand.status, note=note[:500])


def _guard(demand: Demand, target: str) -> None:
    if target not in allowed_targets(demand.status):
        labels = dict(Status.choices)
        allowed = "、".join(str(labels[s]) for s in allowed_targets(demand.status)) or _("（无）")
        raise InvalidTransition(number=demand.number, actual=labels[demand.status], target=labels[target],
                                allowed=allowed)


@transaction.atomic
def record_demand(*, community: Community, source: Source, category: Category, summary: str, detail: str = "",
                  unit: Unit | None = None, urgency: Urgency = Urgency.NORMAL, handler: str = "",
                  due_on: date | None = None, visit: Visit | None = None, recorded_on: date, actor: User,
                  today: date, idempotency_key: str = "", now: datetime | None = None) -> Recorded:
    """Write a demand into the ledger with the next number; a resend returns the stored one.

    `now` is the moment its event is logged at (the current time unless given), as for every change below."""
    if idempotency_key:
        earlier = Demand.objects.filter(community=community, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return Recorded(earlier, False)
    if recorded_on > today:
        raise FutureDate(day=recorded_on.isoformat(), today=today.isoformat())
    if due_on is not None and due_on < recorded_on:
        raise DueBeforeRecorded(due=due_on.isoformat(), recorded=recorded_on.isoformat())
    # Numbers are handed out one at a time per community: lock the community row while counting.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    number = (Demand.objects.filter(community=community).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            demand = Demand.objects.create(
                community=community, number=number, source=source, category=category, unit=unit,
                summary=summary.strip(), detail=detail.strip(), urgency=urgency, handler=handler, due_on=due_on,
                visit=visit, recorded_on=recorded_on, recorded_by=_actor(actor), idempotency_key=idempotency_key,
            )
    except IntegrityError:
        earlier = Demand.objects.filter(community=community, idempotency_key=idempotency_key).first()
        if not idempotency_key or earlier is None:
            raise
        return Recorded(earlier, False)
    _event(demand, "", summary, actor, now)
    audit.record("ledgers.demand.recorded", actor=actor, target=demand, data={"after": {
        "number": number, "source": str(source), "category": category.name, "unit": unit.code if unit else None,
        "urgency": str(urgency), "handler": handler, "due_on": due_on,
    }})
    return Recorded(demand, True)


@transaction.atomic
def assign_demand(*, demand: Demand, handler: Handler, due_on: date | None, actor: User,
                  now: datetime | None = None) -> Demand:
    """Hand the demand to who will deal with it, with a due date."""
    _guard(demand, Status.ASSIGNED)
    if not handler:
        raise HandlerRequired(number=demand.number)
    if due_on is not None and due_on < demand.recorded_on:
        raise DueBeforeRecorded(due=due_on.isoformat(), recorded=demand.recorded_on.isoformat())
    before = _snapshot(demand)
    demand.status, demand.handler, demand.due_on = Status.ASSIGNED, handler, due_on
    demand.save(update_fields=["status", "handler", "due_on"])
    _event(demand, Status.RECORDED, str(Handler(handler).label), actor, now)
    audit.record("ledgers.demand.assigned", actor=actor, target=demand, data={"before": before,
                                                                             "after": _snapshot(demand)})
    return demand


@transaction.atomic
def start_demand(*, demand: Demand, actor: User, now: datetime | None = None) -> Demand:
    _guard(demand, Status.IN_PROGRESS)
    return _move(demand, Status.IN_PROGRESS, "", actor, "ledgers.demand.started", now=now)


@transaction.atomic
def answer_demand(*, demand: Demand, answer: str, answered_on: date, actor: User,
                  now: datetime | None = None) -> Demand:
    """Record what the owner was told; the demand then waits to be closed."""
    _guard(demand, Status.ANSWERED)
    if not answer.strip():
        raise AnswerRequired(number=demand.number, action=_("标为已答复"))
    demand.answer, demand.answered_on = answer.strip(), answered_on
    return _move(demand, Status.ANSWERED, "", actor, "ledgers.demand.answered",
                 extra=["answer", "answered_on"], now=now)


@transaction.atomic
def close_demand(*, demand: Demand, closed_on: date, actor: User, now: datetime | None = None) -> Demand:
    """Close an answered demand; the follow-up with the owner falls due three weeks later."""
    _guard(demand, Status.CLOSED)
    if not demand.answer.strip():
        raise AnswerRequired(number=demand.number, action=_("办结"))
    demand.closed_on, demand.follow_up_due, demand.follow_up = closed_on, closed_on + FOLLOW_UP_AFTER, ""
    return _move(demand, Status.CLOSED, "", actor, "ledgers.demand.closed",
                 extra=["closed_on", "follow_up_due", "follow_up"], now=now)


@transaction.atomic
def reopen_demand(*, demand: Demand, reason: str, actor: User, now: datetime | None = None) -> Demand:
    """Send an answered or closed demand back to be handled again; the reason is kept."""
    if demand.status not in REOPENABLE:
        raise ReopenNotAllowed(number=demand.number, actual=Status(demand.status).label)
    if not reason.strip():
        raise ReasonRequired(number=demand.number)
    demand.closed_on, demand.follow_up_due = None, None
    return _move(demand, Status.IN_PROGRESS, reason.strip(), actor, "ledgers.demand.reopened",
                 extra=["closed_on", "follow_up_due"], now=now)


def _move(demand: Demand, target: Status, note: str, actor: User, code: str, *,
          extra: list[str] | None = None, now: datetime | None = None) -> Demand:
    before_status = Demand.objects.filter(pk=demand.pk).values_list("status", flat=True).get()
    before = {"status": before_status}
    demand.status = target
    demand.save(update_fields=["status", *(extra or [])])
    _event(demand, before_status, note, actor, now)
    audit.record(code, actor=actor, target=demand, data={"before": before, "after": _snapshot(demand),
                                                         "note": note})
    return demand


@transaction.atomic
def mark_duplicate(*, demand: Demand, original: Demand, actor: User, today: date,
                   now: datetime | None = None) -> Demand:
    """Link a demand to the one it repeats and close it with an answer pointing there."""
    reason = ""
    if original.community_id != demand.community_id:
        reason = _("不是同一个小区的诉求。")
    elif original.pk == demand.pk:
        reason = _("不能与自身重复。")
    elif original.duplicate_of_id is not None:
        reason = _("第%(n)s号本身是重复诉求，请关联到原始诉求第%(o)s号。") % {
            "n": original.number, "o": original.duplicate_of.number if original.duplicate_of else "?"}
    elif demand.duplicates.exists():
        reason = _("已有其他诉求关联到本诉求，请先处理它们。")
    elif demand.status == Status.CLOSED:
        reason = _("已办结的诉求不能再标为重复。")
    if reason:
        raise BadDuplicate(number=demand.number, original=original.number, reason=reason)
    before = _snapshot(demand)
    demand.duplicate_of = original
    pointer = _("与第%(n)s号诉求内容相同，并入该诉求办理，答复见第%(n)s号。") % {"n": original.number}
    demand.answer = demand.answer or pointer
    demand.status, demand.closed_on, demand.follow_up_due = Status.CLOSED, today, None
    demand.save(update_fields=["duplicate_of", "answer", "status", "closed_on", "follow_up_due"])
    _event(demand, str(before["status"]), _("重复于第%(n)s号") % {"n": original.number}, actor, now)
    audit.record("ledgers.demand.marked_duplicate", actor=actor, target=demand,
                 data={"before": before, "after": _snapshot(demand), "original": original.number})
    return demand


@transaction.atomic
def record_follow_up(*, demand: Demand, result: FollowUp, note: str, actor: User,
                     now: datetime | None = None) -> Demand:
    """The owner's answer weeks after closing; "unresolved" puts the demand back in hand."""
    if demand.status != Status.CLOSED:
        raise FollowUpNotDue(number=demand.number, actual=Status(demand.status).label)
    before = _snapshot(demand)
    demand.follow_up = result
    demand.save(update_fields=["follow_up"])
    audit.record("ledgers.demand.followed_up", actor=actor, target=demand,
                 data={"before": before, "after": _snapshot(demand), "note": note})
    if result == FollowUp.UNRESOLVED:
        reopen_demand(demand=demand, reason=_("回访：业主表示未解决。") + note, actor=actor, now=now)
    return demand


@transaction.atomic
def add_photo(*, demand: Demand, upload: UploadedFile, actor: User) -> DemandPhoto:
    """Attach a photo after checking it really is a JPEG, PNG or WebP image of modest size."""
    extension, content_type = checked_photo(upload, refused=PhotoRefused)
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    photo = DemandPhoto.objects.create(community_id=demand.community_id, demand=demand, image=upload,
                                       content_type=content_type, uploaded_by=_actor(actor))
    audit.record("ledgers.demand.photo_added", actor=actor, target=demand,
                 data={"after": {"photo": photo.image.name, "bytes": upload.size}})
    return photo


@transaction.atomic
def add_category(*, community: Community, name: str, actor: User) -> Category:
    name = name.strip()
    if Category.objects.filter(community=community, name=name).exists():
        raise CategoryExists(name=name)
    last = Category.objects.filter(community=community).aggregate(n=Max("sort_key"))["n"] or 0
    category = Category.objects.create(community=community, name=name, sort_key=last + 1)
    audit.record("ledgers.category.added", actor=actor, target=category, data={"after": {"name": name}})
    return category


@transaction.atomic
def set_category_active(*, category: Category, active: bool, actor: User) -> Category:
    before = category.active
    category.active = active
    category.save(update_fields=["active"])
    audit.record("ledgers.category.toggled", actor=actor, target=category,
                 data={"before": {"active": before}, "after": {"active": active}})
    return category


@transaction.atomic
def add_default_categories(*, community: Community, actor: User) -> list[Category]:
    """The usual list (lift, common income, facade, ...); names already there are kept as they are."""
    have = set(Category.objects.filter(community=community).values_list("name", flat=True))
    made = Category.objects.bulk_create([Category(community=community, name=name, sort_key=i)
                                         for i, name in enumerate(DEFAULT_CATEGORIES, start=1) if name not in have])
    audit.record("ledgers.category.defaults_added", actor=actor, community_id=community.pk,
                 data={"after": [c.name for c in made]})
    return made
