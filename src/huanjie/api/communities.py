"""Communities the user works on, and the progress of their re-election."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Router, Schema

from huanjie.accounts.models import STAFF_ROLES
from huanjie.accounts.selectors import visible_communities
from huanjie.api.access import staff_community
from huanjie.api.errors import SCOPED, ErrorOut
from huanjie.reelection.selectors import StageRow, current_reelection, stage_rows
from huanjie.roster.models import Community
from huanjie.rules.citations import cite

router = Router(tags=["communities"])


class CommunityOut(Schema):
    slug: str
    name: str
    street_office: str
    residents_committee: str


class StageOut(Schema):
    key: str
    label: str
    due: date | None
    basis: str  # the law's full name and article, in the request's language
    done_on: date | None
    overdue: bool
    is_next: bool


class ReelectionOut(Schema):
    term_number: int
    term_end: date
    assembly_date: date | None
    today: date
    stages: list[StageOut]


def community_out(community: Community) -> CommunityOut:
    return CommunityOut(slug=community.slug, name=community.name, street_office=community.street_office.name,
                        residents_committee=community.residents_committee)


@router.get("/", response={200: list[CommunityOut], 401: ErrorOut}, summary="Communities this user works on")
def list_communities(request: HttpRequest) -> list[CommunityOut]:
    rows = visible_communities(request.user, roles=STAFF_ROLES).select_related("street_office").order_by("name")
    return [community_out(c) for c in rows]


@router.get("/{slug}", response={200: CommunityOut, **SCOPED}, summary="One community")
def get_community(request: HttpRequest, slug: str) -> CommunityOut:
    return community_out(staff_community(request, slug))


@router.get("/{slug}/reelection", response={200: ReelectionOut, **SCOPED},
            summary="The current re-election: statutory stages, due dates, what is done")
def get_reelection(request: HttpRequest, slug: str) -> ReelectionOut:
    community = staff_community(request, slug)
    reelection = current_reelection(community.pk)
    if reelection is None:
        raise Http404
    today = timezone.localdate()
    rows = stage_rows(reelection, today=today)
    return ReelectionOut(term_number=reelection.term_number, term_end=reelection.term_end,
                         assembly_date=reelection.assembly_date, today=today,
                         stages=[stage_out(row) for row in rows])


def stage_out(row: StageRow) -> StageOut:
    """A ledger row with its basis cited as the reader's language cites the law (issue 15, finding 9)."""
    return StageOut.model_validate(row).model_copy(update={"basis": cite(row.basis, get_language())})
