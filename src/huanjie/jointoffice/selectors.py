from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from huanjie.jointoffice.models import DutySlot, Matter, MatterStatus, Minutes
from huanjie.roster.models import Community


def roster_from(community: Community, today: date, days: int = 14) -> QuerySet[DutySlot]:
    return DutySlot.objects.filter(community=community, day__gte=today, day__lt=today + timedelta(days=days))


def matters_of(community: Community) -> QuerySet[Matter]:
    return Matter.objects.filter(community=community).select_related("minutes")


def overdue_numbers(matters: QuerySet[Matter], today: date) -> set[int]:
    return set(matters.exclude(status=MatterStatus.DONE).filter(due_on__lt=today).values_list("number", flat=True))


def minutes_of(community: Community) -> QuerySet[Minutes]:
    return Minutes.objects.filter(community=community).prefetch_related("matters")
