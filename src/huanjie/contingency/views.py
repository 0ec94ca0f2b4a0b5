from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.contingency import services
from huanjie.contingency.errors import ContingencyError
from huanjie.contingency.forms import CheckForm, IncidentForm, PlanForm, RiskForm
from huanjie.contingency.models import ChecklistItem, EventKind, EventPlan, Level, RiskKind
from huanjie.contingency.pdf import render_plan_pdf
from huanjie.contingency.selectors import plan_of, plans_of
from huanjie.reelection.selectors import current_reelection
from huanjie.roster.models import Community
from huanjie.visits.outbox import form_errors
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view

# Scrutineers tick the ballot-box checks, so they open the plan too; creating and starting stay with staff.
READERS = STAFF_ROLES | {Role.SCRUTINEER}


def _base(request: HttpRequest, community: Community) -> dict[str, object]:
    return {"community": community, "staff": bool(request.community_roles & STAFF_ROLES),  # type: ignore[attr-defined]
            "community_nav": community_nav(community, request.community_roles, "contingency")}  # type: ignore[attr-defined]


@community_view(roles=READERS)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    reelection = current_reelection(community.pk)
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        if not request.community_roles & STAFF_ROLES or reelection is None:  # type: ignore[attr-defined]
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.create_plan(reelection=reelection, kind=EventKind(data["kind"]),
                                            starts_at=data["starts_at"], venue=data["venue"],
                                            commander=data["commander"], commander_phone=data["commander_phone"],
                                            actor=request.user)  # type: ignore[arg-type]
            except ContingencyError as failure:
                messages.error(request, str(failure))
            else:
                messages.success(request, _("预案已建立，已按惯例列出常见风险和会前检查项，请逐项核对。"))
                return redirect("contingency:plan", slug=community.slug, pk=plan.pk)
        else:
            messages.error(request, form_errors(form))
    return render(request, "contingency/index.html", _base(request, community) | {
        "reelection": reelection, "plans": plans_of(community), "form": form})


@community_view(roles=READERS)
def plan(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = plan_of(community, pk)
    if found is None:
        raise Http404
    checklist = list(found.checklist.all())
    return render(request, "contingency/plan.html", _base(request, community) | {
        "plan": found, "checklist": checklist, "open_count": sum(1 for c in checklist if not c.done),
        "risks": sorted(found.risks.all(), key=lambda r: (-r.score, r.pk)), "incidents": found.incidents.all(),
        "roles": request.community_roles,  # type: ignore[attr-defined]
        "risk_form": RiskForm(), "check_form": CheckForm(),
        "incident_form": IncidentForm(initial={"happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}),
    })


@community_view(roles=READERS)
def plan_pdf(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = plan_of(community, pk)
    if found is None:
        raise Http404
    response = HttpResponse(render_plan_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{found.kind}.pdf"'
    return response


@require_POST
@community_view(roles=READERS)
def tick(request: HttpRequest, community: Community, pk: int, item: int) -> HttpResponse:
    check = get_object_or_404(ChecklistItem, community=community, plan_id=pk, pk=item)
    try:
        services.tick_check(item=check, actor=request.user, now=timezone.now())  # type: ignore[arg-type]
    except ContingencyError as failure:
        messages.error(request, str(failure))
    return redirect("contingency:plan", slug=community.slug, pk=pk)


@require_POST
@community_view(roles=STAFF_ROLES)
def act(request: HttpRequest, community: Community, pk: int, action: str) -> HttpResponse:
    found = get_object_or_404(EventPlan, community=community, pk=pk)
    handlers = {"risk": (RiskForm, _add_risk), "check": (CheckForm, _add_check), "start": (None, _start),
                "incident": (IncidentForm, _incident), "end": (None, _end)}
    if action not in handlers:
        raise Http404
    form_class, handler = handlers[action]
    form: forms.Form | None = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            done = handler(found, form.cleaned_data if form else {}, request)
        except ContingencyError as failure:
            messages.error(request, str(failure))
        else:
            messages.success(request, done)
    return redirect("contingency:plan", slug=community.slug, pk=pk)


def _add_risk(plan: EventPlan, data: dict[str, object], request: HttpRequest) -> str:
    services.add_risk(plan=plan, kind=RiskKind(data["kind"]), situation=str(data["situation"]),
                      likelihood=Level(data["likelihood"]), impact=Level(data["impact"]),
                      mitigation=str(data["mitigation"]), responsible=str(data["responsible"]),
                      contact=str(data["contact"]), actor=request.user)  # type: ignore[arg-type]
    return _("风险已登记。")


def _add_check(plan: EventPlan, data: dict[str, object], request: HttpRequest) -> str:
    services.add_check(plan=plan, text=str(data["text"]), role=Role(data["role"]),
                       actor=request.user)  # type: ignore[arg-type]
    return _("检查项已增加。")


def _start(plan: EventPlan, data: dict[str, object], request: HttpRequest) -> str:
    services.start_event(plan=plan, actor=request.user, now=timezone.now())  # type: ignore[arg-type]
    return _("已宣布开始。会议期间发生的情况请随时记录。")


def _incident(plan: EventPlan, data: dict[str, object], request: HttpRequest) -> str:
    services.log_incident(plan=plan, happened_at=data["happened_at"], risk_kind=RiskKind(data["risk_kind"]),  # type: ignore[arg-type]
                          what=str(data["what"]), action=str(data["action"]), actor=request.user,  # type: ignore[arg-type]
                          now=timezone.now())
    return _("情况已记录。")


def _end(plan: EventPlan, data: dict[str, object], request: HttpRequest) -> str:
    services.end_event(plan=plan, actor=request.user, now=timezone.now())  # type: ignore[arg-type]
    return _("已宣布结束。")

