"""Read queries of voting: assemblies of a community, live turnout, the quorum gap, results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import QuerySet

from huanjie.roster.models import Community
from huanjie.rules import Result, Totals, quorum_met
from huanjie.rules.thresholds import quorum_gap
from huanjie.voting.models import (
    Assembly,
    Ballot,
    BallotPaper,
    BallotStatus,
    PaperReading,
    ReadingStatus,
    VotingEntity,
)


def assemblies(community: Community) -> QuerySet[Assembly]:
    return Assembly.objects.filter(community=community).order_by("-opens_at")


def assembly_of(community: Community, pk: int) -> Assembly | None:
    return Assembly.objects.filter(community=community, pk=pk).select_related("community").first()


@dataclass(frozen=True)
class BuildingTurnout:
    name: str
    units: int
    voted_units: int
    area: Decimal
    voted_area: Decimal

    @property
    def area_share(self) -> Fraction:
        return Fraction(self.voted_area) / Fraction(self.area) if self.area else Fraction(0)


@dataclass(frozen=True)
class Turnout:
    eligible: Totals
    participating: Totals
    quorum_met: bool
    missing_heads: int
    missing_area: Decimal
    buildings: list[BuildingTurnout]
    by_channel: dict[str, int]
    duplicates: int
    invalid: int


def turnout(assembly: Assembly) -> Turnout:
    """Who has voted so far: counted ballots against the frozen totals and the 2/3 quorum."""
    counted = set(Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED)
                  .values_list("entity_id", flat=True))
    entities = dict(VotingEntity.objects.filter(assembly=assembly).values_list("pk", "area"))
    eligible = Totals(assembly.eligible_headcount, assembly.eligible_area)
    participating = Totals(len(counted), sum((entities[pk] for pk in counted), Decimal("0.00")))
    gap = quorum_gap(participating, eligible)
    heads, area = gap.headcount, gap.area
    by_channel: dict[str, int] = defaultdict(int)
    statuses: dict[str, int] = defaultdict(int)
    for channel, status in Ballot.objects.filter(assembly=assembly).values_list("channel", "status"):
        statuses[status] += 1
        if status == BallotStatus.COUNTED:
            by_channel[channel] += 1
    return Turnout(eligible, participating, quorum_met(participating, eligible), heads, area,
                   _buildings(assembly, counted), dict(by_channel), statuses[BallotStatus.DUPLICATE],
                   statuses[BallotStatus.INVALID])


def _buildings(assembly: Assembly, counted: set[int]) -> list[BuildingTurnout]:
    rows: dict[str, list[Decimal | int]] = {}
    for building, area, entity_id in assembly.snapshot_units.values_list("building", "area", "entity_id"):
        row = rows.setdefault(building or "—", [0, 0, Decimal("0.00"), Decimal("0.00")])
        voted = entity_id in counted
        row[0] += 1
        row[1] += int(voted)
        row[2] += area
        row[3] += area if voted else Decimal("0.00")
    return [BuildingTurnout(name, int(r[0]), int(r[1]), Decimal(r[2]), Decimal(r[3]))
            for name, r in sorted(rows.items())]


def not_yet_voted(assembly: Assembly) -> QuerySet[VotingEntity]:
    """Voting entities with no counted ballot, the largest area first: the doors to knock on."""
    counted = Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED).values("entity_id")
    return (VotingEntity.objects.filter(assembly=assembly).exclude(pk__in=counted)
            .select_related("paper").order_by("-area", "index"))


def readings(assembly: Assembly) -> QuerySet[PaperReading]:
    return (PaperReading.objects.filter(assembly=assembly).select_related("paper", "paper__entity", "box", "ballot")
            .prefetch_related("entries__teller").order_by("-created_at", "-pk"))


def mismatches(assembly: Assembly) -> QuerySet[PaperReading]:
    return readings(assembly).filter(status=ReadingStatus.MISMATCH)


def duplicate_ballots(assembly: Assembly) -> QuerySet[Ballot]:
    """Second ballots kept as material for the tellers (law.md: the count must show them)."""
    return (Ballot.objects.filter(assembly=assembly, status=BallotStatus.DUPLICATE)
            .select_related("entity").order_by("received_at", "pk"))


def stored_result(assembly: Assembly) -> Result | None:
    stored = getattr(assembly, "result", None)
    return Result.from_dict(stored.data) if stored is not None else None


def find_receipt(receipt: str) -> Ballot | None:
    """The ballot with this receipt, with only what the receipt pages show: the assembly's title,
    when it was received, by which channel, and whether it counts."""
    from huanjie.accounts.services import normalise_code

    return (Ballot.objects.filter(receipt=normalise_code(receipt)).select_related("assembly")
            .only("id", "receipt", "channel", "status", "received_at", "assembly__title").first())


# What casting reads of a ballot paper's assembly and entity. Not the whole assembly row: it also
# holds the frozen roster as CSV, far too much to read on every page an owner opens.
PAPER_FIELDS = ("id", "community_id", "assembly_id", "entity_id", "serial", "code_used_at", "assembly__title",
                "assembly__status", "assembly__opens_at", "assembly__closes_at", "assembly__community_id",
                "entity__label", "entity__area", "entity__phone_tails")


def papers_with_window() -> QuerySet[BallotPaper]:
    """Ballot papers with their assembly's voting window and their entity, for finding and casting."""
    return BallotPaper.objects.select_related("assembly", "entity").only(*PAPER_FIELDS)


def verified_paper(pk: int) -> BallotPaper | None:
    """The paper an owner has proved to hold, with what the ballot and review pages show."""
    return (BallotPaper.objects.select_related("assembly__community", "entity")
            .only(*PAPER_FIELDS, "assembly__community__name").filter(pk=pk).first())
