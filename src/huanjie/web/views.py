from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from huanjie.accounts import throttle
from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.accounts.selectors import owner_unit_ids, visible_communities
from huanjie.reelection.selectors import current_reelection, stage_rows
from huanjie.roster.models import Community, Unit
from huanjie.roster.selectors import building_bars, roster_summary
from huanjie.voting.models import Assembly, AssemblyStatus
from huanjie.web.charts import bar_chart
from huanjie.web.context import CARE_COOKIE
from huanjie.web.dashboard import panels
from huanjie.web.homes import home_url, role_homes, roles_by_community, supervised_offices
from huanjie.web.nav import VIEWERS, community_nav
from huanjie.web.permissions import community_view
from huanjie.web.setup_steps import setup_steps

TELLERS = frozenset({Role.WORKING_GROUP, Role.SCRUTINEER})  # they enter papers and count


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each community the user works in, with a link to each role's work there (a person may hold several).

    Someone with one role in one community and no staff role goes straight to that role's page.
    """
    communities = list(visible_communities(request.user).select_related("street_office")
                       .order_by("street_office__name", "name"))
    held = roles_by_community(request.user, communities)  # type: ignore[arg-type]
    pairs = [(c, role) for c in communities for role in held[c.pk]]
    if len(pairs) == 1 and pairs[0][1] not in STAFF_ROLES:
        community, role = pairs[0]
        return redirect(home_url(community, {role}) or "/")
    rows = [(c, role_homes(c, held[c.pk], request.user)) for c in communities]  # type: ignore[arg-type]
    return render(request, "web/home.html", {"rows": rows, "offices": supervised_offices(request.user)})


@community_view(roles=Role.values)
def community(request: HttpRequest, community: Community) -> HttpResponse:
    """The community dashboard for staff; any other role is taken to its own work in the community."""
    roles = request.community_roles  # type: ignore[attr-defined]
    if not roles & STAFF_ROLES:
        return redirect(home_url(community, roles) or "web:home")
    return _dashboard(request, community)


def _dashboard(request: HttpRequest, community: Community) -> HttpResponse:
    """Roster totals and the re-election's statutory stages."""
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
    steps = setup_steps(community, request.community_roles)  # type: ignore[attr-defined]
    context["steps"] = steps if not all(step.done for step in steps) else []
    return render(request, "web/community.html", context)


@community_view(roles=[Role.OWNER])
def owner_home(request: HttpRequest, community: Community) -> HttpResponse:
    """An owner's own page: their units as the roster has them, the vote while one is open, and the way
    to everything an owner does here (notices and objections, nominations, demands, projects)."""
    units = Unit.objects.filter(community=community, pk__in=owner_unit_ids(request.user, community))
    reelection = current_reelection(community.pk)
    today = timezone.localdate()
    return render(request, "web/owner_home.html", {
        "community": community, "units": units.prefetch_related("owners"), "reelection": reelection,
        "stages": stage_rows(reelection, today=today) if reelection else [],
        "open_assemblies": Assembly.objects.filter(community=community, status=AssemblyStatus.OPEN)
        .order_by("closes_at"),
        "community_nav": community_nav(community, request.community_roles, "owner_home"),  # type: ignore[attr-defined]
        # Failed sign-ins with the unit's letter since the owner last looked (shown once; the audit chain keeps them).
        "sign_in_failures": throttle.take_report([throttle.owner_target(community.pk, u.code) for u in units]),
    })


@community_view(roles=VIEWERS)
def scrutiny(request: HttpRequest, community: Community) -> HttpResponse:
    """A scrutineer's work, assembly by assembly: the ballot boxes, paper entry and the count."""
    roles = request.community_roles  # type: ignore[attr-defined]
    return render(request, "web/scrutiny.html", {
        "community": community, "community_nav": community_nav(community, roles, "scrutiny"),
        "assemblies": Assembly.objects.filter(community=community).exclude(status=AssemblyStatus.DRAFT)
        .order_by("-opens_at"),
        "is_teller": bool(roles & TELLERS),
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
