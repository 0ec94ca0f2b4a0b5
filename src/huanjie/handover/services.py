"""Every change to a handover: one function each, atomic, with its audit record."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.handover.errors import AlreadySigned, BadSignature, GiverFirst, HandoverExists
from huanjie.handover.models import Direction, Handover, HandoverItem, ItemKind
from huanjie.reelection.models import Reelection

User = AbstractBaseUser | None

# What every handover lists at the least (SH art. 28: records and seals; the rest by practice).
STANDARD_ITEMS: tuple[tuple[ItemKind, str], ...] = (
    (ItemKind.SEALS, "业主委员会印章"),
    (ItemKind.SEALS, "业主大会印章"),
    (ItemKind.FILES, "业主大会、业委会会议记录和决定"),
    (ItemKind.FILES, "业主名册及档案资料"),
    (ItemKind.ACCOUNTS, "财务账册、凭证及银行账户资料"),
    (ItemKind.KEYS, "业委会办公室钥匙"),
    (ItemKind.CONTRACTS, "物业服务合同及其他合同"),
)
PARTIES = {Direction.TO_HOUSING_OFFICE: ("第%(n)s届业主委员会", "街道房管办"),
           Direction.TO_NEW_COMMITTEE: ("街道房管办", "第%(m)s届业主委员会")}


def _actor(actor: User) -> AbstractBaseUser | None:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def open_handover(*, reelection: Reelection, direction: Direction, actor: User) -> Handover:
    """A handover list with the usual items (seals, files, accounts, keys, contracts), to be signed item by item."""
    if Handover.objects.filter(reelection=reelection, direction=direction).exists():
        raise HandoverExists(direction=Direction(direction).label)
    terms = {"n": reelection.term_number - 1, "m": reelection.term_number}
    giver, receiver = (party % terms for party in PARTIES[direction])
    handover = Handover.objects.create(community_id=reelection.community_id, reelection=reelection,
                                       direction=direction, giver=giver, receiver=receiver)
    HandoverItem.objects.bulk_create([
        HandoverItem(community_id=handover.community_id, handover=handover, kind=kind, description=text,
                     recorded_by=_actor(actor)) for kind, text in STANDARD_ITEMS])
    audit.record("handover.opened", actor=actor, target=handover,
                 data={"after": {"direction": str(direction), "giver": giver, "receiver": receiver}})
    return handover


@transaction.atomic
def add_item(*, handover: Handover, kind: ItemKind, description: str, quantity: int, actor: User) -> HandoverItem:
    item = HandoverItem.objects.create(community_id=handover.community_id, handover=handover, kind=kind,
                                       description=description.strip(), quantity=quantity, recorded_by=_actor(actor))
    audit.record("handover.item.added", actor=actor, target=handover, data={"after": {
        "item": item.pk, "kind": str(kind), "description": item.description, "quantity": quantity}})
    return item


@transaction.atomic
def sign_item(*, item: HandoverItem, side: str, name: str, signed_on: date, actor: User, today: date) -> HandoverItem:
    """One side signs for one item, with the date: the giver first, then the receiver."""
    item = HandoverItem.objects.select_for_update().get(pk=item.pk)
    name = name.strip()
    if not name:
        raise BadSignature(item=item.description, reason=_("请填写签字人姓名。"))
    if signed_on > today:
        raise BadSignature(item=item.description, reason=_("签字日期 %(day)s 晚于今天。") % {"day": signed_on})
    if side == "giver":
        if item.giver_name:
            raise AlreadySigned(item=item.description, side=_("交出方"), name=item.giver_name, day=item.given_on)
        item.giver_name, item.given_on = name, signed_on
        fields = ["giver_name", "given_on"]
    elif side == "receiver":
        if not item.giver_name:
            raise GiverFirst(item=item.description)
        if item.receiver_name:
            raise AlreadySigned(item=item.description, side=_("接收方"), name=item.receiver_name,
                                day=item.received_on)
        if item.given_on and signed_on < item.given_on:
            raise BadSignature(item=item.description, reason=_("接收日期早于交出日期 %(day)s。") % {
                "day": item.given_on})
        item.receiver_name, item.received_on = name, signed_on
        fields = ["receiver_name", "received_on"]
    else:
        raise BadSignature(item=item.description, reason=_("签字方只能是交出方或接收方。"))
    item.save(update_fields=fields)
    audit.record("handover.item.signed", actor=actor, target=item.handover, data={"after": {
        "item": item.pk, "side": side, "name": name, "day": signed_on}})
    return item
