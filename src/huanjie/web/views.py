from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.accounts.selectors import owner_unit_ids, visible_communities
from huanjie.reelection.selectors import current_reelection, stage_rows
from huanjie.roster.models import Community, Unit
from huanjie.roster.selectors import building_bars, roster_summary
from huanjie.web.charts import bar_chart
from huanjie.web.context import CARE_COOKIE
from huanjie.web.dashboard import panels
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff see the communities they may work on; an owner goes straight to their own page."""
    staff = visible_communities(request.user, roles=[*STAFF_ROLES, Role.PANELIST, Role.SCRUTINEER])
    if not staff.exists():
        owned = visible_communities(request.user, roles=[Role.OWNER]).first()
        if owned is not None:
            return redirect("web:owner_home", slug=owned.slug)
    communities = staff.select_related("street_office").order_by("street_office__name", "name")
    return render(request, "web/home.html", {"communities": communities})


@community_view(roles=STAFF_ROLES)
def community(request: HttpRequest, community: Community) -> HttpResponse:
    """The community dashboard: roster totals and the re-election's statutory stages."""
    today = timezone.localdate()
    reelection = current_reelection(community.pk)
    summary = roster_summary(community)
    context = {
        "community": community,
        "community_nav": community_nav(community, request.community_roles, "dashboard"),  # type: ignore[attr-defined]
        "summary": summary,
        "reelection": reelection,
        "stages": stage_rows(reelection, today=today) if reelection else [],
        "today": today,
        "building_chart": bar_chart(building_bars(community), title="各楼栋户数"),
        "panels": panels(community, today=today),
    }
    return render(request, "web/community.html", context)


@community_view(roles=[Role.OWNER])
def owner_home(request: HttpRequest, community: Community) -> HttpResponse:
    """An owner's own page: their units as the roster has them, and the re-election's progress."""
    units = Unit.objects.filter(community=community, pk__in=owner_unit_ids(request.user, community))
    reelection = current_reelection(community.pk)
    today = timezone.localdate()
    return render(request, "web/owner_home.html", {
        "community": community, "units": units.prefetch_related("owners"), "reelection": reelection,
        "stages": stage_rows(reelection, today=today) if reelection else [],
        "community_nav": community_nav(community, request.community_roles, "owner_home"),  # type: ignore[attr-defined]
    })


@require_POST
def toggle_care(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or "/"
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"  # "0" would be taken by redirect() for a view name: NoReverseMatch, a 500
    response = HttpResponseRedirect(target)
    turning_on = request.COOKIES.get(CARE_COOKIE) != "1"
    response.set_cookie(CARE_COOKIE, "1" if turning_on else "0", max_age=365 * 24 * 3600,
                        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
