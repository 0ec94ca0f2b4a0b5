from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.jointoffice import services
from huanjie.jointoffice.errors import JointOfficeError
from huanjie.jointoffice.forms import DutyForm, FinishForm, MatterForm, MinutesForm
from huanjie.jointoffice.models import Matter, Party, Period
from huanjie.jointoffice.selectors import matters_of, minutes_of, overdue_numbers, roster_from
from huanjie.roster.models import Community
from huanjie.visits.outbox import form_errors
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


@community_view(roles=STAFF_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    today = timezone.localdate()
    matters = matters_of(community)
    return render(request, "jointoffice/index.html", {
        "community": community, "today": today, "roster": roster_from(community, today),
        # Several forms on one page: each has ids of its own, so that every label names its own field.
        "matters": [(m, FinishForm(auto_id=f"id_finish{m.number}_%s")) for m in matters],
        "overdue": overdue_numbers(matters, today), "minutes": minutes_of(community)[:10],
        "duty_form": DutyForm(initial={"day": today}, auto_id="id_duty_%s"),
        "matter_form": MatterForm(auto_id="id_matter_%s"),
        "minutes_form": MinutesForm(initial={"held_on": today}, auto_id="id_minutes_%s"),
        "community_nav": community_nav(community, request.community_roles, "jointoffice"),  # type: ignore[attr-defined]
    })


Action = Callable[[Community, dict[str, object], HttpRequest], str]


@require_POST
@community_view(roles=STAFF_ROLES)
def act(request: HttpRequest, community: Community, action: str) -> HttpResponse:
    handlers: dict[str, tuple[type[forms.Form], Action]] = {
        "duty": (DutyForm, _duty), "matter": (MatterForm, _matter), "minutes": (MinutesForm, _minutes)}
    if action not in handlers:
        raise Http404
    form_class, handler = handlers[action]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            messages.success(request, handler(community, form.cleaned_data, request))
        except JointOfficeError as failure:
            messages.error(request, str(failure))
    return redirect("jointoffice:index", slug=community.slug)


def _duty(community: Community, data: dict[str, object], request: HttpRequest) -> str:
    services.add_duty(community=community, day=data["day"], period=Period(data["period"]),  # type: ignore[arg-type]
                      party=Party(data["party"]), person=str(data["person"]), phone=str(data["phone"]),
                      actor=request.user)  # type: ignore[arg-type]
    return _("值班已安排。")


def _matter(community: Community, data: dict[str, object], request: HttpRequest) -> str:
    matter = services.open_matter(community=community, title=str(data["title"]), party=Party(data["party"]),
                                  owner=str(data["owner"]), due_on=data["due_on"],  # type: ignore[arg-type]
                                  actor=request.user)  # type: ignore[arg-type]
    return _("督办事项第%(n)s号已登记。") % {"n": matter.number}


def _minutes(community: Community, data: dict[str, object], request: HttpRequest) -> str:
    minutes = services.record_minutes(community=community, held_on=data["held_on"], title=str(data["title"]),  # type: ignore[arg-type]
                                      attendees=str(data["attendees"]), decisions=str(data["decisions"]),
                                      follow_ups=str(data["follow_ups"]), actor=request.user)  # type: ignore[arg-type]
    return _("会议纪要已保存，%(n)s 件跟进事项已列入督办。") % {"n": minutes.matters.count()}


@require_POST
@community_view(roles=STAFF_ROLES)
def matter_act(request: HttpRequest, community: Community, number: int, action: str) -> HttpResponse:
    matter = get_object_or_404(Matter, community=community, number=number)
    try:
        if action == "start":
            services.start_matter(matter=matter, actor=request.user)  # type: ignore[arg-type]
        elif action == "finish":
            form = FinishForm(request.POST)
            if not form.is_valid():
                messages.error(request, form_errors(form))
                return redirect("jointoffice:index", slug=community.slug)
            services.finish_matter(matter=matter, result=form.cleaned_data["result"], done_on=timezone.localdate(),
                                   actor=request.user)  # type: ignore[arg-type]
        else:
            raise Http404
    except JointOfficeError as failure:
        messages.error(request, str(failure))
    else:
        messages.success(request, _("督办事项第%(n)s号已更新。") % {"n": number})
    return redirect("jointoffice:index", slug=community.slug)
