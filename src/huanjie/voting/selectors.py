"""Read queries of voting: assemblies of a community, live turnout, the quorum gap, results."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import QuerySet

from huanjie.roster.models import Community
from huanjie.rules import Result, Totals, quorum_met
from huanjie.rules.thresholds import TWO_THIRDS
from huanjie.voting.models import Assembly, Ballot, BallotStatus, PaperReading, ReadingStatus, VotingEntity

CENT = Decimal("0.01")


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
    heads, area = _gap(participating, eligible)
    by_channel: dict[str, int] = defaultdict(int)
    statuses: dict[str, int] = defaultdict(int)
    for channel, status in Ballot.objects.filter(assembly=assembly).values_list("channel", "status"):
        statuses[status] += 1
        if status == BallotStatus.COUNTED:
            by_channel[channel] += 1
    return Turnout(eligible, participating, quorum_met(participating, eligible), heads, area,
                   _buildings(assembly, counted), dict(by_channel), statuses[BallotStatus.DUPLICATE],
                   statuses[BallotStatus.INVALID])


def _gap(participating: Totals, eligible: Totals) -> tuple[int, Decimal]:
    """Heads and m² still missing for two thirds of both (Civil Code art. 278 ¶2, bound included)."""
    heads = max(0, math.ceil(TWO_THIRDS * eligible.headcount) - participating.headcount)
    cents_needed = math.ceil(TWO_THIRDS * Fraction(eligible.area) * 100)
    missing_cents = max(0, cents_needed - int(participating.area * 100))
    return heads, (Decimal(missing_cents) * CENT).quantize(CENT)


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
    from huanjie.accounts.services import normalise_code

    return Ballot.objects.filter(receipt=normalise_code(receipt)).select_related("assembly", "entity").first()
