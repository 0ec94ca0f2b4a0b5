"""委托书 and 上门收票: voting through someone else's hands, with the paper trail the law asks for.

A proxy acts on the owner's written authorisation and votes as instructed (SH art. 18). The
holder hands over the entity's ballot, recorded with channel "proxy"; when the assembly issues a
paper per unit, each of the entity's papers, one ballot per paper (`voting_proxy_one_ballot_per_paper`).
The assembly caps how many households one holder may vote for (default 3), whatever the mode;
the cap is checked here and kept by the database (`voting_proxy_holder_slot`,
`voting_proxy_within_cap`).

Door-to-door collection is done by two members of staff together; both are named.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit, uploads
from huanjie.privacy import mask_phone
from huanjie.voting.errors import (
    CollectorsRequired,
    NotProxyPaper,
    ProxyCapReached,
    ProxyExists,
    ProxyFileRejected,
    ProxyIncomplete,
    ProxyNotActive,
    ProxyPaperUsed,
    ProxyUsed,
    ReasonRequired,
)
from huanjie.voting.models import (
    Assembly,
    AssemblyStatus,
    Ballot,
    BallotPaper,
    Channel,
    DoorCollection,
    Proxy,
    ProxyStatus,
    VotingEntity,
)
from huanjie.voting.services.assembly import guard
from huanjie.voting.services.ballots import ensure_voting_open, record_paper_ballot

Actor = AbstractBaseUser | None
AUTHORISATION = uploads.Rule(10 * uploads.MB, (*uploads.PHOTOS, uploads.PDF))


def check_authorisation(upload: UploadedFile) -> str:
    """The name to store a photo (JPEG, PNG, WebP) or PDF scan of at most 10 MB under, judged by its content."""
    return uploads.stored_name(uploads.checked_upload(upload, AUTHORISATION, refused=ProxyFileRejected), "proxy-")


@transaction.atomic
def register_proxy(*, entity: VotingEntity, grantor_name: str, holder_name: str, holder_phone: str,
                   authorisation: UploadedFile, actor: Actor, instructions: str = "") -> Proxy:
    """Record a signed proxy for one household; refused over the holder's cap or if one is active."""
    # One assembly's proxies are registered one at a time; the constraints are the last word.
    assembly = Assembly.objects.select_for_update().get(pk=entity.assembly_id)
    guard(assembly, AssemblyStatus.OPEN, "登记委托书")  # before or during the window, once papers exist
    grantor_name, holder_name = grantor_name.strip(), holder_name.strip()
    phone = "".join(ch for ch in holder_phone if ch.isdigit())
    if not grantor_name or not holder_name or len(phone) != 11:
        raise ProxyIncomplete(reason=_("须填写委托人、受托人姓名和受托人 11 位手机号"))
    stored = check_authorisation(authorisation)
    active = Proxy.objects.filter(assembly=assembly, status=ProxyStatus.ACTIVE)
    existing = active.filter(entity=entity).first()
    if existing is not None:
        raise ProxyExists(units=entity.label, holder=existing.holder_name)
    taken = set(active.filter(holder_phone=phone).values_list("slot", flat=True))
    if len(taken) >= assembly.proxy_cap:
        raise ProxyCapReached(holder=holder_name, count=len(taken), cap=assembly.proxy_cap)
    slot = min(set(range(1, assembly.proxy_cap + 1)) - taken)
    proxy = Proxy(community_id=assembly.community_id, assembly=assembly, entity=entity, grantor_name=grantor_name,
                  holder_name=holder_name, holder_phone=phone, instructions=instructions.strip(), slot=slot,
                  cap=assembly.proxy_cap, recorded_by=actor if getattr(actor, "pk", None) else None)
    proxy.authorisation.save(stored, authorisation, save=False)
    try:
        with transaction.atomic():
            proxy.save()
    except IntegrityError:
        # Only reachable if a writer bypassed the lock above: the database kept the rule.
        raise ProxyCapReached(holder=holder_name, count=len(taken), cap=assembly.proxy_cap) from None
    audit.record("voting.proxy.registered", actor=actor, target=proxy, data={"after": {
        "entity": entity.pk, "holder": holder_name, "holder_phone": mask_phone(phone), "slot": slot,
        "authorisation": proxy.authorisation.name}})
    return proxy


@transaction.atomic
def revoke_proxy(*, proxy: Proxy, reason: str, actor: Actor) -> Proxy:
    """The owner withdraws the authorisation before the holder has voted; the slot becomes free."""
    proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
    if proxy.status != ProxyStatus.ACTIVE:
        raise ProxyNotActive()
    used = proxy.ballots.order_by("pk").first()
    if used is not None:
        raise ProxyUsed(number=proxy.number, ballot=used.number)
    if not reason.strip():
        raise ReasonRequired()
    proxy.status, proxy.revoked_reason = ProxyStatus.REVOKED, reason.strip()
    proxy.save(update_fields=["status", "revoked_reason"])
    audit.record("voting.proxy.revoked", actor=actor, target=proxy, data={
        "before": {"status": ProxyStatus.ACTIVE}, "after": {"status": ProxyStatus.REVOKED, "reason": reason}})
    return proxy


@transaction.atomic
def cast_proxy_ballot(*, proxy: Proxy, valid: bool, choices: dict[str, Any], actor: Actor,
                      invalid_reason: str = "", now: datetime | None = None,
                      paper: BallotPaper | None = None) -> Ballot:
    """The holder hands over the household's ballot during the voting window (channel: proxy).

    `paper` says which of the household's papers it is when it has several (a paper per unit);
    a household with one paper needs none. Each paper is voted once through the proxy.
    """
    proxy = Proxy.objects.select_for_update(of=("self",)).select_related("assembly", "entity").get(pk=proxy.pk)
    if proxy.status != ProxyStatus.ACTIVE:
        raise ProxyNotActive()
    papers = list(BallotPaper.objects.filter(entity_id=proxy.entity_id).select_related("unit").order_by("serial"))
    paper = _proxy_paper(proxy, papers, paper)
    used = Ballot.objects.filter(proxy=proxy, paper=paper).first()
    if used is not None:
        if len(papers) == 1:
            raise ProxyUsed(number=proxy.number, ballot=used.number)
        raise ProxyPaperUsed(number=proxy.number, serial=paper.serial, ballot=used.number)
    if not valid and not invalid_reason:
        raise ReasonRequired()
    now = now or timezone.now()
    ensure_voting_open(proxy.assembly, now)
    return record_paper_ballot(paper=paper, valid=valid, choices=choices, actor=actor, received_at=now,
                               channel=Channel.PROXY, invalid_reason=invalid_reason, collected_by=proxy.holder_name,
                               note=_("委托书 %(n)s") % {"n": proxy.number}, proxy=proxy)


def _proxy_paper(proxy: Proxy, papers: list[BallotPaper], chosen: BallotPaper | None) -> BallotPaper:
    """The paper the holder hands over: the one given, which must be the household's, or its only one."""
    if chosen is None:
        if len(papers) != 1:
            raise ProxyIncomplete(reason=_("该户有 %(n)s 张表决票，须填写受托人交来的表决票编号") % {"n": len(papers)})
        return papers[0]
    found = next((paper for paper in papers if paper.pk == chosen.pk), None)
    if found is None:
        raise NotProxyPaper(serial=chosen.serial, number=proxy.number, units=proxy.entity.label)
    return found


@transaction.atomic
def collect_at_door(*, paper: BallotPaper, first_collector: str, second_collector: str, valid: bool,
                    choices: dict[str, Any], actor: Actor, invalid_reason: str = "",
                    now: datetime | None = None) -> Ballot:
    """上门收票: the owner fills in the paper at the door before two members of staff, both named."""
    first, second = first_collector.strip(), second_collector.strip()
    if not first or not second or first == second:
        raise CollectorsRequired()
    if not valid and not invalid_reason:
        raise ReasonRequired()
    now = now or timezone.now()
    ensure_voting_open(Assembly.objects.get(pk=paper.assembly_id), now)  # as it is now, not as the caller read it
    ballot = record_paper_ballot(paper=paper, valid=valid, choices=choices, actor=actor, received_at=now,
                                 channel=Channel.ASSISTED, invalid_reason=invalid_reason,
                                 collected_by=f"{first}、{second}")
    DoorCollection.objects.create(community_id=paper.community_id, assembly_id=paper.assembly_id, ballot=ballot,
                                  first_collector=first, second_collector=second, collected_at=now,
                                  recorded_by=actor if getattr(actor, "pk", None) else None)
    audit.record("voting.ballot.collected_at_door", actor=actor, target=ballot, data={"after": {
        "ballot": ballot.number, "collectors": [first, second], "collected_at": now}})
    return ballot
