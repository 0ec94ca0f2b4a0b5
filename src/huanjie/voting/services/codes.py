"""Voting codes with four eyes (issue 17, item 4).

The codes of an assembly are generated and printed once (`issue_voting_codes`). After that a code
exists in plain text on one printed sheet only, and nobody can produce a list of them again. A
lost or spoilt paper gets a new code one paper at a time: a member of the working group (or the
street office) records the request with the reason and how the owner asked (in person, through
family with a written authorisation, in writing); a second person holding another role (a
scrutineer or the street office) confirms it in the app; only then can either of the two print
the new sheet, once. The print shop's code list follows the same path, and exists only at the
one printing of all the papers.

The paper's old code stops working. Its digest is kept, so that an owner who types it is told
when it was reissued and by whom, and how to object; a ballot cast on a reissued paper is marked
on the turnout and count pages and in its audit record (`reissue_summary`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.accounts.models import Role
from huanjie.accounts.selectors import roles_in
from huanjie.voting.codes import new_code, voting_code_digest
from huanjie.voting.errors import (
    CodeListTooLate,
    CodeReissued,
    CodesNotPrinted,
    NotYourRelease,
    PaperCodeUsed,
    ReleaseExists,
    ReleaseIncomplete,
    ReleaseNotConfirmed,
    ReleaseNotOpen,
    SamePersonConfirms,
    SameRoleConfirms,
)
from huanjie.voting.models import (
    Assembly,
    AssemblyStatus,
    BallotPaper,
    CodeRelease,
    OwnerRequest,
    ReleaseKind,
    ReleaseStatus,
    RetiredCode,
)
from huanjie.voting.services.assembly import IssuedPaper, guard

REQUESTERS = (Role.WORKING_GROUP, Role.SUPERVISOR)  # in this order of preference
CONFIRMERS = (Role.SCRUTINEER, Role.SUPERVISOR)


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def person(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined, no-any-return]


def _role_for(actor: AbstractBaseUser, assembly: Assembly, allowed: tuple[Role, ...], exclude: str = "") -> str:
    held = roles_in(actor, assembly.community)
    return next((role.value for role in allowed if role.value in held and role.value != exclude), "")


def _create(assembly: Assembly, actor: AbstractBaseUser, fields: dict[str, Any]) -> CodeRelease:
    requested_as = _role_for(actor, assembly, REQUESTERS)
    if not requested_as:
        raise ReleaseIncomplete(reason=_("申请人须为本小区换届改选小组成员或街道督导"))
    if not str(fields.get("reason", "")).strip():
        raise ReleaseIncomplete(reason=_("须写明原因"))
    try:
        with transaction.atomic():
            release = CodeRelease.objects.create(
                community_id=assembly.community_id, assembly=assembly, requested_by=actor, requested_as=requested_as,
                requested_at=timezone.now(), **{**fields, "reason": str(fields["reason"]).strip()})
    except IntegrityError:
        raise ReleaseExists() from None
    audit.record("voting.code.requested", actor=actor, target=release, data={"after": {
        "kind": release.kind, "serial": release.paper.serial if release.paper else "", "reason": release.reason,
        "owner_request": release.owner_request, "role": requested_as}})
    return release


@transaction.atomic
def request_code_reissue(*, paper: BallotPaper, reason: str, owner_request: str,
                         actor: AbstractBaseUser) -> CodeRelease:
    """Ask for a new code for one paper; nothing changes until another role confirms it."""
    paper = BallotPaper.objects.select_for_update(of=("self",)).select_related("assembly__community").get(
        pk=paper.pk)
    assembly = paper.assembly
    guard(assembly, AssemblyStatus.OPEN, "补发表决票")
    if assembly.codes_printed_at is None:
        raise CodesNotPrinted(title=assembly.title)
    if paper.code_used_at is not None:
        raise PaperCodeUsed(serial=paper.serial, when=_local(paper.code_used_at))
    if owner_request not in OwnerRequest.values:
        raise ReleaseIncomplete(reason=_("须选择业主如何提出（本人到场、家属持委托、书面申请）"))
    return _create(assembly, actor, {"kind": ReleaseKind.REISSUE, "paper": paper, "reason": reason,
                                     "owner_request": owner_request})


@transaction.atomic
def request_code_list(*, assembly: Assembly, reason: str, actor: AbstractBaseUser) -> CodeRelease:
    """Ask for the print shop's code list, to come out with the one printing of all the papers."""
    assembly = Assembly.objects.select_for_update(of=("self",)).select_related("community").get(pk=assembly.pk)
    guard(assembly, AssemblyStatus.OPEN, "导出表决码清单")
    if assembly.codes_printed_at is not None:
        raise CodeListTooLate(when=_local(assembly.codes_printed_at), by=person(assembly.codes_printed_by))
    return _create(assembly, actor, {"kind": ReleaseKind.CODE_LIST, "reason": reason})


def _locked(release: CodeRelease) -> CodeRelease:
    return (CodeRelease.objects.select_for_update(of=("self",))
            .select_related("assembly__community", "paper", "requested_by").get(pk=release.pk))


@transaction.atomic
def confirm_code_release(*, release: CodeRelease, actor: AbstractBaseUser) -> CodeRelease:
    """The second person, of another role, confirms in the app that the request stands."""
    release = _locked(release)
    if release.status != ReleaseStatus.PENDING:
        raise ReleaseNotOpen(number=release.number, status=ReleaseStatus(release.status).label)
    if release.requested_by_id == actor.pk:
        raise SamePersonConfirms(number=release.number)
    confirmed_as = _role_for(actor, release.assembly, CONFIRMERS, exclude=release.requested_as)
    if not confirmed_as:
        raise SameRoleConfirms(number=release.number, role=Role(release.requested_as).label)
    release.status, release.confirmed_by, release.confirmed_as = ReleaseStatus.CONFIRMED, actor, confirmed_as
    release.confirmed_at = timezone.now()
    release.save(update_fields=["status", "confirmed_by", "confirmed_as", "confirmed_at"])
    audit.record("voting.code.confirmed", actor=actor, target=release, data={
        "before": {"status": ReleaseStatus.PENDING},
        "after": {"status": ReleaseStatus.CONFIRMED, "role": confirmed_as,
                  "requested_by": person(release.requested_by)}})
    return release


@transaction.atomic
def withdraw_code_release(*, release: CodeRelease, actor: AbstractBaseUser) -> CodeRelease:
    """Either of the two people takes a request back before anything was printed."""
    release = _locked(release)
    if release.status not in (ReleaseStatus.PENDING, ReleaseStatus.CONFIRMED):
        raise ReleaseNotOpen(number=release.number, status=ReleaseStatus(release.status).label)
    if actor.pk not in (release.requested_by_id, release.confirmed_by_id):
        raise NotYourRelease(number=release.number)
    before, release.status = release.status, ReleaseStatus.WITHDRAWN
    release.save(update_fields=["status"])
    audit.record("voting.code.withdrawn", actor=actor, target=release,
                 data={"before": {"status": before}, "after": {"status": ReleaseStatus.WITHDRAWN}})
    return release


def confirmed_release(release: CodeRelease, actor: AbstractBaseUser, kind: str) -> CodeRelease:
    """A confirmed request of this kind, to be used now by one of its two people (locked)."""
    release = _locked(release)
    if release.kind != kind or release.status != ReleaseStatus.CONFIRMED:
        raise ReleaseNotConfirmed(number=release.number, status=ReleaseStatus(release.status).label)
    if actor.pk not in (release.requested_by_id, release.confirmed_by_id):
        raise NotYourRelease(number=release.number)
    return release


@transaction.atomic
def print_reissued_paper(*, release: CodeRelease, actor: AbstractBaseUser) -> IssuedPaper:
    """The confirmed new code, for the one sheet printed now; the paper's old code stops working."""
    release = confirmed_release(release, actor, ReleaseKind.REISSUE)
    assert release.paper_id is not None  # a reissue names its paper (voting_release_what)
    paper = (BallotPaper.objects.select_for_update(of=("self",)).select_related("assembly", "entity", "unit")
             .get(pk=release.paper_id))
    guard(paper.assembly, AssemblyStatus.OPEN, "补发表决票")
    if paper.code_used_at is not None:
        raise PaperCodeUsed(serial=paper.serial, when=_local(paper.code_used_at))
    now = timezone.now()
    RetiredCode.objects.create(community_id=paper.community_id, paper=paper, code_hash=paper.code_hash,
                               release=release, retired_at=now)
    code = new_code()
    paper.code_hash, paper.reissue = voting_code_digest(code), release
    paper.save(update_fields=["code_hash", "reissue"])
    release.mark_done(now)
    audit.record("voting.code.reissued", actor=actor, target=paper, data={
        "serial": paper.serial, **reissue_summary(release)})
    return IssuedPaper(paper, code)


def reissue_summary(release: CodeRelease) -> dict[str, Any]:
    """What the audit record of a reissue, and of a ballot cast on a reissued paper, says of it."""
    return {"reissued": {"release": release.number, "reason": release.reason, "owner_request": release.owner_request,
                         "requested_by": person(release.requested_by),
                         "confirmed_by": person(release.confirmed_by), "confirmed_as": release.confirmed_as}}


def reissue_of(paper_reissue_id: int | None) -> dict[str, Any]:
    """The reissue summary for a paper's current code, or nothing (one query, only for reissued papers)."""
    if paper_reissue_id is None:
        return {}
    release = CodeRelease.objects.select_related("requested_by", "confirmed_by").get(pk=paper_reissue_id)
    return reissue_summary(release)


def ensure_not_reissued(code: str, tails_match: Any) -> None:
    """An owner typing a code that a reissue voided, with the phone digits of that paper, is told
    when and by whom, and how to object (`tails_match(paper)` checks the digits)."""
    retired = (RetiredCode.objects.filter(code_hash=voting_code_digest(code))
               .select_related("paper__entity", "paper__unit", "paper__assembly__community__street_office",
                               "release__requested_by", "release__confirmed_by").first())
    if retired is None or not tails_match(retired.paper):
        return
    release, assembly = retired.release, retired.paper.assembly
    with transaction.atomic():  # kept on the record: whoever holds the delivered sheet tried it
        audit.record("voting.code.retired_used", target=retired.paper, data={
            "serial": retired.paper.serial, "release": release.number})
    raise CodeReissued(
        when=_local(retired.retired_at), requester=person(release.requested_by),
        requester_role=Role(release.requested_as).label, confirmer=person(release.confirmed_by),
        confirmer_role=Role(release.confirmed_as).label if release.confirmed_as else "—",
        office=assembly.community.street_office.name, closes=_local(assembly.closes_at))
