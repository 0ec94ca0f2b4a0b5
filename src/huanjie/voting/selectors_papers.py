"""Read queries of the papers' way out and back: delivery coverage, proxies, door collections."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from huanjie.voting.models import (
    Assembly,
    BallotPaper,
    Delivery,
    DeliveryOutcome,
    DoorCollection,
    Proxy,
    ProxyStatus,
)


@dataclass(frozen=True)
class DeliveryCoverage:
    papers: int
    delivered: int
    undeliverable: int  # attempted, never signed for

    @property
    def not_attempted(self) -> int:
        return self.papers - self.delivered - self.undeliverable

    @property
    def share(self) -> str:
        return f"{self.delivered * 1000 // self.papers / 10}%" if self.papers else "0.0%"


def delivery_coverage(assembly: Assembly) -> DeliveryCoverage:
    papers = BallotPaper.objects.filter(assembly=assembly).count()
    delivered = set(Delivery.objects.filter(assembly=assembly, outcome=DeliveryOutcome.DELIVERED)
                    .values_list("paper_id", flat=True))
    attempted = set(Delivery.objects.filter(assembly=assembly).values_list("paper_id", flat=True))
    return DeliveryCoverage(papers, len(delivered), len(attempted - delivered))


def deliveries(assembly: Assembly) -> QuerySet[Delivery]:
    return (Delivery.objects.filter(assembly=assembly).select_related("paper__entity", "paper__unit")
            .order_by("-delivered_at", "-pk"))


def undelivered_papers(assembly: Assembly) -> QuerySet[BallotPaper]:
    """Papers nobody has signed for yet, with how many attempts were made, by serial."""
    signed = Delivery.objects.filter(assembly=assembly, outcome=DeliveryOutcome.DELIVERED).values("paper_id")
    return (BallotPaper.objects.filter(assembly=assembly).exclude(pk__in=signed).select_related("entity", "unit")
            .annotate(attempts=Count("deliveries")).order_by("serial"))


def proxies(assembly: Assembly) -> QuerySet[Proxy]:
    """The assembly's proxies, each with its ballots and how many papers its household has."""
    return (Proxy.objects.filter(assembly=assembly).select_related("entity").prefetch_related("ballots")
            .annotate(paper_count=Count("entity__papers", distinct=True)).order_by("-recorded_at", "-pk"))


def active_proxy_count(assembly: Assembly, holder_phone: str) -> int:
    return Proxy.objects.filter(assembly=assembly, holder_phone=holder_phone, status=ProxyStatus.ACTIVE).count()


def door_collections(assembly: Assembly) -> QuerySet[DoorCollection]:
    return (DoorCollection.objects.filter(assembly=assembly)
            .select_related("ballot__paper__entity", "ballot__paper__unit").order_by("-collected_at", "-pk"))
