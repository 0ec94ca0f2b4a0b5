"""The roster of a community: totals as the law counts them, the units, and uploaded roster files."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from huanjie.api.access import staff_community
from huanjie.api.errors import SCOPED, SCOPED_WITH_QUERY
from huanjie.api.pagination import LimitOffset
from huanjie.roster.models import AreaSource, ImportStatus, Owner, RosterImport, Unit, UnitStatus
from huanjie.roster.selectors import roster_summary

router = Router(tags=["roster"])

# Ids are 64-bit in the database; a larger number is refused (422) rather than overflowing it.
MAX_ID = 2**63 - 1


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
    area_source: AreaSource
    status: UnitStatus
    owners: list[str]

    @staticmethod
    def resolve_building(unit: Unit) -> str:
        return unit.building.name if unit.building else ""

    @staticmethod
    def resolve_owners(unit: Unit) -> list[str]:
        return [owner.name for owner in unit.owners.all()]


class RosterImportOut(Schema):
    id: int
    file_name: str
    sha256: str
    status: ImportStatus
    uploaded_by: str
    created_at: datetime
    decided_at: datetime | None
    summary: dict[str, Any]

    @staticmethod
    def resolve_uploaded_by(row: RosterImport) -> str:
        user = row.uploaded_by
        return (user.get_full_name() or user.get_username()) if user else ""


@router.get("/{slug}/roster/totals", response={200: RosterTotalsOut, **SCOPED},
            summary="Eligible headcount and area (JI arts. 8–9)")
def roster_totals(request: HttpRequest, slug: str) -> RosterTotalsOut:
    summary = roster_summary(staff_community(request, slug))
    return RosterTotalsOut(units=summary.unit_count, owners=summary.owner_count,
                           eligible_headcount=summary.eligible_headcount, eligible_area=summary.eligible_area,
                           developer_units=len(summary.developer_units),
                           multi_unit_entities=len(summary.multi_unit_entities))


@router.get("/{slug}/roster/units", response={200: list[UnitOut], **SCOPED_WITH_QUERY},
            summary="Units of the roster, by building and code")
@paginate(LimitOffset)
def roster_units(request: HttpRequest, slug: str, building: str | None = None) -> QuerySet[Unit]:
    units = Unit.objects.filter(community=staff_community(request, slug))
    if building:
        units = units.filter(building__name=building)
    return (units.select_related("building").order_by("building__sort_key", "building__name", "sort_key", "code")
            .prefetch_related(Prefetch("owners", queryset=Owner.objects.order_by("name"))))


@router.get("/{slug}/roster/imports", response={200: list[RosterImportOut], **SCOPED_WITH_QUERY},
            summary="Uploaded roster files, newest first, with their status")
@paginate(LimitOffset)
def roster_imports(request: HttpRequest, slug: str) -> QuerySet[RosterImport]:
    community = staff_community(request, slug)
    return RosterImport.objects.filter(community=community).select_related("uploaded_by").order_by("-created_at")


@router.get("/{slug}/roster/imports/{import_id}", response={200: RosterImportOut, **SCOPED_WITH_QUERY},
            summary="One uploaded roster file and its status")
def roster_import(request: HttpRequest, slug: str, import_id: int = Path(..., ge=1, le=MAX_ID)) -> RosterImport:
    community = staff_community(request, slug)
    return get_object_or_404(RosterImport.objects.select_related("uploaded_by"), community=community, pk=import_id)
