"""The count (开箱计票): huanjie.rules on the recorded ballots, its result stored as is."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.rules import JoinRule, Result, WriteInRule, build_entities, tally
from huanjie.voting.errors import CountBlocked
from huanjie.voting.models import (
    Assembly,
    AssemblyStatus,
    BallotBox,
    BoxStatus,
    CountResult,
    PaperReading,
    ReadingStatus,
)
from huanjie.voting.services.assembly import guard
from huanjie.voting.tallyfiles import ballots_digest, count_inputs


def count_blockers(assembly: Assembly) -> list[str]:
    """Why the count cannot run yet: no box at all, sealed boxes, mismatches, ballots entered by one teller only."""
    reasons = []
    if not BallotBox.objects.filter(assembly=assembly).exists():
        reasons.append(_("本次投票没有票箱记录：业主交回的纸质票未经开箱录入，计票会漏掉它们。请在“票箱”页登记并开箱"))
    sealed = BallotBox.objects.filter(assembly=assembly, status=BoxStatus.SEALED).count()
    if sealed:
        reasons.append(_("还有 %(n)s 个票箱未开箱") % {"n": sealed})
    readings = PaperReading.objects.filter(assembly=assembly)
    mismatched = readings.filter(status=ReadingStatus.MISMATCH).count()
    if mismatched:
        reasons.append(_("%(n)s 张纸质票两位计票人录入不一致，尚未核对") % {"n": mismatched})
    waiting = readings.filter(status=ReadingStatus.WAITING).count()
    if waiting:
        reasons.append(_("%(n)s 张纸质票只有一位计票人录入") % {"n": waiting})
    return reasons


@transaction.atomic
def count_assembly(*, assembly: Assembly, actor: AbstractBaseUser, now: datetime | None = None) -> Result:
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    guard(assembly, AssemblyStatus.CLOSED, "计票")
    blockers = count_blockers(assembly)
    if blockers:
        raise CountBlocked(reason="；".join(blockers))
    inputs = count_inputs(assembly)
    # The settings frozen with the roster (spec/tally.md v2), as the exported election.toml says.
    entities = build_entities(inputs.units, JoinRule(inputs.join))
    result = tally(entities, inputs.contests, inputs.rows, write_in=WriteInRule(inputs.write_in))
    stored = CountResult.objects.create(community_id=assembly.community_id, assembly=assembly,
                                        data=result.to_dict(), counted_at=now or timezone.now(), counted_by=actor,
                                        ballots_sha256=ballots_digest(inputs))
    assembly.status = AssemblyStatus.COUNTED
    assembly.save(update_fields=["status"])
    audit.record("voting.assembly.counted", actor=actor, target=assembly, data={
        "before": {"status": AssemblyStatus.CLOSED}, "after": {"status": AssemblyStatus.COUNTED},
        "participating": result.to_dict()["participating"], "quorum_met": result.quorum_met,
        "ballots_sha256": stored.ballots_sha256, "roster_sha256": assembly.roster_sha256})
    return result
