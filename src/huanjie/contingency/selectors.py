from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from huanjie.contingency.models import ChecklistItem, EventPlan
from huanjie.roster.models import Community


def plans_of(community: Community) -> QuerySet[EventPlan]:
    return (EventPlan.objects.filter(community=community).select_related("reelection")
            .prefetch_related("checklist"))


def plan_of(community: Community, pk: int) -> EventPlan | None:
    return (EventPlan.objects.filter(community=community, pk=pk)
            .prefetch_related("risks", "incidents",
                              Prefetch("checklist", queryset=ChecklistItem.objects.order_by("position")))
            .first())
