from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster.models import Building, Community
from huanjie.rules.shares import percent
from huanjie.visits import selectors
from huanjie.visits.errors import VisitError
from huanjie.visits.forms import VisitForm
from huanjie.visits.grids import floor_label, heat_cells, unit_cells
from huanjie.visits.models import Outcome
from huanjie.visits.outbox import form_errors, refused, stored, wants_json
from huanjie.visits.services import find_unit, record_visit
from huanjie.web.charts import Bar, bar_chart
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


def _base(request: HttpRequest, community: Community) -> dict[str, object]:
    roles = request.community_roles  # type: ignore[attr-defined]
    return {"community": community, "community_nav": community_nav(community, roles, "visits")}


@community_view(roles=STAFF_ROLES)
def coverage(request: HttpRequest, community: Community) -> HttpResponse:
    """Coverage: building × floor shares, one building unit by unit, and the outcomes so far."""
    cover = selectors.coverage(community)
    buildings = list(Building.objects.filter(community=community).order_by("sort_key", "name"))
    wanted = request.GET.get("building")
    chosen = next((b for b in buildings if str(b.pk) == wanted), buildings[0] if buildings else None)
    heat = [(b, heat_cells(b, cover.floors)) for b in cover.buildings]
    grid = selectors.building_grid(community, chosen) if chosen else []
    not_reached, floor = _("未走访"), _("%(f)s层")
    voted = selectors.voted_unit_codes(community)
    labels = dict(Outcome.choices)
    bars = [Bar(str(labels[o]), cover.outcomes.get(o, 0), f"{cover.outcomes.get(o, 0)} 户") for o in Outcome.values]
    bars.append(Bar(_("未走访"), cover.units - cover.reached, f"{cover.units - cover.reached} 户"))
    return render(request, "visits/coverage.html", {
        **_base(request, community), "cover": cover, "percent": percent(cover.reached, cover.units),
        "unreached_count": cover.units - cover.reached,
        "heat": heat, "buildings": buildings, "chosen": chosen,
        "grid": [(floor_label(row, floor), unit_cells(row, not_reached, voted, _("已投票"))) for row in grid],
        "grid_width": max((len(row.cells) for row in grid), default=1),
        "voting_open": voted is not None,
        "outcomes": Outcome.choices, "outcome_chart": bar_chart(bars, title=_("最近一次走访结果")),
        "recent": selectors.recent_visits(community)[:20],
    })




@community_view(roles=STAFF_ROLES)
def unreached(request: HttpRequest, community: Community) -> HttpResponse:
    page = Paginator(selectors.unreached_units(community), 100).get_page(request.GET.get("page"))
    return render(request, "visits/unreached.html", {**_base(request, community), "page": page})


@community_view(roles=STAFF_ROLES)
def door(request: HttpRequest, community: Community) -> HttpResponse:
    """The phone page used at the door: big buttons, and an outbox that survives a lost signal."""
    today = timezone.localdate()
    if request.method != "POST":
        visitor = request.user.get_full_name() or request.user.get_username()  # type: ignore[union-attr]
        form = VisitForm(initial={"visited_on": today, "visitor": visitor})
        return render(request, "visits/door.html", {**_base(request, community), "form": form})
    form = VisitForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = record_visit(
                community=community, unit=find_unit(community=community, code=data["unit_code"]),
                visited_on=data["visited_on"], visitor=data["visitor"], second_visitor=data["second_visitor"],
                outcome=Outcome(data["outcome"]), notes=data["notes"], follow_up_on=data["follow_up_on"],
                actor=request.user, today=today, idempotency_key=data["idempotency_key"],  # type: ignore[arg-type]
            )
        except VisitError as failure:
            error = str(failure)
        else:
            done = _("%(code)s 的走访记录已保存。") % {"code": result.visit.unit.code}
            if wants_json(request):
                return stored(done, created=result.created)
            messages.success(request, done)
            return redirect("visits:door", slug=community.slug)
    else:
        error = form_errors(form)
    if wants_json(request):
        return refused(error)
    if error and form.is_valid():
        form.add_error(None, error)
    return render(request, "visits/door.html", {**_base(request, community), "form": form}, status=400)
