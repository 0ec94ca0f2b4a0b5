"""发放/签收: handing each household its ballot paper, and recording who could not be reached.

Shanghai practice delivers the papers about seven days before voting (law.md); the working
group knocks again where nobody was home, so a paper may have several attempts on record.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.voting.errors import DeliveryIncomplete, VotingNotOpen
from huanjie.voting.models import (
    Assembly,
    AssemblyStatus,
    BallotPaper,
    Delivery,
    DeliveryOutcome,
    UndeliverableReason,
)


@transaction.atomic
def record_delivery(*, paper: BallotPaper, outcome: str, delivered_by: str, delivered_at: datetime,
                    actor: AbstractBaseUser | None, signed_by: str = "", relation: str = "", reason: str = "",
                    note: str = "") -> Delivery:
    """One attempt: signed for by someone named, or undeliverable with a reason."""
    assembly = Assembly.objects.get(pk=paper.assembly_id)  # as it is now, not as the caller read it
    if assembly.status != AssemblyStatus.OPEN:
        raise VotingNotOpen(title=assembly.title, actual=AssemblyStatus(assembly.status).label)
    delivered_by, signed_by, relation, note = (delivered_by.strip(), signed_by.strip(), relation.strip(),
                                               note.strip())
    _check(outcome, delivered_by, signed_by, reason, note)
    delivered = outcome == DeliveryOutcome.DELIVERED
    delivery = Delivery.objects.create(
        community_id=paper.community_id, assembly=assembly, paper=paper, outcome=outcome,
        delivered_by=delivered_by, delivered_at=delivered_at, signed_by=signed_by if delivered else "",
        relation=relation if delivered else "", reason="" if delivered else reason, note=note,
        recorded_by=actor if getattr(actor, "pk", None) else None)
    audit.record("voting.paper.delivered" if delivered else "voting.paper.undeliverable", actor=actor,
                 target=delivery, data={"after": {
                     "serial": paper.serial, "outcome": outcome, "delivered_by": delivered_by,
                     "delivered_at": delivered_at, "signed_by": delivery.signed_by, "reason": delivery.reason}})
    return delivery


def _check(outcome: str, delivered_by: str, signed_by: str, reason: str, note: str) -> None:
    def incomplete(why: str) -> DeliveryIncomplete:
        return DeliveryIncomplete(reason=why)

    if outcome not in DeliveryOutcome.values:
        raise incomplete(_("请选择已送达签收或无法送达"))
    if not delivered_by:
        raise incomplete(_("请填写发放人"))
    if outcome == DeliveryOutcome.DELIVERED and not signed_by:
        raise incomplete(_("已送达的须填写签收人"))
    if outcome == DeliveryOutcome.UNDELIVERABLE:
        if reason not in UndeliverableReason.values:
            raise incomplete(_("无法送达的须选择原因"))
        if reason == UndeliverableReason.OTHER and not note:
            raise incomplete(_("原因为“其他”的须写明说明"))
