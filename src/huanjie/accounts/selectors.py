"""Which communities a user may see, and in which role. Every view goes through here."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from huanjie.accounts.models import Membership, Role
from huanjie.roster.models import Community

AnyUser = AbstractBaseUser | AnonymousUser


def visible_communities(user: AnyUser, roles: Iterable[str] | None = None) -> QuerySet[Community]:
    """Communities where the user holds one of `roles` (any role when None); all for superusers."""
    if not user.is_authenticated:
        return Community.objects.none()
    if getattr(user, "is_superuser", False):
        return Community.objects.all()
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    offices = memberships.filter(role=Role.SUPERVISOR).values("street_office")
    direct = memberships.exclude(community=None).values("community")
    return Community.objects.filter(Q(street_office__in=offices) | Q(pk__in=direct)).distinct()


def roles_in(user: AnyUser, community: Community) -> set[str]:
    """The roles the user holds in this community (a supervisor through its street office)."""
    if not user.is_authenticated:
        return set()
    if getattr(user, "is_superuser", False):
        return {Role.SUPERVISOR.value}
    rows = Membership.objects.filter(user=user).filter(
        Q(community=community) | Q(role=Role.SUPERVISOR, street_office_id=community.street_office_id)
    )
    return {row.role for row in rows}


def owner_unit_ids(user: AnyUser, community: Community) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user, community=community, role=Role.OWNER)
                .values_list("unit_id", flat=True))
