"""Ballot papers: which way they are issued, and issuing them when voting opens.

表决票发放方式 (issue #4): one paper per voting entity listing all its units (the default), or
one paper per unit listing that unit only. The mode is a setting of the assembly, fixed once the
papers exist. Their codes are generated once, for printing every paper (`issue_voting_codes`); a
lost or spoilt sheet gets a new code with four eyes (huanjie.voting.services.codes). Only keyed
digests are stored, so a code exists in plain text only on the sheet printed.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from huanjie import audit
from huanjie.voting.codes import new_code, voting_code_digest
from huanjie.voting.errors import PaperModeLocked, UnknownPaperMode
from huanjie.voting.models import Assembly, AssemblyStatus, BallotPaper, PaperMode, SnapshotUnit, VotingEntity
from huanjie.voting.services.assembly import guard


@transaction.atomic
def set_paper_mode(*, assembly: Assembly, mode: str, actor: AbstractBaseUser | None) -> Assembly:
    """Choose per-entity or per-unit papers; refused once any paper of the assembly exists."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if mode not in PaperMode.values:
        raise UnknownPaperMode(mode=mode)
    issued = BallotPaper.objects.filter(assembly=assembly).count()
    if issued:
        raise PaperModeLocked(title=assembly.title, papers=issued, mode=PaperMode(assembly.paper_mode).label)
    guard(assembly, AssemblyStatus.DRAFT, "更改表决票发放方式")
    if mode != assembly.paper_mode:
        before, assembly.paper_mode = assembly.paper_mode, mode
        assembly.save(update_fields=["paper_mode"])
        audit.record(
            "voting.assembly.paper_mode",
            actor=actor,
            target=assembly,
            data={"before": {"paper_mode": before}, "after": {"paper_mode": mode}},
        )
    return assembly


def papers_to_issue(assembly: Assembly, *, now: datetime) -> list[BallotPaper]:
    """Every paper of the frozen roster, as the assembly's mode says, not yet saved.

    Serials number the entities (per-entity mode) or the units in roster order (per-unit mode).
    `open_voting` saves them inside its transaction, right after the roster is frozen.
    """

    def paper(entity_id: int, number: int, unit: SnapshotUnit | None = None) -> BallotPaper:
        return BallotPaper(
            community_id=assembly.community_id,
            assembly=assembly,
            entity_id=entity_id,
            unit=unit,
            serial=f"{assembly.pk}-{number:05d}",
            code_hash=voting_code_digest(new_code()),
            issued_at=now,
        )

    if assembly.paper_mode == PaperMode.PER_UNIT:
        units = SnapshotUnit.objects.filter(assembly=assembly).only("pk", "entity_id", "position").order_by("position")
        return [paper(unit.entity_id, unit.position + 1, unit) for unit in units]
    entities = VotingEntity.objects.filter(assembly=assembly).values_list("pk", "index").order_by("index")
    return [paper(pk, index + 1) for pk, index in entities]


