"""留痕 pages: a community's audit log, one object's history, exports, and verifying the chain.

The working group and the street office see their community's log; the street office also sees
all its communities together (office/<code>/audit/). Everyone else gets a 404, as everywhere.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huanjie import audit
from huanjie.accounts.models import STAFF_ROLES, Membership, Role
from huanjie.audit import checkpoints, exporting, selectors
from huanjie.audit.errors import AuditError
from huanjie.audit.models import AuditCheckpoint, AuditRecord
from huanjie.audit.presenting import grouped_actions, present, type_label
from huanjie.audit.verification import chain_status, record_checks, stored_findings, verify_and_store
from huanjie.roster.models import Community, StreetOffice
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view

logger = logging.getLogger("huanjie.audit")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _entries(found: list[AuditRecord]) -> list[Any]:
    problems = record_checks(found)
    return [present(record, problems.get(record.sequence, "")) for record in found]


def _daily_checkpoint(request: HttpRequest) -> None:
    """The first audit page of the day signs the head, if nothing else (a publication, the timer) did today."""
    try:
        if checkpoints.checkpoint_due():
            checkpoints.checkpoint_now(trigger=AuditCheckpoint.Trigger.DAILY)
    except AuditError as error:
        logger.error("the daily audit checkpoint could not be signed: %s", error)
        messages.error(request, str(error))


def _log_context(request: HttpRequest, community_ids: list[int], *, also: Q | None = None) -> dict[str, Any]:
    """A page of the log found by its cursor, without counting the records (issue 20), and the filters."""
    _daily_checkpoint(request)
    chosen = selectors.log_filter(request.GET)
    page = selectors.log_page(community_ids, chosen, selectors.cursor(request.GET), also=also)
    query = request.GET.copy()
    for key in ("page", "before", "after"):
        query.pop(key, None)
    return {
        "page": page,
        "entries": _entries(page.records),
        "chosen": chosen,
        "query": query.urlencode(),
        "status": chain_status(),
        "checkpoint": AuditCheckpoint.objects.order_by("-count", "-at", "-pk").first(),
        "groups": grouped_actions(),
        "actors": selectors.actors(community_ids),
        "types": sorted(((t, type_label(t)) for t in selectors.target_types()), key=lambda pair: pair[1]),
    }


def _community_context(request: HttpRequest, community: Community) -> dict[str, Any]:
    roles = request.community_roles  # type: ignore[attr-defined]
    return {
        "community": community,
        "community_nav": community_nav(community, roles, "audit"),
        "supervisor": Role.SUPERVISOR in roles,
    }


@community_view(roles=STAFF_ROLES)
def log(request: HttpRequest, community: Community) -> HttpResponse:
    """The community's audit log: filters, one page of records with what changed, the chain's status."""
    return render(
        request,
        "audit/log.html",
        {
            **_community_context(request, community),
            **_log_context(request, [community.pk]),
            "scope_name": community.name,
            "csv_url": "audit:export_csv",
            "xlsx_url": "audit:export_xlsx",
            "verify_url": "audit:verify",
            "url_arg": community.slug,
        },
    )


@community_view(roles=STAFF_ROLES)
def object_history(request: HttpRequest, community: Community, target_type: str, target_id: str) -> HttpResponse:
    """One object's records, oldest first: what happened to it, who did it, and what changed."""
    found = list(selectors.object_records(community.pk, target_type, target_id))
    if not found and not _belongs(community, target_type, target_id):
        raise Http404
    return render(
        request,
        "audit/object.html",
        {
            **_community_context(request, community),
            "entries": _entries(found),
            "type_label": type_label(target_type),
            "target_label": found[-1].target_label if found else "",
            "target_type": target_type,
            "target_id": target_id,
        },
    )


def _belongs(community: Community, target_type: str, target_id: str) -> bool:
    """An object of this community that has no record yet: its (empty) history is a page, not a 404."""
    from django.apps import apps

    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return False
    if not any(field.name == "community" for field in model._meta.get_fields()):
        return False
    try:
        return model._default_manager.filter(pk=target_id, community=community).exists()
    except (ValueError, TypeError):
        return False


@community_view(roles=STAFF_ROLES)
def export_csv(request: HttpRequest, community: Community) -> HttpResponse:
    return _community_export(request, community, "csv")


@community_view(roles=STAFF_ROLES)
def export_xlsx(request: HttpRequest, community: Community) -> HttpResponse:
    return _community_export(request, community, "xlsx")


def _community_export(request: HttpRequest, community: Community, kind: str) -> HttpResponse:
    chosen = selectors.log_filter(request.GET)
    rows = list(selectors.records([community.pk], chosen).order_by("sequence"))
    with transaction.atomic():
        # Recorded before the file is made, so that the head in its header includes this export.
        audit.record(
            "audit.exported",
            actor=request.user,
            community_id=community.pk,
            data={"format": kind, "records": len(rows), "scope": community.name, "filters": chosen.described()},
        )
    return _export(request, kind, rows, community.name, f"{community.slug}-audit", chosen)


def _export(
    request: HttpRequest, kind: str, rows: list[AuditRecord], scope: str, stem: str, chosen: selectors.LogFilter
) -> HttpResponse:
    names = dict(
        Community.objects.filter(pk__in={r.community_id for r in rows if r.community_id}).values_list("pk", "name")
    )
    header = exporting.Header(
        scope=scope, exported_by=request.user.get_username(), filters=chosen.described(), status=chain_status()
    )
    if kind == "csv":
        content, content_type = exporting.log_csv(header, rows, names), "text/csv; charset=utf-8"
    else:
        content, content_type = exporting.log_xlsx(header, rows, names), XLSX
    name = f"{stem}-{timezone.localdate():%Y%m%d}.{kind}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return response


@require_POST
@community_view(roles={Role.SUPERVISOR})
def verify(request: HttpRequest, community: Community) -> HttpResponse:
    _verify(request)
    return redirect("audit:log", community.slug)


def _verify(request: HttpRequest) -> None:
    result = verify_and_store(request.user.get_username())
    failing = [finding for finding in stored_findings(result) if finding.failing]
    logger.info(
        "audit chain verified by %s up to #%s in %s ms: %s",
        result.actor_label,
        result.sequence,
        result.milliseconds,
        f"broken at #{result.broken_sequence}" if result.broken_sequence else "intact",
    )
    for finding in failing:
        logger.error("audit chain verification: %s", finding.english())
    if result.broken_sequence:
        messages.error(request, _("核验完成：留痕链在第 %(n)s 条记录处断开。") % {"n": result.broken_sequence})
    elif failing:
        messages.error(request, _("核验完成：留痕链与签名检查点或印出的链头有 %(n)s 处不符。") % {"n": len(failing)})
    else:
        messages.success(
            request,
            _("核验完成：第 1—%(n)s 条记录完整，用时 %(ms)s 毫秒。")
            % {"n": result.sequence, "ms": result.milliseconds},
        )


# The street office: all its communities together (supervisors of that office only).


def _office(request: HttpRequest, code: str) -> StreetOffice:
    street_office = get_object_or_404(StreetOffice, code=code)
    # The same rule as community_view: 404 unless the user supervises this office.
    supervises = Membership.objects.filter(user=request.user, role=Role.SUPERVISOR, street_office=street_office)
    if not (getattr(request.user, "is_superuser", False) or supervises.exists()):
        raise Http404
    return street_office


def _office_scope(street_office: StreetOffice) -> tuple[list[int], Q]:
    """The office's communities, and its own records (its exports), which have no community but belong to its log."""
    ids = list(Community.objects.filter(street_office=street_office).order_by("pk").values_list("pk", flat=True))
    return ids, Q(community_id=None, target_type="roster.streetoffice", target_id=str(street_office.pk))


def office_view(view: Any) -> Any:
    def wrapper(request: HttpRequest, code: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, _office(request, code))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@office_view
def office_log(request: HttpRequest, street_office: StreetOffice) -> HttpResponse:
    """Every community of the street office in one log, with the community named on each record."""
    ids, own = _office_scope(street_office)
    context = _log_context(request, ids, also=own)
    names = dict(Community.objects.filter(pk__in=ids).values_list("pk", "name"))
    return render(
        request,
        "audit/log.html",
        {
            **context,
            "office": street_office,
            "supervisor": True,
            "scope_name": street_office.name,
            "community_names": names,
            "csv_url": "audit_office:export_csv",
            "xlsx_url": "audit_office:export_xlsx",
            "verify_url": "audit_office:verify",
            "url_arg": street_office.code,
        },
    )


def _office_export(request: HttpRequest, street_office: StreetOffice, kind: str) -> HttpResponse:
    chosen = selectors.log_filter(request.GET)
    ids, own = _office_scope(street_office)
    rows = list(selectors.records(ids, chosen, also=own).order_by("sequence"))
    with transaction.atomic():
        audit.record(
            "audit.exported",
            actor=request.user,
            target=street_office,
            data={"format": kind, "records": len(rows), "scope": street_office.name, "filters": chosen.described()},
        )
    return _export(request, kind, rows, street_office.name, f"{street_office.code}-audit", chosen)


@office_view
def office_export_csv(request: HttpRequest, street_office: StreetOffice) -> HttpResponse:
    return _office_export(request, street_office, "csv")


@office_view
def office_export_xlsx(request: HttpRequest, street_office: StreetOffice) -> HttpResponse:
    return _office_export(request, street_office, "xlsx")


@require_POST
@office_view
def office_verify(request: HttpRequest, street_office: StreetOffice) -> HttpResponse:
    _verify(request)
    return redirect("audit_office:log", street_office.code)


@require_GET
def checkpoint_list(request: HttpRequest) -> HttpResponse:
    """Public: every signed checkpoint, with the public keys (docs/audit.md). No personal data: counts and hashes."""
    response = HttpResponse(checkpoints.public_json(), content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    return response
