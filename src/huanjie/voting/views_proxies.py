"""委托书 and 上门收票: register a proxy with its signed authorisation, take the holder's ballot,
record a ballot collected at the door by two members of staff."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster.models import Community
from huanjie.voting import selectors_papers
from huanjie.voting.errors import VotingError
from huanjie.voting.forms_papers import DoorCollectionForm, ProxyBallotForm, ProxyForm
from huanjie.voting.models import BallotPaper, Proxy
from huanjie.voting.services.proxies import cast_proxy_ballot, collect_at_door, register_proxy, revoke_proxy
from huanjie.voting.views import _base
from huanjie.voting.views_delivery import assembly_or_404, paper_or_error
from huanjie.web.permissions import community_view


@community_view(roles=STAFF_ROLES)
def proxies(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = assembly_or_404(community, pk)
    form = ProxyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = register_proxy(
                entity=paper_or_error(assembly, data["serial"]).entity, grantor_name=data["grantor_name"],
                holder_name=data["holder_name"], holder_phone=data["holder_phone"],
                instructions=data["instructions"], authorisation=data["authorisation"],
                actor=request.user)  # type: ignore[arg-type]
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("委托书 %(n)s 已登记。") % {"n": made.number})
            return redirect("voting:proxies", slug=community.slug, pk=pk)
    return render(request, "voting/proxies.html", _base(
        request, community, assembly=assembly, form=form, proxies=selectors_papers.proxies(assembly)))


def _proxy(community: Community, pk: int, proxy: int) -> Proxy:
    return get_object_or_404(Proxy.objects.select_related("entity", "assembly"), community=community,
                             assembly_id=pk, pk=proxy)


@community_view(roles=STAFF_ROLES)
def proxy_ballot(request: HttpRequest, community: Community, pk: int, proxy: int) -> HttpResponse:
    """The holder hands over the household's paper (per unit: one of its papers); staff enter what it says."""
    found = _proxy(community, pk, proxy)
    papers = {p.serial: p for p in BallotPaper.objects.filter(entity_id=found.entity_id).select_related("unit")
              .exclude(ballots__proxy=found).order_by("serial")}
    several = found.entity.papers.count() > 1
    form = ProxyBallotForm(request.POST or None, assembly=found.assembly,
                           serials=[(s, f"{s}（{p.label}）") for s, p in papers.items()] if several else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ballot = cast_proxy_ballot(proxy=found, valid=data["valid"], choices=form.choices(),
                                       paper=papers.get(data.get("serial", "")),
                                       invalid_reason=data["invalid_reason"], actor=request.user)  # type: ignore[arg-type]
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已收到委托投票 %(b)s（%(s)s）。") % {
                "b": ballot.number, "s": ballot.get_status_display()})
            return redirect("voting:proxies", slug=community.slug, pk=pk)
    return render(request, "voting/proxy_ballot.html", _base(request, community, assembly=found.assembly,
                                                             proxy=found, form=form))


@require_POST
@community_view(roles=STAFF_ROLES)
def proxy_revoke(request: HttpRequest, community: Community, pk: int, proxy: int) -> HttpResponse:
    try:
        revoke_proxy(proxy=_proxy(community, pk, proxy), reason=request.POST.get("reason", ""),
                     actor=request.user)  # type: ignore[arg-type]
    except VotingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("委托已撤销。"))
    return redirect("voting:proxies", slug=community.slug, pk=pk)


@community_view(roles=STAFF_ROLES)
def proxy_authorisation(request: HttpRequest, community: Community, pk: int, proxy: int) -> FileResponse:
    found = _proxy(community, pk, proxy)
    if not found.authorisation:
        raise Http404
    return FileResponse(found.authorisation.open("rb"), as_attachment=True)


@community_view(roles=STAFF_ROLES)
def door(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = assembly_or_404(community, pk)
    form = DoorCollectionForm(request.POST or None, assembly=assembly)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ballot = collect_at_door(
                paper=paper_or_error(assembly, data["serial"]), first_collector=data["first_collector"],
                second_collector=data["second_collector"], valid=data["valid"], choices=form.choices(),
                invalid_reason=data["invalid_reason"], actor=request.user)  # type: ignore[arg-type]
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已登记上门收票 %(b)s（%(s)s）。") % {
                "b": ballot.number, "s": ballot.get_status_display()})
            return redirect("voting:door", slug=community.slug, pk=pk)
    return render(request, "voting/door.html", _base(request, community, assembly=assembly, form=form,
                                                     collections=selectors_papers.door_collections(assembly)[:200]))
