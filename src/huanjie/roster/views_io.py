"""Roster import (upload → check → difference → confirm) and export, for the working group."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from huanjie import audit
from huanjie.accounts.models import STAFF_ROLES
from huanjie.roster import exporting, services
from huanjie.roster.errors import RosterError, RosterFileInvalid
from huanjie.roster.forms import RosterUploadForm
from huanjie.roster.importing import FileTooLarge, RosterDiff, parse_roster
from huanjie.roster.importing.problems import Problem, by_row
from huanjie.roster.importing.uploads import SizeLimitedUploadHandler, declared_too_large
from huanjie.roster.models import AreaSource, Community, ImportStatus, RosterImport
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view

logger = logging.getLogger("huanjie.roster")
# The difference page lists this many rows of each kind; the counts above them are complete.
SHOWN = 200


def _page(request: HttpRequest, community: Community, template: str, context: dict[str, object],
          status: int = 200) -> HttpResponse:
    context.update(community=community, community_nav=community_nav(
        community, request.community_roles, "roster"))  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


@csrf_exempt  # the CSRF check runs in _upload, after the size check: it would read the whole body
@community_view(roles=STAFF_ROLES)
def import_roster(request: HttpRequest, community: Community) -> HttpResponse:
    """Upload a roster file; every bad row is listed, a good file goes on to its difference page."""
    limit = settings.HUANJIE_MAX_IMPORT_BYTES
    if request.method == "POST" and declared_too_large(request, limit):
        logger.warning("roster upload to %s refused unread: Content-Length %s", community.slug,
                       request.META.get("CONTENT_LENGTH"))
        return _too_large(request, community, limit)
    handler = SizeLimitedUploadHandler(request, limit)
    request.upload_handlers.insert(0, handler)
    return _upload(request, community, handler)


@csrf_protect
def _upload(request: HttpRequest, community: Community, handler: SizeLimitedUploadHandler) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if handler.refused:
        return _too_large(request, community, handler.limit)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, community, form, [])
    upload = form.cleaned_data["file"]
    try:
        parsed = parse_roster(upload.name, upload, max_bytes=handler.limit,
                              area_source=form.cleaned_data["area_source"] or None)
    except FileTooLarge:
        return _too_large(request, community, handler.limit)
    except RosterFileInvalid as error:
        return _upload_page(request, community, form, error.problems)
    try:
        staged = services.stage_roster_import(community=community, parsed=parsed, actor=request.user)
    except RosterError as error:  # the disk is full: nothing was kept
        return _upload_page(request, community, form, [Problem(upload.name, None, None, str(error), repr(error))])
    return redirect("roster:import_preview", slug=community.slug, pk=staged.pk)


def _too_large(request: HttpRequest, community: Community, limit: int) -> HttpResponse:
    problem = Problem("", None, None, _("文件超过 %(mb)s MB，未读取。请只上传名册本身，或分小区导出。")
                      % {"mb": limit // (1024 * 1024) or 1}, "file too large")
    return _upload_page(request, community, RosterUploadForm(), [problem], status=413)


def _upload_page(request: HttpRequest, community: Community, form: RosterUploadForm, problems: list[Problem],
                 status: int = 200) -> HttpResponse:
    recent = RosterImport.objects.filter(community=community).select_related("uploaded_by")[:10]
    return _page(request, community, "roster/import.html", {
        "form": form, "problem_rows": by_row(problems), "problem_count": len(problems), "recent": recent,
        "max_mb": settings.HUANJIE_MAX_IMPORT_BYTES // (1024 * 1024)}, status=status)


@community_view(roles=STAFF_ROLES)
def import_preview(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """What the import would add, remove and change; the confirm button if it is still pending."""
    staged = get_object_or_404(RosterImport, community=community, pk=pk)
    diff = services.preview(staged) if staged.status == ImportStatus.PENDING else None
    return _page(request, community, "roster/import_preview.html", {
        "staged": staged, "diff": diff, "sections": _sections(diff) if diff else {}, "shown": SHOWN,
        "unstated_sources": sum(u.area_source == AreaSource.UNSTATED for u in diff.added_units) if diff else 0,
        "blockers": services.blocked_removals(diff) if diff else []})


@dataclass(frozen=True)
class Section:
    items: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _sections(diff: RosterDiff) -> dict[str, Section]:
    """Each list of the difference, cut to its first SHOWN rows: 20,000 new units are not read one by one."""
    lists = {"added_units": diff.added_units, "removed_units": diff.removed_units,
             "changed_units": diff.changed_units, "added_owners": diff.added_owners,
             "removed_owners": diff.removed_owners, "changed_owners": diff.changed_owners}
    return {name: Section(items[:SHOWN], len(items)) for name, items in lists.items()}


@require_POST
@community_view(roles=STAFF_ROLES)
def import_confirm(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    staged = get_object_or_404(RosterImport, community=community, pk=pk)
    try:
        diff = services.apply_roster_import(roster_import=staged, actor=request.user)
    except RosterError as error:
        messages.error(request, str(error))
        return redirect("roster:import_preview", slug=community.slug, pk=staged.pk)
    messages.success(request, _("名册已导入：新增 %(added)s 套、删除 %(removed)s 套、修改 %(changed)s 套房屋。") % {
        "added": len(diff.added_units), "removed": len(diff.removed_units), "changed": len(diff.changed_units)})
    return redirect("roster:detail", slug=community.slug)


@require_POST
@community_view(roles=STAFF_ROLES)
def import_discard(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    staged = get_object_or_404(RosterImport, community=community, pk=pk)
    try:
        services.discard_roster_import(roster_import=staged, actor=request.user)
    except RosterError as error:
        messages.error(request, str(error))
        return redirect("roster:import_preview", slug=community.slug, pk=staged.pk)
    messages.success(request, _("已放弃这次导入，名册没有改动。"))
    return redirect("roster:import", slug=community.slug)


@community_view(roles=STAFF_ROLES)
def export_csv(request: HttpRequest, community: Community) -> HttpResponse:
    """The roster in the tally.md format, as `huanjie tally --roster` reads it."""
    units = exporting.export_rows(community)
    _record_export(request, community, "csv", len(units))
    return _download(exporting.roster_csv(units), "text/csv; charset=utf-8", f"{community.slug}-roster", "csv")


@community_view(roles=STAFF_ROLES)
def export_xlsx(request: HttpRequest, community: Community) -> HttpResponse:
    units = exporting.export_rows(community)
    _record_export(request, community, "xlsx", len(units))
    content = exporting.roster_xlsx(units, title=f"{community.name} 业主名册")
    return _download(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"{community.slug}-roster", "xlsx")


def _record_export(request: HttpRequest, community: Community, kind: str, units: int) -> None:
    # The workbook carries owners' names (never their phones): who took a copy is kept on the record.
    audit.record("roster.exported", actor=request.user, community_id=community.pk,
                 data={"format": kind, "units": units})


def _download(content: bytes, content_type: str, stem: str, extension: str) -> HttpResponse:
    name = f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return response
