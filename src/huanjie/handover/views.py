from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.handover import services
from huanjie.handover.errors import HandoverError
from huanjie.handover.forms import ItemForm, OpenForm, SignForm
from huanjie.handover.models import Direction, Handover, HandoverItem, ItemKind
from huanjie.handover.selectors import handover_views
from huanjie.reelection.selectors import current_reelection
from huanjie.roster.models import Community
from huanjie.visits.outbox import form_errors
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


@community_view(roles=STAFF_ROLES)
def index(request: HttpRequest, community: Community) -> HttpResponse:
    reelection = current_reelection(community.pk)
    if request.method == "POST":
        form = OpenForm(request.POST)
        if reelection is None:
            raise Http404
        if not form.is_valid():
            messages.error(request, form_errors(form))
        else:
            try:
                services.open_handover(reelection=reelection, direction=Direction(form.cleaned_data["direction"]),
                                       actor=request.user)  # type: ignore[arg-type]
            except HandoverError as failure:
                messages.error(request, str(failure))
            else:
                messages.success(request, _("移交清单已建立，已列出印章、档案、账册、钥匙、合同等常规事项。"))
        return redirect("handover:index", slug=community.slug)
    today = timezone.localdate()
    return render(request, "handover/index.html", {
        "community": community, "reelection": reelection, "today": today,
        "handovers": handover_views(reelection, today=today) if reelection else [],
        "open_form": OpenForm(), "item_form": ItemForm(), "sign_form": SignForm(initial={"signed_on": today}),
        "community_nav": community_nav(community, request.community_roles, "handover"),  # type: ignore[attr-defined]
    })


@require_POST
@community_view(roles=STAFF_ROLES)
def add(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    handover = get_object_or_404(Handover, community=community, pk=pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        data = form.cleaned_data
        services.add_item(handover=handover, kind=ItemKind(data["kind"]), description=data["description"],
                          quantity=data["quantity"], actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("移交事项已增加。"))
    return redirect("handover:index", slug=community.slug)


@require_POST
@community_view(roles=STAFF_ROLES)
def sign(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    item = get_object_or_404(HandoverItem, community=community, pk=pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        data = form.cleaned_data
        try:
            services.sign_item(item=item, side=data["side"], name=data["name"], signed_on=data["signed_on"],
                               actor=request.user, today=timezone.localdate())  # type: ignore[arg-type]
        except HandoverError as failure:
            messages.error(request, str(failure))
        else:
            messages.success(request, _("签字已记录。"))
    return redirect("handover:index", slug=community.slug)
