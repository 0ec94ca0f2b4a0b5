"""Issuing 告业主书 (each unit's owner sign-in code, printed) and recording their delivery.

A code is shown only once, inside the PDF made when it is issued: the database keeps a keyed
hash (accounts.services.code_digest). So issuing and printing are one step, and a letter lost
before it reached the door is replaced by reissuing it, which voids the old code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.accounts.models import OwnerAccessCode
from huanjie.accounts.services import IssuedCode, issue_owner_codes
from huanjie.letters.errors import DeliveryIncomplete, ExpiryInPast, NoLetter, NothingToIssue
from huanjie.letters.models import LetterDelivery
from huanjie.letters.pdf import Letter, LetterHeader, render_letters
from huanjie.roster.models import Community, Unit
from huanjie.voting.models import DeliveryOutcome, UndeliverableReason


def letter_header(community: Community, *, site: str, expires_on: date, today: date) -> LetterHeader:
    """What the letters of one print run share; `site` is the address owners open (https://host)."""
    from huanjie.reelection.selectors import current_reelection

    reelection = current_reelection(community.pk)
    title = (_("第%(term)s届业主委员会换届改选") % {"term": reelection.term_number} if reelection
             else _("业主委员会换届改选"))
    url = f"{site.rstrip('/')}{reverse('accounts:owner_login')}?community={community.slug}"
    return LetterHeader(community.name, community.residents_committee, title, today, expires_on, url)


@dataclass(frozen=True)
class PrintRun:
    issued: list[IssuedCode]
    pdf: bytes


def _owners(unit: Unit) -> str:
    return "、".join(owner.name for owner in unit.owners.all())


def valid_letters(community: Community, *, today: date) -> QuerySet[OwnerAccessCode]:
    """Codes that still sign in: not used, not voided, not past their last day."""
    return (OwnerAccessCode.objects.filter(community=community, used_at=None, revoked_at=None)
            .exclude(expires_on__lt=today))


def units_without_letter(community: Community, *, today: date) -> QuerySet[Unit]:
    """Units with no code that still signs in and none used (a unit whose owner signed in is served)."""
    served = OwnerAccessCode.objects.filter(community=community).exclude(used_at=None).values("unit_id")
    waiting = valid_letters(community, today=today).values("unit_id")
    return Unit.objects.filter(community=community).exclude(pk__in=served).exclude(pk__in=waiting)


@transaction.atomic
def issue_letters(*, community: Community, units: list[Unit], expires_on: date, header: LetterHeader,
                  actor: AbstractBaseUser | None, today: date,
                  progress: Callable[[int], object] | None = None) -> PrintRun:
    """A new code for each unit, printed in its letter; the units' earlier unused codes stop working.

    One transaction: if the PDF cannot be made, no code is issued (the old letters keep working).
    """
    if expires_on < today:
        raise ExpiryInPast(day=expires_on.isoformat(), today=today.isoformat())
    if not units:
        raise NothingToIssue()
    issued = issue_owner_codes(community=community, units=units, actor=actor, expires_on=expires_on)
    owners = {unit.pk: _owners(unit) for unit in Unit.objects.filter(pk__in=[u.pk for u in units])
              .prefetch_related("owners")}
    letters = (Letter(item.unit.code, owners.get(item.unit.pk, ""), item.code, item.unit.pk) for item in issued)
    return PrintRun(issued, render_letters(header, letters, progress=progress))


@transaction.atomic
def reissue_letter(*, unit: Unit, expires_on: date, header: LetterHeader, actor: AbstractBaseUser | None,
                   today: date) -> PrintRun:
    """One unit's letter again (lost, expired, a second owner to sign in): the old code is void from now."""
    voided = list(OwnerAccessCode.objects.filter(unit=unit, used_at=None, revoked_at=None)
                  .values_list("issued_at", flat=True))
    run = issue_letters(community=unit.community, units=[unit], expires_on=expires_on, header=header, actor=actor,
                        today=today)
    audit.record("letters.reissued", actor=actor, target=unit, data={"after": {
        "unit": unit.code, "expires_on": expires_on.isoformat(),
        "voided": [f"{timezone.localtime(at):%Y-%m-%d %H:%M}" for at in voided]}})
    return run


@transaction.atomic
def record_letter_delivery(*, unit: Unit, outcome: str, delivered_by: str, delivered_at: datetime,
                           actor: AbstractBaseUser | None, signed_by: str = "", relation: str = "",
                           reason: str = "", note: str = "") -> LetterDelivery:
    """One attempt to hand the unit's latest letter over: signed for by someone named, or why not."""
    letter = OwnerAccessCode.objects.filter(unit=unit).order_by("-issued_at", "-pk").first()
    if letter is None:
        raise NoLetter(unit=unit.code)
    delivered_by, signed_by, relation, note = delivered_by.strip(), signed_by.strip(), relation.strip(), note.strip()
    _check(outcome, delivered_by, signed_by, reason, note)
    delivered = outcome == DeliveryOutcome.DELIVERED
    delivery = LetterDelivery.objects.create(
        community_id=unit.community_id, letter=letter, unit=unit, outcome=outcome, delivered_by=delivered_by,
        delivered_at=delivered_at, signed_by=signed_by if delivered else "", relation=relation if delivered else "",
        reason="" if delivered else reason, note=note, recorded_by=actor if getattr(actor, "pk", None) else None)
    audit.record("letters.delivered" if delivered else "letters.undeliverable", actor=actor, target=delivery,
                 data={"after": {"unit": unit.code, "outcome": outcome, "delivered_by": delivered_by,
                                 "delivered_at": delivered_at, "signed_by": delivery.signed_by,
                                 "reason": delivery.reason}})
    return delivery


def _check(outcome: str, delivered_by: str, signed_by: str, reason: str, note: str) -> None:
    """The same rules as a ballot paper's delivery: who delivered, who signed, or why it could not be."""
    if outcome not in DeliveryOutcome.values:
        raise DeliveryIncomplete(reason=_("请选择已送达签收或无法送达"))
    if not delivered_by:
        raise DeliveryIncomplete(reason=_("请填写送达人"))
    if outcome == DeliveryOutcome.DELIVERED and not signed_by:
        raise DeliveryIncomplete(reason=_("已送达的须填写签收人"))
    if outcome == DeliveryOutcome.UNDELIVERABLE:
        if reason not in UndeliverableReason.values:
            raise DeliveryIncomplete(reason=_("无法送达的须选择原因"))
        if reason == UndeliverableReason.OTHER and not note:
            raise DeliveryIncomplete(reason=_("原因为“其他”的须写明说明"))
