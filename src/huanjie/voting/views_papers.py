"""Ballot papers: which way they are issued (until voting opens), and printing every paper once.

Printing generates the voting codes, once: the page says so first, and the printing itself is a
POST with `confirm=yes`, so that a link preview, a reload or a stray click prints nothing. A lost
or spoilt sheet is reissued alone, with four eyes (views_codes.py).
"""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.csvfiles import spreadsheet_csv
from huanjie.roster.models import Community
from huanjie.voting import selectors, services
from huanjie.voting.codes import format_code
from huanjie.voting.errors import VotingError
from huanjie.voting.forms import PaperModeForm
from huanjie.voting.forms_papers import CodeListRequestForm
from huanjie.voting.models import Assembly, Ballot, BallotStatus, PaperMode
from huanjie.voting.pdf import render_papers
from huanjie.voting.selectors_papers import code_list_release
from huanjie.voting.services.assembly import IssuedPaper
from huanjie.voting.services.codes import person
from huanjie.voting.services.papers import set_paper_mode
from huanjie.voting.views import _base
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


@community_view(roles=STAFF_ROLES)
def print_all(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """打印全部表决票: a page saying what printing does (codes generated once, never again), then
    the printing itself, which needs `confirm=yes` (a step that works without JavaScript).

    The PDF holds every paper of a household that has not voted, in serial order; with a confirmed
    request for the print shop's code list, a ZIP of the PDF and the list.
    """
    assembly = _assembly(community, pk)
    code_list = code_list_release(assembly)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        with_list = code_list if request.POST.get("with_list") and code_list is not None else None
        try:
            issued = services.issue_voting_codes(assembly=assembly, actor=request.user,  # type: ignore[arg-type]
                                                 code_list=with_list)
        except VotingError as error:
            messages.error(request, str(error))
            return redirect("voting:print", slug=community.slug, pk=pk)
        return _printed(request, assembly, issued, with_list is not None)
    return render(request, "voting/print.html", _base(
        request, community, assembly=assembly, code_list=code_list, list_form=CodeListRequestForm(),
        printed_by=person(assembly.codes_printed_by) if assembly.codes_printed_at else ""))


def _printed(request: HttpRequest, assembly: Assembly, issued: list[IssuedPaper], with_list: bool) -> HttpResponse:
    # Papers already voted (at the door, by proxy) are not printed; their code goes unprinted.
    voted = set(Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED).values_list("paper_id",
                                                                                                  flat=True))
    data = render_papers(assembly, [(item.paper, item.code) for item in issued if item.paper.pk not in voted],
                         vote_url=request.build_absolute_uri(reverse("vote:start")))
    stem = f"ballots-{assembly.community.slug}-{assembly.pk}-{timezone.localtime():%Y%m%d-%H%M}"
    if not with_list:
        return _pdf(data, f"{stem}.pdf")
    rows = [[_("表决票编号"), _("房号"), _("专有部分面积"), _("表决码")],
            *([i.paper.serial, i.paper.label, f"{i.paper.area:.2f}", format_code(i.code)] for i in issued)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.pdf", data)
        archive.writestr(f"voting-codes-{assembly.pk}.csv", spreadsheet_csv(rows))
    response = HttpResponse(out.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{stem}.zip"'
    response["Cache-Control"] = "no-store"
    return response


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
