"""Read queries of notices, always within one community."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from huanjie.notices.models import OPEN_OBJECTION_STATES, Notice, NoticeStatus, Objection
from huanjie.roster.models import Community

PUBLIC_STATES = (NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN)


def community_notices(community: Community) -> QuerySet[Notice]:
    open_filter = Q(objections__status__in=OPEN_OBJECTION_STATES)
    return (Notice.objects.filter(community=community)
            .annotate(open_objections=Count("objections", filter=open_filter)))


def published_notices(community: Community) -> QuerySet[Notice]:
    """What owners see: published notices, and withdrawn ones marked as such (they were on the wall)."""
    return (Notice.objects.filter(community=community, status__in=PUBLIC_STATES)
            .order_by("-published_on", "-pk"))


def notice_in(community: Community, pk: int) -> Notice:
    return Notice.objects.get(community=community, pk=pk)


def public_notice(token: str) -> Notice:
    """Published and withdrawn notices have a public page; drafts do not exist for the public."""
    return Notice.objects.select_related("community").get(public_token=token, status__in=PUBLIC_STATES)


def objections_by(community: Community, user_id: int) -> QuerySet[Objection]:
    return Objection.objects.filter(community=community, raised_by_id=user_id).select_related("notice")
