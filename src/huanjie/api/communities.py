from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from huanjie.accounts.models import STAFF_ROLES
from huanjie.accounts.selectors import visible_communities
from huanjie.roster.models import Community, Unit
from huanjie.roster.selectors import roster_summary

router = Router(tags=["communities"])


class CommunityOut(Schema):
    slug: str
    name: str
    street_office: str
    residents_committee: str


class RosterTotalsOut(Schema):
    units: int
    owners: int
    eligible_headcount: int
    eligible_area: Decimal
    developer_units: int
    multi_unit_entities: int


class UnitOut(Schema):
    code: str
    building: str
    floor: int | None
    area: Decimal
    area_source: str
    status: str
    owners: list[str]


def _staff_community(request: HttpRequest, slug: str) -> Community:
    community = get_object_or_404(visible_communities(request.user, roles=STAFF_ROLES), slug=slug)
    if community is None:
        raise Http404
    return community


@router.get("/", response=list[CommunityOut], summary="Communities this user works on")
def list_communities(request: HttpRequest) -> list[CommunityOut]:
    rows = visible_communities(request.user, roles=STAFF_ROLES).select_related("street_office").order_by("name")
    return [CommunityOut(slug=c.slug, name=c.name, street_office=c.street_office.name,
                         residents_committee=c.residents_committee) for c in rows]


@router.get("/{slug}/roster/totals", response=RosterTotalsOut, summary="Eligible headcount and area (JI arts. 8–9)")
def roster_totals(request: HttpRequest, slug: str) -> RosterTotalsOut:
    summary = roster_summary(_staff_community(request, slug))
    return RosterTotalsOut(units=summary.unit_count, owners=summary.owner_count,
                           eligible_headcount=summary.eligible_headcount, eligible_area=summary.eligible_area,
                           developer_units=len(summary.developer_units),
                           multi_unit_entities=len(summary.multi_unit_entities))


@router.get("/{slug}/roster/units", response=list[UnitOut], summary="Units of the roster")
@paginate(LimitOffsetPagination)
def roster_units(request: HttpRequest, slug: str) -> list[UnitOut]:
    community = _staff_community(request, slug)
    units = (Unit.objects.filter(community=community).select_related("building")
             .prefetch_related("owners").order_by("code"))
    return [UnitOut(code=u.code, building=u.building.name if u.building else "", floor=u.floor, area=u.area,
                    area_source=u.area_source, status=u.status, owners=[o.name for o in u.owners.all()])
            for u in units]
