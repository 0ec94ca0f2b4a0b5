"""Read queries of the demand ledger, always within one community."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from huanjie.ledgers.models import Category, Demand, Handler, Status
from huanjie.ledgers.workflow import OPEN
from huanjie.roster.models import Community
from huanjie.web.charts import Bar


@dataclass(frozen=True)
class LedgerFilter:
    status: str = ""
    category: int | None = None
    building: int | None = None
    handler: str = ""
    overdue: bool = False
    follow_up: bool = False  # closed, follow-up due, owner not yet asked
    query: str = ""


def overdue_q(today: date) -> Q:
    return Q(due_on__lt=today, status__in=list(OPEN))


def follow_up_q(today: date) -> Q:
    return Q(status=Status.CLOSED, follow_up="", follow_up_due__lte=today)


def ledger(community: Community, chosen: LedgerFilter, *, today: date) -> QuerySet[Demand]:
    rows = (Demand.objects.filter(community=community)
            .select_related("category", "unit", "unit__building", "duplicate_of"))
    if chosen.status:
        rows = rows.filter(status=chosen.status)
    if chosen.category:
        rows = rows.filter(category_id=chosen.category)
    if chosen.building:
        rows = rows.filter(unit__building_id=chosen.building)
    if chosen.handler:
        rows = rows.filter(handler=chosen.handler)
    if chosen.overdue:
        rows = rows.filter(overdue_q(today))
    if chosen.follow_up:
        rows = rows.filter(follow_up_q(today))
    if chosen.query:
        rows = rows.filter(Q(summary__icontains=chosen.query) | Q(unit__code=chosen.query))
    return rows.order_by("-number")


@dataclass(frozen=True)
class LedgerCounts:
    total: int
    by_status: dict[str, int]
    overdue: int
    follow_up: int


def counts(community: Community, *, today: date) -> LedgerCounts:
    """The ledger's headline numbers in one query."""
    per_status = {s: Count("pk", filter=Q(status=s)) for s in Status.values}
    row = Demand.objects.filter(community=community).aggregate(
        total=Count("pk"), overdue=Count("pk", filter=overdue_q(today)),
        follow_up=Count("pk", filter=follow_up_q(today)), **per_status)
    return LedgerCounts(row["total"], {s: row[s] for s in Status.values}, row["overdue"], row["follow_up"])


def _bars(rows: list[tuple[str, int]]) -> list[Bar]:
    return [Bar(label, n, f"{n} 件") for label, n in rows]


def by_category(community: Community) -> list[Bar]:
    rows = (Demand.objects.filter(community=community).values("category__name", "category__sort_key")
            .annotate(n=Count("pk")).order_by("category__sort_key", "category__name"))
    return _bars([(r["category__name"], r["n"]) for r in rows])


def by_status(community: Community) -> list[Bar]:
    found = dict(Demand.objects.filter(community=community).values_list("status").annotate(n=Count("pk")))
    return _bars([(str(label), found.get(value, 0)) for value, label in Status.choices])


def by_handler(community: Community) -> list[Bar]:
    found = dict(Demand.objects.filter(community=community).values_list("handler").annotate(n=Count("pk")))
    rows = [(str(label), found.get(value, 0)) for value, label in Handler.choices]
    return _bars(rows + ([("未分派", found[""])] if found.get("") else []))


def by_building(community: Community) -> list[Bar]:
    rows = (Demand.objects.filter(community=community).values("unit__building__name", "unit__building__sort_key")
            .annotate(n=Count("pk")).order_by("unit__building__sort_key", "unit__building__name"))
    return _bars([(r["unit__building__name"] or "未注明房号", r["n"]) for r in rows])


def active_categories(community: Community) -> QuerySet[Category]:
    return Category.objects.filter(community=community, active=True)
