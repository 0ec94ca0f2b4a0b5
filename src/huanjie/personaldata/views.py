"""The owner's copy of their data; each community's retention date, setting and purge preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from huanjie.accounts.clients import client_key
from huanjie.accounts.errors import AccountsError
from huanjie.accounts.models import Membership, Role
from huanjie.accounts.reauth import confirm_owner
from huanjie.accounts.selectors import owner_unit_ids
from huanjie.personaldata.export import export_personal_data
from huanjie.personaldata.forms import ConfirmOwnerForm, RetentionForm
from huanjie.personaldata.models import PurgeRun
from huanjie.personaldata.purge import LABELS, plan_purge
from huanjie.personaldata.retention import Retention, policy_of, retention_of, set_retention
from huanjie.roster.models import Community, StreetOffice, Unit
from huanjie.web.permissions import community_view


@require_POST
@never_cache
@community_view(roles=[Role.OWNER])
def owner_export(request: HttpRequest, community: Community) -> HttpResponse:
    """A ZIP of everything huanjie holds about the owner's units (PIPL art. 45); POST, so it is never
    prefetched, and only with the letter's code and the phone's digits typed again (accounts.reauth)."""
    form = ConfirmOwnerForm(request.POST)
    if form.is_valid():
        units = list(Unit.objects.filter(pk__in=owner_unit_ids(request.user, community)).prefetch_related("owners"))
        try:
            confirm_owner(user=request.user, units=units, phone_last4=form.cleaned_data["phone_last4"],  # type: ignore[arg-type]
                          code=form.cleaned_data["code"], client=client_key(request))
        except AccountsError as error:
            form.add_error(None, str(error))
    if not form.is_valid():
        return render(request, "personaldata/confirm_owner.html", {"community": community, "form": form},
                      status=400)
    payload = export_personal_data(user=request.user, community=community)  # type: ignore[arg-type]
    response = HttpResponse(payload, content_type="application/zip")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="huanjie-{community.slug}-my-data-{day}.zip"'
    return response


def _row(retention: Retention, today: object) -> dict[str, object]:
    plan = plan_purge(retention)
    last = PurgeRun.objects.filter(community=retention.community).first()
    return {
        "retention": retention,
        "refusal": retention.refusal(today),  # type: ignore[arg-type]
        "plan": [(LABELS[key], count) for key, count in plan.items()],
        "total": sum(plan.values()),
        "last": last,
    }


@community_view(roles=[Role.SUPERVISOR])
def retention(request: HttpRequest, community: Community) -> HttpResponse:
    """One community: its retention setting (the street office decides), the date, and what a purge erases."""
    form = RetentionForm(request.POST or None, instance=policy_of(community))
    if request.method == "POST" and form.is_valid():
        set_retention(
            community=community,
            months=form.cleaned_data["months"],
            erase_roster_phones=form.cleaned_data["erase_roster_phones"],
            hold_reason=form.cleaned_data["hold_reason"],
            actor=request.user,
        )
        messages.success(request, _("个人信息保留设置已保存。"))
        return redirect("personaldata:retention", slug=community.slug)
    today = timezone.localdate()
    return render(
        request,
        "personaldata/retention.html",
        {"community": community, "form": form, "today": today, "row": _row(retention_of(community), today)},
    )


def office(request: HttpRequest, code: str) -> HttpResponse:
    """A street office's communities: when each may erase its re-election's personal data, and what (dry run)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    street_office = get_object_or_404(StreetOffice, code=code)
    # The same rule as community_view: 404 unless the user supervises this office.
    supervises = Membership.objects.filter(user=request.user, role=Role.SUPERVISOR, street_office=street_office)
    if not (getattr(request.user, "is_superuser", False) or supervises.exists()):
        raise Http404
    today = timezone.localdate()
    rows = [_row(retention_of(community), today) for community in street_office.communities.order_by("name")]
    return render(request, "personaldata/office.html", {"office": street_office, "rows": rows, "today": today})
