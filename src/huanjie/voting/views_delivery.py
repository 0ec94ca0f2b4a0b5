"""发放/签收: the working group records each paper handed over, or why it could not be."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster.models import Community
from huanjie.voting import selectors, selectors_papers
from huanjie.voting.errors import UnknownPaper, VotingError
from huanjie.voting.forms_papers import DeliveryForm
from huanjie.voting.models import Assembly, BallotPaper
from huanjie.voting.services.delivery import record_delivery
from huanjie.voting.views import VIEW_ROLES, _base
from huanjie.web.permissions import community_view

SHOWN = 200


def assembly_or_404(community: Community, pk: int) -> Assembly:
    found = selectors.assembly_of(community, pk)
    if found is None or found.status == "draft":
        raise Http404  # papers exist once voting opens
    return found


def paper_or_error(assembly: Assembly, serial: str) -> BallotPaper:
    paper = (BallotPaper.objects.filter(assembly=assembly, serial=serial.strip())
             .select_related("assembly", "entity", "unit").first())
    if paper is None:
        raise UnknownPaper(serial=serial.strip())
    return paper


@community_view(roles=VIEW_ROLES)
def delivery(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = assembly_or_404(community, pk)
    is_staff = bool(request.community_roles & STAFF_ROLES)  # type: ignore[attr-defined]
    form = DeliveryForm(request.POST if request.method == "POST" and is_staff else None,
                        initial={"delivered_at": timezone.localtime().replace(second=0, microsecond=0)})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            done = record_delivery(paper=paper_or_error(assembly, data["serial"]), actor=request.user,  # type: ignore[arg-type]
                                   **{k: data[k] for k in ("outcome", "delivered_by", "delivered_at", "signed_by",
                                                           "relation", "reason", "note")})
        except VotingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已登记：%(serial)s %(outcome)s") % {
                "serial": done.paper.serial, "outcome": done.get_outcome_display()})
            return redirect("voting:delivery", slug=community.slug, pk=pk)
    undelivered = selectors_papers.undelivered_papers(assembly)
    return render(request, "voting/delivery.html", _base(
        request, community, assembly=assembly, form=form, coverage=selectors_papers.delivery_coverage(assembly),
        deliveries=selectors_papers.deliveries(assembly)[:SHOWN], undelivered=undelivered[:SHOWN],
        undelivered_count=undelivered.count()))
