"""The result's notices (公示, then 公告) and the filing pack (备案材料)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES
from huanjie.notices.errors import NoticeError
from huanjie.notices.views import public_url
from huanjie.roster.models import Community
from huanjie.voting import selectors
from huanjie.voting.errors import VotingError
from huanjie.voting.filing import filing_pack
from huanjie.voting.models import Assembly, AssemblyStatus
from huanjie.voting.services.notices import (
    PRELIMINARY_DAYS,
    draft_final_results_notice,
    draft_preliminary_results_notice,
    final_due,
    results_schedule,
)
from huanjie.voting.views import VIEW_ROLES, _base
from huanjie.web.permissions import community_view


def counted_or_404(community: Community, pk: int) -> Assembly:
    found = selectors.assembly_of(community, pk)
    if found is None or found.status != AssemblyStatus.COUNTED:
        raise Http404
    return found


@community_view(roles=VIEW_ROLES)
def results_notices(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    assembly = counted_or_404(community, pk)
    today = timezone.localdate()
    schedule = results_schedule(assembly, today)
    return render(request, "voting/results_notices.html", _base(
        request, community, assembly=assembly, preliminary=assembly.preliminary_notice, final=assembly.final_notice,
        schedule=schedule, period_days=min(PRELIMINARY_DAYS, schedule.longest_period) or PRELIMINARY_DAYS,
        late=today > final_due(assembly) and not (assembly.final_notice and assembly.final_notice.is_published)))


@require_POST
@community_view(roles=STAFF_ROLES)
def draft_notice(request: HttpRequest, community: Community, pk: int, which: str) -> HttpResponse:
    assembly = counted_or_404(community, pk)
    try:
        if which == "preliminary":
            days = int(request.POST.get("period_days") or 1)
            notice = draft_preliminary_results_notice(assembly=assembly, actor=request.user,  # type: ignore[arg-type]
                                                      period_days=max(1, min(days, 30)))
        elif which == "final":
            notice = draft_final_results_notice(assembly=assembly, actor=request.user,  # type: ignore[arg-type]
                                                today=timezone.localdate())
        else:
            raise Http404
    except (VotingError, NoticeError) as error:
        messages.error(request, str(error))
        return redirect("voting:results_notices", slug=community.slug, pk=pk)
    except ValueError:
        messages.error(request, _("公示期天数须为整数。"))
        return redirect("voting:results_notices", slug=community.slug, pk=pk)
    messages.success(request, _("已起草“%(title)s”。请核对后发布，并打印张贴。") % {"title": notice.title})
    return redirect("notices:detail", slug=community.slug, pk=notice.pk)


@community_view(roles=STAFF_ROLES)
def filing_pack_zip(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """备案材料 as one ZIP, once the results announcement is published."""
    assembly = counted_or_404(community, pk)
    try:
        data = filing_pack(assembly, public_url=lambda notice: public_url(request, notice))
    except VotingError as error:
        messages.error(request, str(error))
        return redirect("voting:results_notices", slug=community.slug, pk=pk)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="filing-{community.slug}-{assembly.pk}.zip"'
    return response
