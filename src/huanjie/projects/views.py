from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.ledgers.errors import LedgerError
from huanjie.ledgers.models import Demand
from huanjie.projects import services
from huanjie.projects.errors import DemandNotLinkable, ProjectError
from huanjie.projects.forms import (
    ConsentForm,
    DayForm,
    LinkDemandForm,
    MilestoneForm,
    PhotoForm,
    ProgressForm,
    ProjectForm,
)
from huanjie.projects.models import Funding, Milestone, Phase, Project, ProjectPhoto, ProjectStatus, ReelectionConsent
from huanjie.projects.restriction import reelection_in_progress
from huanjie.projects.selectors import overdue_milestones, owner_notifications, photo_pairs, projects_of
from huanjie.roster.models import Community
from huanjie.visits.outbox import form_errors
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


def _base(request: HttpRequest, community: Community, active: str) -> dict[str, object]:
    return {"community": community,
            "community_nav": community_nav(community, request.community_roles, active)}  # type: ignore[attr-defined]


@community_view(roles=STAFF_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    form = ProjectForm(request.POST or None, community=community)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.create_project(
                    community=community, title=data["title"], scope=data["scope"], budget=data["budget"],
                    funding=Funding(data["funding"]), motion=data["motion"], contractor=data["contractor"],
                    changes_manager=data["changes_manager"], by_sitting_committee=data["by_sitting_committee"],
                    consent=data["consent"], actor=request.user)  # type: ignore[arg-type]
            except ProjectError as failure:
                messages.error(request, str(failure))
            else:
                messages.success(request, _("项目已建立。"))
                return redirect("projects:project", slug=community.slug, pk=created.pk)
        else:
            messages.error(request, form_errors(form))
    return render(request, "projects/index.html", _base(request, community, "projects") | {
        "projects": projects_of(community), "form": form, "reelection": reelection_in_progress(community.pk),
        "consents": ReelectionConsent.objects.filter(community=community).select_related("given_by"),
        "consent_form": ConsentForm() if Role.SUPERVISOR in request.community_roles else None})  # type: ignore[attr-defined]


@require_POST
@community_view(roles=[Role.SUPERVISOR])
def consent(request: HttpRequest, community: Community) -> HttpResponse:
    """The street office records its consent to a matter held back during the re-election (SH art. 28)."""
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.record_consent(community=community, subject=form.cleaned_data["subject"],
                                    reason=form.cleaned_data["reason"], actor=request.user)  # type: ignore[arg-type]
        except ProjectError as failure:
            messages.error(request, str(failure))
        else:
            messages.success(request, _("街道同意已记录。"))
    return redirect("projects:index", slug=community.slug)


@community_view(roles=STAFF_ROLES)
def project(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    found = get_object_or_404(projects_of(community), pk=pk)
    today = timezone.localdate()
    return render(request, "projects/project.html", _base(request, community, "projects") | {
        "project": found, "pairs": photo_pairs(found), "today": today,
        "overdue": overdue_milestones(found, today), "blockers": services.completion_blockers(found),
        "demands": found.demands.select_related("unit").order_by("number"),
        "notified": found.notifications.count(),
        "milestone_form": MilestoneForm(), "photo_form": PhotoForm(), "progress_form": ProgressForm(
            initial={"progress": found.progress}), "day_form": DayForm(initial={"day": today}),
        "link_form": LinkDemandForm(),
    })


Action = Callable[[Project, dict[str, object], HttpRequest], str]


@require_POST
@community_view(roles=STAFF_ROLES)
def act(request: HttpRequest, community: Community, pk: int, action: str) -> HttpResponse:
    found = get_object_or_404(Project, community=community, pk=pk)
    handlers: dict[str, tuple[type[forms.Form], Action]] = {
        "milestone": (MilestoneForm, _milestone), "milestone-done": (DayForm, _milestone_done),
        "start": (DayForm, _start), "progress": (ProgressForm, _progress), "photo": (PhotoForm, _photo),
        "link": (LinkDemandForm, _link), "complete": (DayForm, _complete),
    }
    if action not in handlers:
        raise Http404
    form_class, handler = handlers[action]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            messages.success(request, handler(found, form.cleaned_data, request))
        except (ProjectError, LedgerError) as failure:
            messages.error(request, str(failure))
    return redirect("projects:project", slug=community.slug, pk=pk)


def _milestone(project: Project, data: dict[str, object], request: HttpRequest) -> str:
    services.add_milestone(project=project, title=str(data["title"]), due_on=data["due_on"],  # type: ignore[arg-type]
                           actor=request.user)  # type: ignore[arg-type]
    return _("节点已增加。")


def _milestone_done(project: Project, data: dict[str, object], request: HttpRequest) -> str:
    milestone = get_object_or_404(Milestone, project=project, pk=request.POST.get("milestone"))
    services.finish_milestone(milestone=milestone, done_on=data["day"], actor=request.user,  # type: ignore[arg-type]
                              today=timezone.localdate())
    return _("节点“%(title)s”已完成。") % {"title": milestone.title}


def _start(project: Project, data: dict[str, object], request: HttpRequest) -> str:
    services.start_project(project=project, started_on=data["day"], actor=request.user,  # type: ignore[arg-type]
                           today=timezone.localdate())
    return _("已开工。")


def _progress(project: Project, data: dict[str, object], request: HttpRequest) -> str:
    services.set_progress(project=project, progress=int(data["progress"]), actor=request.user)  # type: ignore[call-overload, arg-type]
    return _("进度已更新。")


def _photo(project: Project, data: dict[str, object], request: HttpRequest) -> str:
    services.add_photo(project=project, phase=Phase(data["phase"]), caption=str(data["caption"]),
                       upload=data["photo"], actor=request.user)  # type: ignore[arg-type]
    return _("照片已上传。")


def _link(project: Project, data: dict[str, object], request: HttpRequest) -> str:
    demand = Demand.objects.filter(community_id=project.community_id, number=data["number"]).first()
    if demand is None:
        raise DemandNotLinkable(number=data["number"], reason=_("台账中没有这个编号。"))
    services.link_demand(project=project, demand=demand, actor=request.user)  # type: ignore[arg-type]
    return _("已关联第%(n)s号诉求。") % {"n": demand.number}


def _complete(project: Project, data: dict[str, object], request: HttpRequest) -> str:
    done = services.complete_project(project=project, completed_on=data["day"],  # type: ignore[arg-type]
                                      actor=request.user, today=timezone.localdate())  # type: ignore[arg-type]
    return _("项目已竣工；关联的 %(n)s 件诉求已办结，并已通知反映诉求的业主。") % {"n": done.demands.count()}


@community_view(roles=[Role.OWNER])
def owner_index(request: HttpRequest, community: Community) -> HttpResponse:
    """What owners see: the projects under way and done, before and after, and their own notifications."""
    shown = projects_of(community).exclude(status=ProjectStatus.PLANNED)
    return render(request, "projects/owner_index.html", _base(request, community, "owner_projects") | {
        "projects": [(p, photo_pairs(p)) for p in shown],
        "notifications": owner_notifications(request.user, community)[:20],
    })


@community_view(roles=STAFF_ROLES | {Role.OWNER})
def photo(request: HttpRequest, community: Community, pk: int) -> FileResponse:
    item = get_object_or_404(ProjectPhoto, community=community, pk=pk)
    owner_only = not request.community_roles & STAFF_ROLES  # type: ignore[attr-defined]
    if owner_only and item.project.status == ProjectStatus.PLANNED:
        raise Http404  # owners see a project's pictures once the work has started
    response = FileResponse(item.image.open("rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
