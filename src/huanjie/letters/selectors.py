"""Where a community's letters stand: issued, still valid, used to sign in, delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from huanjie.accounts.models import OwnerAccessCode
from huanjie.letters.models import LetterDelivery
from huanjie.roster.models import Community, Unit
from huanjie.voting.models import DeliveryOutcome


@dataclass(frozen=True)
class LetterCounts:
    units: int
    valid: int  # units holding a code that still signs in
    signed_in: int  # units whose owner has signed in
    without: int  # units with neither
    delivered: int  # units whose latest letter was signed for


def latest_letters(community: Community) -> QuerySet[OwnerAccessCode]:
    latest = (OwnerAccessCode.objects.filter(unit=OuterRef("unit")).order_by("-issued_at", "-pk").values("pk")[:1])
    return OwnerAccessCode.objects.filter(community=community, pk=Subquery(latest))


def counts(community: Community, *, today: date) -> LetterCounts:
    from huanjie.letters.services import units_without_letter, valid_letters

    signed_in = (OwnerAccessCode.objects.filter(community=community).exclude(used_at=None)
                 .values("unit_id").distinct().count())
    delivered = (LetterDelivery.objects.filter(letter__in=latest_letters(community),
                                               outcome=DeliveryOutcome.DELIVERED)
                 .values("unit_id").distinct().count())
    return LetterCounts(Unit.objects.filter(community=community).count(),
                        valid_letters(community, today=today).values("unit_id").distinct().count(), signed_in,
                        units_without_letter(community, today=today).count(), delivered)


def undelivered_units(community: Community) -> QuerySet[Unit]:
    """Units whose latest letter nobody has signed for yet, in roster order."""
    signed = LetterDelivery.objects.filter(letter__in=latest_letters(community),
                                           outcome=DeliveryOutcome.DELIVERED).values("unit_id")
    issued = OwnerAccessCode.objects.filter(community=community).values("unit_id")
    return Unit.objects.filter(community=community, pk__in=issued).exclude(pk__in=signed).order_by("sort_key", "code")


def deliveries(community: Community) -> QuerySet[LetterDelivery]:
    return LetterDelivery.objects.filter(community=community).select_related("unit").order_by("-delivered_at", "-pk")
