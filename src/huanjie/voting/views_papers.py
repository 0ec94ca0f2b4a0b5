"""Ballot papers: which way they are issued (until voting opens), printing every unused paper at
once, or one paper again.

Printing is a POST: it issues fresh voting codes (the earlier sheets stop working online), so a
link preview or a reload cannot invalidate codes already handed out.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster.models import Community
from huanjie.voting import selectors, services
from huanjie.voting.errors import UnknownPaper, VotingError
from huanjie.voting.forms import PaperModeForm
from huanjie.voting.models import Assembly, Ballot, BallotPaper, BallotStatus, PaperMode
from huanjie.voting.pdf import render_papers
from huanjie.voting.services.papers import reissue_voting_code, set_paper_mode
from huanjie.web.permissions import community_view


def _assembly(community: Community, pk: int) -> Assembly:
    found = selectors.assembly_of(community, pk)
    if found is None:
        raise Http404
    return found


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"  # the sheets carry voting codes
    return response


@require_POST
@community_view(roles=STAFF_ROLES)
def ballots_pdf(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """Every paper of a household that has not voted, each with a fresh code, in serial order."""
    assembly = _assembly(community, pk)
    try:
        issued = services.issue_voting_codes(assembly=assembly, actor=request.user)  # type: ignore[arg-type]
    except VotingError as error:
        messages.error(request, str(error))
        return redirect("voting:detail", slug=community.slug, pk=pk)
    # Papers already voted (at the door, by proxy) are not printed again; their fresh code goes unprinted.
    voted = set(Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED).values_list("paper_id",
                                                                                                  flat=True))
    data = render_papers(assembly, [(item.paper, item.code) for item in issued if item.paper.pk not in voted],
                         vote_url=request.build_absolute_uri(reverse("vote:start")))
    return _pdf(data, f"ballots-{community.slug}-{assembly.pk}-{timezone.localtime():%Y%m%d-%H%M}.pdf")


SERIAL_LENGTH = BallotPaper._meta.get_field("serial").max_length or 20


def is_serial_like(text: str) -> bool:
    """Whether typed text could be a paper's serial at all: short and without control characters."""
    return 0 < len(text) <= SERIAL_LENGTH and text.isprintable()


@require_POST
@community_view(roles=STAFF_ROLES)
def ballot_pdf(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """One paper again (lost or spoilt), with a fresh code; the serial comes from the form."""
    assembly = _assembly(community, pk)
    serial = request.POST.get("serial", "").strip()
    paper = None
    if is_serial_like(serial):  # anything else names no paper (and PostgreSQL refuses a NUL in a query)
        paper = BallotPaper.objects.filter(assembly=assembly, serial=serial).select_related("entity", "unit").first()
    if paper is None:
        messages.error(request, str(UnknownPaper(serial=serial[:SERIAL_LENGTH])))
        return redirect("voting:detail", slug=community.slug, pk=pk)
    try:
        issued = reissue_voting_code(paper=paper, actor=request.user)  # type: ignore[arg-type]
    except VotingError as error:
        messages.error(request, str(error))
        return redirect("voting:detail", slug=community.slug, pk=pk)
    data = render_papers(assembly, [(issued.paper, issued.code)],
                         vote_url=request.build_absolute_uri(reverse("vote:start")))
    return _pdf(data, f"ballot-{paper.serial}.pdf")


@require_POST
@community_view(roles=STAFF_ROLES)
def paper_mode(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """表决票发放方式: per voting entity or per unit, while no paper has been issued."""
    assembly = _assembly(community, pk)
    form = PaperModeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择表决票发放方式。"))
        return redirect("voting:detail", slug=community.slug, pk=pk)
    try:
        changed = set_paper_mode(assembly=assembly, mode=form.cleaned_data["paper_mode"],
                                 actor=request.user)  # type: ignore[arg-type]
    except VotingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("表决票发放方式：%(mode)s。") % {"mode": PaperMode(changed.paper_mode).label})
    return redirect("voting:detail", slug=community.slug, pk=pk)
