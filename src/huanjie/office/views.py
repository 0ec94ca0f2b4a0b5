"""The street office's own pages: its communities, their people and roles, and starting a re-election.

Supervisors of the office (and system administrators) only; anyone else gets the same 404 as for
an office that does not exist. Every action is a service of huanjie.office or huanjie.reelection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import Membership, Role
from huanjie.office import services
from huanjie.office.errors import OfficeError
from huanjie.office.forms import (
    AccountForm,
    CommunityForm,
    GrantForm,
    PersonForm,
    ReelectionForm,
    StreetOfficeForm,
    existing_user,
)
from huanjie.reelection.errors import ProgressError
from huanjie.reelection.models import Reelection
from huanjie.reelection.services import start_reelection as start
from huanjie.roster.models import Community, StreetOffice
from huanjie.web.homes import supervised_offices
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view

SUPERVISORS = [Role.SUPERVISOR]


def _office_or_404(request: HttpRequest, code: str) -> StreetOffice:
    office = get_object_or_404(StreetOffice, code=code)
    if office not in supervised_offices(request.user):  # type: ignore[arg-type]
        raise Http404
    return office


def _attempt(request: HttpRequest, action: Callable[[], Any], done: str) -> Any:
    try:
        result = action()
    except OfficeError as error:
        messages.error(request, str(error))
        return None
    messages.success(request, done)
    return result


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """A system administrator's list of street offices; a supervisor goes to their own office."""
    offices = supervised_offices(request.user)  # type: ignore[arg-type]
    if not request.user.is_superuser:
        if not offices:
            raise Http404
        return redirect("office:detail", code=offices[0].code)
    form = StreetOfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = _attempt(request, lambda: services.create_street_office(name=form.cleaned_data["name"],
                                                                       actor=request.user), _("街道办事处已建立。"))
        if made is not None:
            return redirect("office:detail", code=made.code)
    return render(request, "office/index.html", {"offices": offices, "form": form})


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """The office's communities, each with where its set-up stands; a form to add one."""
    office = _office_or_404(request, code)
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = _attempt(request, lambda: services.create_community(street_office=office, actor=request.user,
                                                                   **form.cleaned_data), _("小区已建立。"))
        if made is not None:
            return redirect("web:community", slug=made.slug)
    communities = (Community.objects.filter(street_office=office).order_by("name")
                   .annotate(units_count=Count("units", distinct=True)))
    return render(request, "office/detail.html", {
        "office": office, "communities": communities, "form": form,
        "supervisors": Membership.objects.filter(street_office=office, role=Role.SUPERVISOR).select_related("user"),
        "supervisor_form": AccountForm() if request.user.is_superuser else None,
    })


@require_POST
@login_required
def add_supervisor(request: HttpRequest, code: str) -> HttpResponse:
    """System administrators only: a supervisor may open every community of the office."""
    office = _office_or_404(request, code)
    if not request.user.is_superuser:
        raise Http404
    form = AccountForm(request.POST)
    if form.is_valid():
        user = _person(request, form, None)
        _attempt(request, lambda: services.grant_supervisor(user=user, street_office=office, actor=request.user),
                 _("已授予街道督导。"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("office:detail", code=office.code)


def _person(request: HttpRequest, form: AccountForm, community: Community | None) -> AbstractBaseUser:
    """The person the form names; a new account, with its invitation link shown once, for a new number."""
    data = form.cleaned_data
    user = existing_user(data["account"])
    if user is not None:
        return user
    user = services.create_person(username=data["account"], full_name=data["full_name"], actor=request.user,
                                  community=community)
    link = request.build_absolute_uri(services.issue_invitation(user=user, actor=request.user, community=community))
    messages.info(request, _("已为 %(name)s 建立账号。请把这个链接交给本人，用来设置自己的密码"
                             "（3 天内有效，只能用一次）：%(link)s") % {"name": data["full_name"], "link": link})
    return user


@community_view(roles=SUPERVISORS)
def people(request: HttpRequest, community: Community) -> HttpResponse:
    """人员与角色: who works on this community in which role; add a person with one or several roles."""
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _person(request, form, community)
        for role in form.cleaned_data["roles"]:
            _attempt(request, lambda role=role: services.grant_role(user=user, role=role, community=community,
                                                                    actor=request.user),
                     _("已授予%(role)s。") % {"role": Role(role).label})
        return redirect("office:people", slug=community.slug)
    return render(request, "office/people.html", {
        "community": community, "form": form, "people": _people(community),
        "grant_form": GrantForm(auto_id=False),  # one per row: no id, named by the label around it
        "supervisors": Membership.objects.filter(street_office=community.street_office, role=Role.SUPERVISOR)
        .select_related("user"),
        "community_nav": community_nav(community, request.community_roles, "people"),  # type: ignore[attr-defined]
    })


def _people(community: Community) -> list[tuple[AbstractBaseUser, list[Membership]]]:
    rows: dict[int, tuple[AbstractBaseUser, list[Membership]]] = {}
    for membership in (Membership.objects.filter(community=community, role__in=services.COMMUNITY_ROLES)
                       .select_related("user").order_by("user__first_name", "user__username", "role")):
        rows.setdefault(membership.user_id, (membership.user, []))[1].append(membership)
    return list(rows.values())


def _staff_of(community: Community, user_pk: int) -> AbstractBaseUser:
    found = (Membership.objects.filter(community=community, user_id=user_pk, role__in=services.COMMUNITY_ROLES)
             .select_related("user").first())
    if found is None:
        raise Http404
    return found.user


@require_POST
@community_view(roles=SUPERVISORS)
def grant(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    user = _staff_of(community, pk)
    form = GrantForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        _attempt(request, lambda: services.grant_role(user=user, role=role, community=community, actor=request.user),
                 _("已授予%(role)s。") % {"role": Role(role).label})
    return redirect("office:people", slug=community.slug)


@require_POST
@community_view(roles=SUPERVISORS)
def revoke(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, community=community, pk=pk, role__in=services.COMMUNITY_ROLES)
    _attempt(request, lambda: services.revoke_role(membership=membership, actor=request.user),
             _("已取消%(role)s。") % {"role": membership.get_role_display()})
    return redirect("office:people", slug=community.slug)


@require_POST
@community_view(roles=SUPERVISORS)
def invite(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """A new link for someone who has not set a password yet (the first one lost or expired)."""
    user = _staff_of(community, pk)
    path = _attempt(request, lambda: services.issue_invitation(user=user, actor=request.user, community=community),
                    _("已生成新的设置密码链接。"))
    if path:
        messages.info(request, _("请把这个链接交给 %(name)s 本人（3 天内有效，只能用一次）：%(link)s") % {
            "name": user.get_full_name() or user.get_username(), "link": request.build_absolute_uri(path)})  # type: ignore[attr-defined]
    return redirect("office:people", slug=community.slug)


@community_view(roles=SUPERVISORS)
def start_reelection(request: HttpRequest, community: Community) -> HttpResponse:
    """启动换届: the term that ends and, when known, the assembly date; the progress ledger follows from them."""
    latest = Reelection.objects.filter(community=community).order_by("-term_number").first()
    form = ReelectionForm(request.POST or None, initial={"term_number": latest.term_number + 1 if latest else 2})
    if request.method == "POST" and form.is_valid():
        try:
            start(community=community, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ProgressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("换届已启动，进度台账已按任期届满日推算各步骤的期限。"))
            return redirect("reelection:progress", slug=community.slug)
    return render(request, "office/start_reelection.html", {
        "community": community, "form": form, "latest": latest,
        "community_nav": community_nav(community, request.community_roles, "progress"),  # type: ignore[attr-defined]
    })


class WelcomeView(auth_views.PasswordResetConfirmView):
    """A new staff member sets their own password from the invitation link, then signs in as usual
    (so that a role that must use two-step sign-in sets it up then)."""

    template_name = "office/welcome.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("密码已设置。请用手机号和新密码登录。"))
        return super().form_valid(form)
