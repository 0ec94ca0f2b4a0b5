"""Read queries of the papers' way out and back: delivery coverage, proxies, door collections."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from huanjie.rules.shares import percent
from huanjie.voting.models import (
    Assembly,
    Ballot,
    BallotPaper,
    CodeRelease,
    Delivery,
    DeliveryOutcome,
    DoorCollection,
    Proxy,
    ProxyStatus,
    ReleaseKind,
    ReleaseStatus,
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
        return percent(self.delivered, self.papers)


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


# -- voting codes: requests with four eyes, and ballots on reissued papers --------------------


def code_list_release(assembly: Assembly) -> CodeRelease | None:
    """The assembly's request for the print shop's code list, unless withdrawn (at most one)."""
    return (CodeRelease.objects.filter(assembly=assembly, kind=ReleaseKind.CODE_LIST)
            .exclude(status=ReleaseStatus.WITHDRAWN).select_related("requested_by", "confirmed_by").first())


def code_releases(assembly: Assembly) -> QuerySet[CodeRelease]:
    return (CodeRelease.objects.filter(assembly=assembly)
            .select_related("paper__entity", "paper__unit", "requested_by", "confirmed_by")
            .order_by("-requested_at", "-pk"))


def reissued_ballots(assembly: Assembly) -> QuerySet[Ballot]:
    """Ballots on papers whose code was reissued: marked on the turnout and count pages (issue 17 #4).

    The paper's earlier code stopped working when the new one was printed, so an online ballot
    on it was cast with the new code; a paper ballot may be the new sheet too. The papers are read
    under the assembly, not every reissued paper of the district (issue 20).
    """
    return (Ballot.objects.filter(assembly=assembly, paper__assembly=assembly, paper__reissue__isnull=False)
            .select_related("paper__entity", "paper__unit", "paper__reissue__requested_by",
                            "paper__reissue__confirmed_by")
            .order_by("received_at", "pk"))
