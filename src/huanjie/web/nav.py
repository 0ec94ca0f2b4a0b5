"""The community's navigation: only parts that are built and that the user's roles may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster.models import Community


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    active: bool


def community_nav(community: Community, roles: set[str], active: str) -> list[NavItem]:
    items: list[tuple[str, str, str]] = []
    if roles & STAFF_ROLES:
        items.append(("dashboard", _("概览"), reverse("web:community", args=[community.slug])))
        items.append(("roster", _("业主名册"), reverse("roster:detail", args=[community.slug])))
    return [NavItem(key, label, url, key == active) for key, label, url in items]
