"""监票人、计票人: who watches and counts an assembly's vote; none of them may be a candidate in it.

huanjie.rules.committee.officials_among_candidates decides the overlap (law.md, "The committee":
scrutineers and tellers may not be candidates); the candidates app refuses the other way round
(candidates.services.nominations.ensure_not_official).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from huanjie import audit
from huanjie.candidates.models import EXCLUDED_STATES, Candidate
from huanjie.roster.models import Owner, Unit
from huanjie.rules.committee import officials_among_candidates
from huanjie.voting.errors import CandidateAsOfficial, InvalidTransition, OfficialExists, OfficialNotOwner
from huanjie.voting.models import Assembly, AssemblyStatus, Duty, Official

Actor = AbstractBaseUser | None


def standing_candidates(assembly: Assembly) -> list[Candidate]:
    """The candidates of the assembly's re-election not excluded or withdrawn: nominated, eligible, listed, final."""
    if assembly.reelection_id is None:
        return []
    return list(Candidate.objects.filter(recruitment__reelection_id=assembly.reelection_id)
                .exclude(status__in=EXCLUDED_STATES).select_related("nomination__owner"))


def _owner(assembly: Assembly, name: str, unit_code: str) -> Owner | None:
    """The owner named with their unit, or None for a scrutineer who is not an owner (no unit given)."""
    if not unit_code:
        return None
    unit = Unit.objects.filter(community_id=assembly.community_id, code=unit_code).first()
    owner = unit.owners.filter(name=name).first() if unit is not None else None
    if owner is None:
        raise OfficialNotOwner(unit=unit_code, name=name)
    return owner


def ensure_not_candidate(assembly: Assembly, owner: Owner | None, duty: str) -> None:
    """Refuse a scrutineer or teller who stands in this vote."""
    if owner is None:
        return
    candidates = standing_candidates(assembly)
    clash = officials_among_candidates([owner.identifier], [c.nomination.owner.identifier for c in candidates])
    if clash:
        found = next(c for c in candidates if c.nomination.owner.identifier in clash)
        raise CandidateAsOfficial(name=owner.name, status=found.get_status_display(), duty=Duty(duty).label)


@transaction.atomic
def appoint_official(*, assembly: Assembly, duty: str, name: str, unit_code: str, actor: Actor) -> Official:
    """Record a scrutineer or teller of the vote, before it is counted."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.status == AssemblyStatus.COUNTED:
        raise InvalidTransition(title=assembly.title, actual=AssemblyStatus.COUNTED.label,
                                expected=AssemblyStatus.CLOSED.label, action="确定监票人、计票人")
    name, unit_code = name.strip(), unit_code.strip()
    owner = _owner(assembly, name, unit_code)
    ensure_not_candidate(assembly, owner, duty)
    if Official.objects.filter(assembly=assembly, duty=duty, name=name).exists():
        raise OfficialExists(name=name, duty=Duty(duty).label)
    official = Official.objects.create(community_id=assembly.community_id, assembly=assembly, duty=duty, name=name,
                                       owner=owner, appointed_by=actor)
    audit.record("voting.official.appointed", actor=actor, target=official, data={"after": {
        "assembly": assembly.pk, "duty": duty, "name": name, "owner": owner.identifier if owner else None}})
    return official


@transaction.atomic
def dismiss_official(*, official: Official, actor: Actor) -> None:
    """Remove a scrutineer or teller (for instance, one who decides to stand), before the vote is counted."""
    official = Official.objects.select_for_update(of=("self",)).select_related("assembly", "owner").get(pk=official.pk)
    assembly = official.assembly
    if assembly.status == AssemblyStatus.COUNTED:
        raise InvalidTransition(title=assembly.title, actual=AssemblyStatus.COUNTED.label,
                                expected=AssemblyStatus.CLOSED.label, action="免去监票人、计票人")
    audit.record("voting.official.dismissed", actor=actor, target=assembly, data={"before": {
        "duty": official.duty, "name": official.name,
        "owner": official.owner.identifier if official.owner else None}})
    official.delete()
