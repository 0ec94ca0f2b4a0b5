"""Read queries of voting: assemblies of a community, live turnout, the quorum gap, results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import FilteredRelation, Q, QuerySet
from django.db.models.functions import Coalesce

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
    SnapshotUnit,
)


def assemblies(community: Community) -> QuerySet[Assembly]:
    return Assembly.objects.filter(community=community).order_by("-opens_at")


def assembly_of(community: Community, pk: int) -> Assembly | None:
    """The assembly for a page, without its frozen roster as CSV (a 3,000-unit roster is some 200 kB,
    which no page shows; it is read if something asks for it)."""
    return Assembly.objects.filter(community=community, pk=pk).select_related("community").defer("roster_csv").first()


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
    """Who has voted so far: counted ballots against the frozen totals and the 2/3 quorum.

    As the count reads them (spec/tally.md): the area of the units counted ballots cover, and one
    head per voting entity with at least one unit covered. A counted ballot covers its paper's
    unit, or every unit of its entity when its paper is entity-wide.
    """
    covered = covered_units(assembly)
    units = list(assembly.snapshot_units.values_list("pk", "entity_id", "building", "area"))
    eligible = Totals(assembly.eligible_headcount, assembly.eligible_area)
    participating = Totals(len({entity for pk, entity, _b, _a in units if pk in covered}),
                           sum((area for pk, _e, _b, area in units if pk in covered), Decimal("0.00")))
    gap = quorum_gap(participating, eligible)
    heads, area = gap.headcount, gap.area
    by_channel: dict[str, int] = defaultdict(int)
    statuses: dict[str, int] = defaultdict(int)
    for channel, status in Ballot.objects.filter(assembly=assembly).values_list("channel", "status"):
        statuses[status] += 1
        if status == BallotStatus.COUNTED:
            by_channel[channel] += 1
    return Turnout(eligible, participating, quorum_met(participating, eligible), heads, area,
                   _buildings(units, covered), dict(by_channel), statuses[BallotStatus.DUPLICATE],
                   statuses[BallotStatus.INVALID])


def covered_units(assembly: Assembly) -> set[int]:
    """The snapshot units (pks) that counted ballots cover: a per-unit paper's unit, an entity-wide paper's all.

    The papers are joined under the assembly too: without it PostgreSQL read every ballot paper of the
    district to find the entity-wide ones (`unit_id IS NULL`) (issue 20); with it, by the assembly's index.
    """
    counted = Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED, paper__assembly=assembly)
    own = set(counted.filter(paper__unit__isnull=False).values_list("paper__unit_id", flat=True))
    whole = counted.filter(paper__unit__isnull=True).values("entity_id")
    return own | set(SnapshotUnit.objects.filter(assembly=assembly, entity_id__in=whole).values_list("pk", flat=True))


def _buildings(units: list[tuple[int, int, str, Decimal]], covered: set[int]) -> list[BuildingTurnout]:
    rows: dict[str, list[Decimal | int]] = {}
    for pk, _entity, building, area in units:
        row = rows.setdefault(building or "—", [0, 0, Decimal("0.00"), Decimal("0.00")])
        voted = pk in covered
        row[0] += 1
        row[1] += int(voted)
        row[2] += area
        row[3] += area if voted else Decimal("0.00")
    return [BuildingTurnout(name, int(r[0]), int(r[1]), Decimal(r[2]), Decimal(r[3]))
            for name, r in sorted(rows.items())]


def _unvoted(assembly: Assembly) -> QuerySet[BallotPaper]:
    counted = Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED).values("paper_id")
    return BallotPaper.objects.filter(assembly=assembly).exclude(pk__in=counted)


def not_yet_voted(assembly: Assembly) -> QuerySet[BallotPaper]:
    """Papers with no counted ballot, the largest area first: the doors to knock on.

    One per voting entity, or one per unit when the assembly issues a paper per unit. The entities
    and units are joined under the assembly (issue 20: without it PostgreSQL read those of every
    assembly in the district); the units of the papers shown are fetched by their keys afterwards.
    """
    own_unit = FilteredRelation("unit", condition=Q(unit__assembly=assembly))
    return (_unvoted(assembly).filter(entity__assembly=assembly)
            .annotate(own_unit=own_unit, paper_area=Coalesce("own_unit__area", "entity__area"))
            .select_related("entity").prefetch_related("unit").order_by("-paper_area", "serial"))


def not_yet_voted_count(assembly: Assembly) -> int:
    """How many papers have no counted ballot: the papers of the assembly alone, nothing joined."""
    return _unvoted(assembly).count()


def readings(assembly: Assembly) -> QuerySet[PaperReading]:
    return (PaperReading.objects.filter(assembly=assembly)
            .select_related("paper", "paper__entity", "paper__unit", "box", "ballot")
            .prefetch_related("entries__teller").order_by("-created_at", "-pk"))


def mismatches(assembly: Assembly) -> QuerySet[PaperReading]:
    return readings(assembly).filter(status=ReadingStatus.MISMATCH)


def duplicate_ballots(assembly: Assembly) -> QuerySet[Ballot]:
    """Second ballots kept as material for the tellers (law.md: the count must show them)."""
    return (Ballot.objects.filter(assembly=assembly, status=BallotStatus.DUPLICATE)
            .select_related("entity", "paper__entity", "paper__unit").order_by("received_at", "pk"))


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
# A per-unit paper's unit comes along: the ballot pages show that unit only.
PAPER_FIELDS = ("id", "community_id", "assembly_id", "entity_id", "unit_id", "serial", "code_used_at", "reissue_id",
                "assembly__title", "assembly__status", "assembly__opens_at", "assembly__closes_at",
                "assembly__online_voting",
                "assembly__community_id", "entity__label", "entity__area", "entity__phone_tails", "unit__code",
                "unit__area", "unit__phone_tails")


def papers_with_window() -> QuerySet[BallotPaper]:
    """Ballot papers with their assembly's voting window, their entity and unit, for finding and casting."""
    return BallotPaper.objects.select_related("assembly", "entity", "unit").only(*PAPER_FIELDS)


def verified_paper(pk: int) -> BallotPaper | None:
    """The paper an owner has proved to hold, with what the ballot and review pages show."""
    return (BallotPaper.objects.select_related("assembly__community", "entity", "unit")
            .only(*PAPER_FIELDS, "assembly__community__name").filter(pk=pk).first())
