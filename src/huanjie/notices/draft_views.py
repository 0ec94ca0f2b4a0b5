"""Drafting the notices that are filled from the data (roster and rules; the election announcement)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.notices import drafts
from huanjie.notices.errors import NoticeError
from huanjie.notices.forms import ElectionNoticeForm, RosterNoticeForm
from huanjie.reelection.models import Reelection
from huanjie.reelection.selectors import current_reelection
from huanjie.roster.models import Community
from huanjie.web.permissions import community_view


def _reelection(community: Community) -> Reelection:
    found = current_reelection(community.pk)
    if found is None:
        raise Http404
    return found


def _rejected(request: HttpRequest, community: Community, errors: str) -> HttpResponse:
    messages.error(request, _("未生成：%(errors)s") % {"errors": errors})
    return redirect("notices:index", slug=community.slug)


@require_POST
@community_view(roles=STAFF_ROLES)
def draft_roster(request: HttpRequest, community: Community) -> HttpResponse:
    reelection = _reelection(community)
    form = RosterNoticeForm(request.POST)
    if not form.is_valid():
        return _rejected(request, community, form.errors.as_text())
    notice = drafts.draft_roster_notice(reelection=reelection, actor=request.user, **form.cleaned_data)
    return redirect("notices:detail", slug=community.slug, pk=notice.pk)


@require_POST
@community_view(roles=STAFF_ROLES)
def draft_election(request: HttpRequest, community: Community) -> HttpResponse:
    reelection = _reelection(community)
    form = ElectionNoticeForm(request.POST)
    if not form.is_valid():
        return _rejected(request, community, form.errors.as_text())
    data = form.cleaned_data
    plan = drafts.AssemblyPlan(voting_from=data["voting_from"], voting_until=data["voting_until"],
                               place=data["place"].strip(), form=data["form"].strip(), agenda=form.agenda_items())
    try:
        notice = drafts.draft_election_notice(reelection=reelection, meeting=plan, actor=request.user)
    except NoticeError as error:
        return _rejected(request, community, str(error))
    return redirect("notices:detail", slug=community.slug, pk=notice.pk)
