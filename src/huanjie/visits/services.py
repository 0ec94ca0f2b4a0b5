"""Recording visits. A visit is never edited: a second visit to the same unit is a new row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from huanjie import audit
from huanjie.roster.models import Community, Unit
from huanjie.roster.selectors import units_named
from huanjie.visits.errors import (
    AmbiguousUnit,
    FollowUpBeforeVisit,
    FutureVisit,
    KeyReused,
    UnknownUnit,
    VisitorMissing,
)
from huanjie.visits.models import Outcome, Visit

# A short form that fits several flats is answered with at most this many of them.
SHOWN_CHOICES = 6


@dataclass(frozen=True)
class Recorded:
    visit: Visit
    created: bool  # False when the same submission had already arrived (a resend)


def find_unit(*, community: Community, code: str) -> Unit:
    """The unit of this community that `code` names: its code as the roster writes it (`1号楼101室`),
    or any other way of writing the same flat (`1-101`, `1幢101`, full-width digits).

    A unit of another community is unknown here; a short form that fits several flats
    (`1-101` where 1号楼 has two entrances) is refused with the flats it could be.
    """
    typed = code.strip()
    found = units_named(community, typed)
    if not found:
        raise UnknownUnit(code=typed)
    if len(found) > 1:
        shown = "、".join(u.code for u in found[:SHOWN_CHOICES]) + ("…" if len(found) > SHOWN_CHOICES else "")
        raise AmbiguousUnit(code=typed, units=shown)
    return found[0]


@transaction.atomic
def record_visit(*, community: Community, unit: Unit, visited_on: date, visitor: str, second_visitor: str = "",
                 outcome: Outcome, notes: str = "", follow_up_on: date | None = None,
                 actor: AbstractBaseUser | None, today: date, idempotency_key: str = "") -> Recorded:
    """Store one visit; a resend with the same `idempotency_key` returns the visit already stored."""
    if idempotency_key:
        earlier = Visit.objects.filter(community=community, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return _resent(earlier, unit)
    try:
        with transaction.atomic():
            return Recorded(_create(community=community, unit=unit, visited_on=visited_on, visitor=visitor,
                                    second_visitor=second_visitor, outcome=outcome, notes=notes,
                                    follow_up_on=follow_up_on, actor=actor, today=today,
                                    idempotency_key=idempotency_key), True)
    except IntegrityError:
        # Two resends raced each other: the other one won, and this one is the same visit.
        earlier = Visit.objects.filter(community=community, idempotency_key=idempotency_key).first()
        if not idempotency_key or earlier is None:
            raise
        return _resent(earlier, unit)


def _resent(earlier: Visit, unit: Unit) -> Recorded:
    if earlier.unit_id != unit.pk:
        raise KeyReused(key=earlier.idempotency_key, code=earlier.unit.code)
    return Recorded(earlier, False)


def _create(*, community: Community, unit: Unit, visited_on: date, visitor: str, second_visitor: str,
            outcome: Outcome, notes: str, follow_up_on: date | None, actor: AbstractBaseUser | None,
            today: date, idempotency_key: str) -> Visit:
    if unit.community_id != community.pk:
        raise UnknownUnit(code=unit.code)
    if visited_on > today:
        raise FutureVisit(day=visited_on.isoformat(), today=today.isoformat())
    if follow_up_on is not None and follow_up_on < visited_on:
        raise FollowUpBeforeVisit(follow_up=follow_up_on.isoformat(), day=visited_on.isoformat())
    if not visitor.strip():
        raise VisitorMissing()
    visit = Visit.objects.create(
        community=community, unit=unit, visited_on=visited_on, visitor=visitor.strip(),
        second_visitor=second_visitor.strip(), outcome=outcome, notes=notes.strip(), follow_up_on=follow_up_on,
        recorded_by=actor if getattr(actor, "pk", None) else None, idempotency_key=idempotency_key,
    )
    audit.record("visits.visit.recorded", actor=actor, target=visit, data={"after": {
        "unit": unit.code, "visited_on": visited_on.isoformat(), "outcome": str(outcome),
        "visitors": [v for v in (visit.visitor, visit.second_visitor) if v],
        "follow_up_on": follow_up_on.isoformat() if follow_up_on else None,
    }})
    return visit
