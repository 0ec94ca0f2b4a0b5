from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from huanjie.accounts.models import STAFF_ROLES
from huanjie.candidates.selectors import recruitment_for
from huanjie.ledgers.candidate_ledger import candidate_rows, candidate_workbook, slate_lines
from huanjie.roster.models import Community
from huanjie.web.nav import community_nav
from huanjie.web.permissions import community_view


@community_view(roles=STAFF_ROLES)
def ledger(request: HttpRequest, community: Community) -> HttpResponse:
    """人选台账: every nominee's source, eligibility, interview score and status, and the slate."""
    recruitment = recruitment_for(community)
    return render(request, "ledgers/candidates.html", {
        "community": community,
        "community_nav": community_nav(community, request.community_roles, "candidate_ledger"),  # type: ignore[attr-defined]
        "recruitment": recruitment,
        "rows": candidate_rows(recruitment) if recruitment else [],
        "slate": slate_lines(recruitment) if recruitment else [],
    })


@community_view(roles=STAFF_ROLES)
def export(request: HttpRequest, community: Community) -> HttpResponse:
    recruitment = recruitment_for(community)
    today = timezone.localdate()
    rows = candidate_rows(recruitment) if recruitment else []
    response = HttpResponse(candidate_workbook(community, rows, today=today.isoformat()),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="candidates-{community.slug}-{today:%Y%m%d}.xlsx"'
    return response
