"""业主联名推荐 online: owners find the recommendations collecting signatures and co-sign from their phone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.models import Role
from huanjie.candidates import selectors
from huanjie.candidates.forms import CosignForm
from huanjie.candidates.services import nominations
from huanjie.candidates.views import _attempt, _base, _owner_units, _recruitment
from huanjie.roster.models import Community, Owner
from huanjie.web.permissions import community_view


@community_view(roles=[Role.OWNER])
def joint_list(request: HttpRequest, community: Community) -> HttpResponse:
    found = _recruitment(community)
    return render(request, "candidates/joint_list.html", {
        **_base(request, community, "candidates_mine"), "recruitment": found,
        "deadline": nominations.nomination_deadline(found), "open": selectors.open_joint_nominations(community)})


@community_view(roles=[Role.OWNER])
def cosign(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    nomination = get_object_or_404(selectors.open_joint_nominations(community), pk=pk)
    units = _owner_units(request, community)
    form = CosignForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit_id, owner_id = form.chosen()
        unit = next(u for u in units if u.pk == unit_id)
        owner = get_object_or_404(Owner, community=community, pk=owner_id)
        if _attempt(request, lambda: nominations.cosign(nomination=nomination, unit=unit, owner=owner,
                                                        actor=request.user, today=timezone.localdate()),
                    _("联名成功，谢谢您的推荐。")):
            return redirect("candidates:joint_list", slug=community.slug)
    signed = set(nomination.supporters.values_list("unit_id", flat=True))
    return render(request, "candidates/cosign.html", {
        **_base(request, community, "candidates_mine"), "nomination": nomination, "form": form,
        "need": nomination.recruitment.joint_minimum, "already": [u for u in units if u.pk in signed]})
