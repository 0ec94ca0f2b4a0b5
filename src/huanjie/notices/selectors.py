"""Read queries of notices, always within one community."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from huanjie.notices.models import OPEN_OBJECTION_STATES, Notice, NoticeStatus, Objection
from huanjie.roster.models import Community


def community_notices(community: Community) -> QuerySet[Notice]:
    open_filter = Q(objections__status__in=OPEN_OBJECTION_STATES)
    return (Notice.objects.filter(community=community)
            .annotate(open_objections=Count("objections", filter=open_filter)))


def published_notices(community: Community) -> QuerySet[Notice]:
    return Notice.objects.filter(community=community, status=NoticeStatus.PUBLISHED).order_by("-published_on", "-pk")


def notice_in(community: Community, pk: int) -> Notice:
    return Notice.objects.get(community=community, pk=pk)


def public_notice(token: str) -> Notice:
    """Only published notices have a public page; drafts do not exist for the public."""
    return Notice.objects.select_related("community").get(public_token=token, status=NoticeStatus.PUBLISHED)


def objections_by(community: Community, user_id: int) -> QuerySet[Objection]:
    return Objection.objects.filter(community=community, raised_by_id=user_id).select_related("notice")
