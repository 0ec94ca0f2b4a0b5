from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.models import STAFF_ROLES, Membership, Role
from huanjie.reelection.errors import ProgressError
from huanjie.reelection.forms import AssemblyForm, StageDoneForm
from huanjie.reelection.gantt import gantt_chart
from huanjie.reelection.models import STAGE_LABELS, StageProgress
from huanjie.reelection.selectors import current_reelection, office_rows, stage_rows
from huanjie.reelection.services import mark_stage_done, schedule_assembly
from huanjie.roster.models import Community, StreetOffice
from huanjie.rules.timeline import Stage
from huanjie.visits.outbox import form_errors
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


@community_view(roles=STAFF_ROLES)
def progress(request: HttpRequest, community: Community) -> HttpResponse:
    """进度台账: every statutory step with its due date, done date, by whom and evidence."""
    today = timezone.localdate()
    reelection = current_reelection(community.pk)
    rows = stage_rows(reelection, today=today) if reelection else []
    undone = [(r.key, r.label) for r in rows if not r.done_on]
    return render(request, "reelection/progress.html", {
        "community": community, "today": today, "reelection": reelection, "stages": rows,
        "community_nav": community_nav(community, request.community_roles, "progress"),  # type: ignore[attr-defined]
        "chart": gantt_chart(rows, today=today, title=_("换届进度甘特图"),
                             undated=_("日期待定：待前面的步骤完成后确定")) if rows else "",
        "done_form": _done_form(undone, today),
        "supervisor": Role.SUPERVISOR in request.community_roles,  # type: ignore[attr-defined]
        "assembly_form": AssemblyForm(initial={"assembly_date": reelection.assembly_date} if reelection else None),
    })


def _done_form(undone: list[tuple[str, str]], today: object) -> StageDoneForm:
    form = StageDoneForm(initial={"done_on": today, "stage": undone[0][0] if undone else None})
    form.fields["stage"].choices = undone  # type: ignore[attr-defined]
    return form


@require_POST
@community_view(roles=STAFF_ROLES)
def stage_done(request: HttpRequest, community: Community) -> HttpResponse:
    reelection = current_reelection(community.pk)
    if reelection is None:
        raise Http404
    form = StageDoneForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("reelection:progress", slug=community.slug)
    data = form.cleaned_data
    try:
        mark_stage_done(reelection=reelection, stage=Stage(data["stage"]), done_on=data["done_on"],
                        note=data["note"], evidence=data["evidence"], actor=request.user,  # type: ignore[arg-type]
                        today=timezone.localdate())
    except ProgressError as failure:
        messages.error(request, str(failure))
    else:
        messages.success(request, _("已记录完成。"))
    return redirect("reelection:progress", slug=community.slug)


@require_POST
@community_view(roles=STAFF_ROLES)
def assembly(request: HttpRequest, community: Community) -> HttpResponse:
    reelection = current_reelection(community.pk)
    form = AssemblyForm(request.POST)
    if reelection is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            schedule_assembly(reelection=reelection, assembly_date=form.cleaned_data["assembly_date"],
                              actor=request.user)  # type: ignore[arg-type]
        except ProgressError as failure:
            messages.error(request, str(failure))
        else:
            messages.success(request, _("业主大会会议日期已确定，各步骤期限已重新计算。"))
    return redirect("reelection:progress", slug=community.slug)


@community_view(roles=STAFF_ROLES)
def evidence(request: HttpRequest, community: Community, pk: int) -> FileResponse:
    item = get_object_or_404(StageProgress, community=community, pk=pk)
    if not item.evidence:
        raise Http404
    response = FileResponse(item.evidence.open("rb"), content_type=item.evidence_type or "application/octet-stream",
                            as_attachment=not item.evidence_type.startswith("image/"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def office(request: HttpRequest, code: str) -> HttpResponse:
    """A street office's communities side by side: how far each re-election has come (supervisors)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    street_office = get_object_or_404(StreetOffice, code=code)
    # The same rule as community_view: 404 unless the user supervises this office.
    supervises = Membership.objects.filter(user=request.user, role=Role.SUPERVISOR, street_office=street_office)
    if not (request.user.is_superuser or supervises.exists()):
        raise Http404
    today = timezone.localdate()
    rows = office_rows(street_office, today=today)
    return render(request, "reelection/office.html", {
        "office": street_office, "rows": rows, "today": today,
        "headers": [STAGE_LABELS[stage] for stage in Stage],
    })
