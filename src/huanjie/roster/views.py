from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster.models import Community, Owner, Unit
from huanjie.roster.selectors import roster_summary
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


@community_view(roles=STAFF_ROLES)
def detail(request: HttpRequest, community: Community) -> HttpResponse:
    """The roster: eligible totals, multi-unit voting entities, the developer's block, every unit."""
    query = (request.GET.get("q") or "").strip()
    units = (Unit.objects.filter(community=community).select_related("building")
             .prefetch_related(Prefetch("owners", queryset=Owner.objects.filter(community=community).order_by("name")))
             .order_by("building__sort_key", "sort_key", "code"))
    if query:
        units = units.filter(code__icontains=query) | units.filter(owners__name__icontains=query)
        units = units.distinct()
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(request, "roster/detail.html", {
        "community": community,
        "community_nav": community_nav(community, request.community_roles, "roster"),  # type: ignore[attr-defined]
        "summary": roster_summary(community),
        "page": page,
        "query": query,
    })
