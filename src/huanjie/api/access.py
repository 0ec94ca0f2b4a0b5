from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from huanjie.accounts.models import STAFF_ROLES
from huanjie.accounts.selectors import visible_communities
from huanjie.roster.models import Community


def staff_community(request: HttpRequest, slug: str) -> Community:
    """The community of the URL, if the user works on it; 404 otherwise, as the pages do."""
    communities = visible_communities(request.user, roles=STAFF_ROLES).select_related("street_office")
    return get_object_or_404(communities, slug=slug)
