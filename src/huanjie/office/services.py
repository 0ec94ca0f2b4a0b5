"""Setting a street office's communities up: communities, staff, their roles, invitations.

Each function is one audited change. Roles are granted here for staff only (working group,
panel, scrutineers; supervisors by a system administrator): owners sign in with the code on
their letter (huanjie.letters), and a community's re-election is started in huanjie.reelection.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from huanjie import audit
from huanjie.accounts.models import Membership, Role
from huanjie.office.errors import (
    CommunityNameTaken,
    NotAStaffRole,
    NotInvitable,
    OfficeNameTaken,
    RoleAlreadyHeld,
)
from huanjie.roster.models import Community, StreetOffice

COMMUNITY_ROLES = (Role.WORKING_GROUP, Role.PANELIST, Role.SCRUTINEER)


def _free_code(model: Any, field: str, prefix: str) -> str:
    """The first unused `prefix-N`: addresses are made for the user, never asked for (no English field)."""
    number = model.objects.count() + 1
    while model.objects.filter(**{field: f"{prefix}{number}"}).exists():
        number += 1
    return f"{prefix}{number}"


@transaction.atomic
def create_street_office(*, name: str, actor: AbstractBaseUser | None) -> StreetOffice:
    name = name.strip()
    if StreetOffice.objects.filter(name=name).exists():
        raise OfficeNameTaken(name=name)
    office = StreetOffice.objects.create(name=name, code=_free_code(StreetOffice, "code", "jd"))
    audit.record("office.street_office.created", actor=actor, target=office, data={"after": {"name": name}})
    return office


@transaction.atomic
def create_community(*, street_office: StreetOffice, name: str, residents_committee: str = "", address: str = "",
                     building_area: Decimal | None = None, actor: AbstractBaseUser | None,
                     slug: str = "") -> Community:
    """A community under `street_office`; its address is `slug` when given (the demo's fixed one), else the
    office's next free one."""
    name = name.strip()
    if Community.objects.filter(street_office=street_office, name=name).exists():
        raise CommunityNameTaken(office=street_office.name, name=name)
    community = Community.objects.create(
        street_office=street_office, name=name, slug=slug or _free_code(Community, "slug", f"{street_office.code}-"),
        residents_committee=residents_committee.strip(), address=address.strip(), building_area=building_area)
    audit.record("office.community.created", actor=actor, target=community, community_id=community.pk, data={
        "after": {"name": name, "street_office": street_office.name,
                  "residents_committee": community.residents_committee, "address": community.address,
                  "building_area": building_area}})
    return community


@transaction.atomic
def create_person(*, username: str, full_name: str, actor: AbstractBaseUser | None,
                  community: Community | None = None) -> AbstractBaseUser:
    """A staff account with no password yet: its owner sets one through the invitation link."""
    user = get_user_model().objects.create_user(username.strip(), first_name=full_name.strip())
    user.set_unusable_password()
    user.save(update_fields=["password"])
    audit.record("office.person.created", actor=actor, target=user,
                 community_id=community.pk if community else None,
                 data={"after": {"username": user.get_username(), "name": full_name.strip()}})
    return user


def _label(user: AbstractBaseUser) -> str:
    return f"{user.get_full_name() or user.get_username()}（{user.get_username()}）"  # type: ignore[attr-defined]


@transaction.atomic
def grant_role(*, user: AbstractBaseUser, role: str, community: Community,
               actor: AbstractBaseUser | None) -> Membership:
    """One role in one community; a person may hold several, each once."""
    if role not in COMMUNITY_ROLES:
        raise NotAStaffRole(role=Role(role).label if role in Role.values else role)
    if Membership.objects.filter(user=user, role=role, community=community).exists():
        raise RoleAlreadyHeld(person=_label(user), scope=community.name, role=Role(role).label)
    membership = Membership.objects.create(user=user, role=role, community=community)
    audit.record("office.role.granted", actor=actor, target=membership, community_id=community.pk,
                 data={"after": {"person": _label(user), "role": role}})
    return membership


@transaction.atomic
def grant_supervisor(*, user: AbstractBaseUser, street_office: StreetOffice,
                     actor: AbstractBaseUser | None) -> Membership:
    """A system administrator makes someone a supervisor of a street office (and so of all its communities)."""
    if Membership.objects.filter(user=user, street_office=street_office).exists():
        raise RoleAlreadyHeld(person=_label(user), scope=street_office.name, role=Role.SUPERVISOR.label)
    membership = Membership.objects.create(user=user, role=Role.SUPERVISOR, street_office=street_office)
    audit.record("office.role.granted", actor=actor, target=membership,
                 data={"after": {"person": _label(user), "role": Role.SUPERVISOR.value,
                                 "street_office": street_office.name}})
    return membership


@transaction.atomic
def revoke_role(*, membership: Membership, actor: AbstractBaseUser | None) -> None:
    if membership.role == Role.OWNER:
        raise NotAStaffRole(role=Role.OWNER.label)
    audit.record("office.role.revoked", actor=actor, target=membership, community_id=membership.community_id,
                 data={"before": {"person": _label(membership.user), "role": membership.role}})
    membership.delete()


@transaction.atomic
def issue_invitation(*, user: AbstractBaseUser, actor: AbstractBaseUser | None,
                     community: Community | None = None) -> str:
    """The path of a link that lets the person set their own password (valid PASSWORD_RESET_TIMEOUT).

    Only for an account that has no password yet: the link would otherwise let whoever holds it
    take the account over. The link stops working once used (the token covers the password).
    """
    if user.has_usable_password():
        raise NotInvitable(person=_label(user))
    audit.record("office.invitation.issued", actor=actor, target=user,
                 community_id=community.pk if community else None, data={"after": {"person": _label(user)}})
    return reverse("office:welcome", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                           default_token_generator.make_token(user)])
