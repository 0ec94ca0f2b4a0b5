"""表决码: reissuing one paper's code and the print shop's code list, each asked by one person and
confirmed in the app by a second person of another role before anything is printed (issue 17 #4).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.roster.models import Community
from huanjie.voting import selectors
from huanjie.voting.errors import UnknownPaper, VotingError
from huanjie.voting.forms_papers import CodeListRequestForm, ReissueRequestForm
from huanjie.voting.models import Assembly, BallotPaper, CodeRelease
from huanjie.voting.pdf import render_papers
from huanjie.voting.selectors_papers import code_list_release, code_releases
from huanjie.voting.services.codes import (
    confirm_code_release,
    print_reissued_paper,
    request_code_list,
    request_code_reissue,
    withdraw_code_release,
)
from huanjie.voting.views import VIEW_ROLES, _base
from huanjie.voting.views_papers import _pdf
from huanjie.web.permissions import community_view

CONFIRMER_ROLES = frozenset({Role.SCRUTINEER, Role.SUPERVISOR})
SERIAL_LENGTH = BallotPaper._meta.get_field("serial").max_length or 20


def is_serial_like(text: str) -> bool:
    """Whether typed text could be a paper's serial at all: short and without control characters."""
    return 0 < len(text) <= SERIAL_LENGTH and text.isprintable()


def _assembly(community: Community, pk: int) -> Assembly:
    found = selectors.assembly_of(community, pk)
    if found is None:
        raise Http404
    return found


def _release(assembly: Assembly, release: int) -> CodeRelease:
    return get_object_or_404(CodeRelease, assembly=assembly, pk=release)


def _back(community: Community, pk: int) -> HttpResponse:
    return redirect("voting:codes", slug=community.slug, pk=pk)


@community_view(roles=VIEW_ROLES)
def codes(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """The requests and who asked and confirmed each; staff ask, scrutineers and the street office confirm."""
    assembly = _assembly(community, pk)
    step = request.POST.get("step")
    reissue = ReissueRequestForm(request.POST if step == "reissue" else None)
    listing = CodeListRequestForm(request.POST if step == "code_list" else None)
    staff = bool(request.community_roles & STAFF_ROLES)  # type: ignore[attr-defined]
    if request.method == "POST" and staff and _asked(request, assembly, reissue if step == "reissue" else listing):
        return _back(community, pk)
    return render(request, "voting/codes.html", _base(
        request, community, assembly=assembly, reissue=reissue, listing=listing, releases=code_releases(assembly),
        code_list=code_list_release(assembly),
        may_confirm=bool(request.community_roles & CONFIRMER_ROLES)))  # type: ignore[attr-defined]


def _asked(request: HttpRequest, assembly: Assembly, form: ReissueRequestForm | CodeListRequestForm) -> bool:
    if not form.is_valid():
        return False
    data, user = form.cleaned_data, request.user
    try:
        if isinstance(form, ReissueRequestForm):
            request_code_reissue(paper=_paper(assembly, data["serial"].strip()), reason=data["reason"],
                                 owner_request=data["owner_request"], actor=user)  # type: ignore[arg-type]
        else:
            request_code_list(assembly=assembly, reason=data["reason"], actor=user)  # type: ignore[arg-type]
    except VotingError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, _("已提出申请，须由监票人或街道督导在本页确认后才能打印。"))
    return True


def _paper(assembly: Assembly, serial: str) -> BallotPaper:
    paper = None
    if is_serial_like(serial):  # anything else names no paper (and PostgreSQL refuses a NUL in a query)
        paper = BallotPaper.objects.filter(assembly=assembly, serial=serial).first()
    if paper is None:
        raise UnknownPaper(serial=serial[:SERIAL_LENGTH])
    return paper


def _act(request: HttpRequest, action: Callable[[], object], done: str) -> None:
    try:
        action()
    except VotingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)


@require_POST
@community_view(roles=CONFIRMER_ROLES)
def confirm_release(request: HttpRequest, community: Community, pk: int, release: int) -> HttpResponse:
    found = _release(_assembly(community, pk), release)
    _act(request, lambda: confirm_code_release(release=found, actor=request.user),  # type: ignore[arg-type]
         _("已确认。申请人或您可以打印一次。"))
    return _back(community, pk)


@require_POST
@community_view(roles=STAFF_ROLES | CONFIRMER_ROLES)
def withdraw_release(request: HttpRequest, community: Community, pk: int, release: int) -> HttpResponse:
    found = _release(_assembly(community, pk), release)
    _act(request, lambda: withdraw_code_release(release=found, actor=request.user),  # type: ignore[arg-type]
         _("已撤回。"))
    return _back(community, pk)


@require_POST
@community_view(roles=STAFF_ROLES | CONFIRMER_ROLES)
def print_release(request: HttpRequest, community: Community, pk: int, release: int) -> HttpResponse:
    """The one sheet of a confirmed reissue, with its new code; the paper's old code stops working."""
    assembly = _assembly(community, pk)
    found = _release(assembly, release)
    try:
        issued = print_reissued_paper(release=found, actor=request.user)  # type: ignore[arg-type]
    except VotingError as error:
        messages.error(request, str(error))
        return _back(community, pk)
    data = render_papers(assembly, [(issued.paper, issued.code)],
                         vote_url=request.build_absolute_uri(reverse("vote:start")))
    return _pdf(data, f"ballot-{issued.paper.serial}.pdf")
