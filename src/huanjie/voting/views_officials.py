"""监票人、计票人 of an assembly: the list, and the working group appointing or removing one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster.models import Community
from huanjie.voting.forms import OfficialForm
from huanjie.voting.models import Official
from huanjie.voting.services.officials import appoint_official, dismiss_official
from huanjie.voting.views import VIEW_ROLES, _assembly, _attempt, _base
from huanjie.web.permissions import community_view


@community_view(roles=VIEW_ROLES)
def officials(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """Who scrutinises and counts this vote; the working group names them (none may be a candidate)."""
    assembly = _assembly(community, pk)
    form = OfficialForm(request.POST or None)
    is_staff = bool(request.community_roles & STAFF_ROLES)  # type: ignore[attr-defined]
    if request.method == "POST" and is_staff and form.is_valid():
        data = form.cleaned_data
        if _attempt(request, lambda: appoint_official(assembly=assembly, duty=data["duty"], name=data["name"],
                                                      unit_code=data["unit"], actor=request.user),  # type: ignore[arg-type]
                    _("已记录。")):
            return redirect("voting:officials", slug=community.slug, pk=pk)
    return render(request, "voting/officials.html", _base(
        request, community, assembly=assembly, form=form,
        officials=assembly.officials.select_related("owner", "appointed_by")))


@require_POST
@community_view(roles=STAFF_ROLES)
def dismiss(request: HttpRequest, community: Community, pk: int, official: int) -> HttpResponse:
    assembly = _assembly(community, pk)
    found = get_object_or_404(Official, assembly=assembly, pk=official)
    _attempt(request, lambda: dismiss_official(official=found, actor=request.user),  # type: ignore[arg-type]
             _("已免去。"))
    return redirect("voting:officials", slug=community.slug, pk=pk)
