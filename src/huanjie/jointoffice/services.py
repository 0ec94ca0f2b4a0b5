"""Every change in the joint office: one function each, atomic, with its audit record."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.jointoffice.errors import BadFollowUps, DutyTaken, ResultRequired, WrongMatterStatus
from huanjie.jointoffice.followups import parse_follow_ups
from huanjie.jointoffice.models import DutySlot, Matter, MatterStatus, Minutes, Party, Period
from huanjie.roster.models import Community

User = AbstractBaseUser | None


def _actor(actor: User) -> AbstractBaseUser | None:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def add_duty(*, community: Community, day: date, period: Period, party: Party, person: str, phone: str,
             actor: User) -> DutySlot:
    taken = DutySlot.objects.filter(community=community, day=day, period=period, party=party).first()
    if taken is not None:
        raise DutyTaken(day=day.isoformat(), period=Period(period).label, party=Party(party).label,
                        person=taken.person)
    slot = DutySlot.objects.create(community=community, day=day, period=period, party=party,
                                   person=person.strip(), phone=phone.strip())
    audit.record("jointoffice.duty.added", actor=actor, target=slot, data={"after": {
        "day": day, "period": str(period), "party": str(party), "person": slot.person}})
    return slot


def _next_number(community: Community) -> int:
    # Numbers are handed out one at a time per community: lock the community row while counting.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    return (Matter.objects.filter(community=community).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def open_matter(*, community: Community, title: str, party: Party, owner: str, due_on: date, actor: User,
                minutes: Minutes | None = None) -> Matter:
    matter = Matter.objects.create(community=community, number=_next_number(community), title=title.strip(),
                                   party=party, owner=owner.strip(), due_on=due_on, minutes=minutes)
    audit.record("jointoffice.matter.opened", actor=actor, target=matter, data={"after": {
        "number": matter.number, "title": matter.title, "party": str(party), "owner": matter.owner,
        "due_on": due_on, "minutes": minutes.pk if minutes else None}})
    return matter


@transaction.atomic
def start_matter(*, matter: Matter, actor: User) -> Matter:
    if matter.status != MatterStatus.OPEN:
        raise WrongMatterStatus(number=matter.number, actual=MatterStatus(matter.status).label, action=_("开始办理"))
    matter.status = MatterStatus.IN_PROGRESS
    matter.save(update_fields=["status"])
    audit.record("jointoffice.matter.started", actor=actor, target=matter,
                 data={"before": {"status": MatterStatus.OPEN}, "after": {"status": matter.status}})
    return matter


@transaction.atomic
def finish_matter(*, matter: Matter, result: str, done_on: date, actor: User) -> Matter:
    if matter.status == MatterStatus.DONE:
        raise WrongMatterStatus(number=matter.number, actual=MatterStatus(matter.status).label, action=_("再次办结"))
    if not result.strip():
        raise ResultRequired(number=matter.number)
    before = matter.status
    matter.status, matter.result, matter.done_on = MatterStatus.DONE, result.strip(), done_on
    matter.save(update_fields=["status", "result", "done_on"])
    audit.record("jointoffice.matter.done", actor=actor, target=matter, data={
        "before": {"status": before}, "after": {"status": matter.status, "result": matter.result,
                                                "done_on": done_on}})
    return matter


@transaction.atomic
def record_minutes(*, community: Community, held_on: date, title: str, attendees: str, decisions: str,
                   follow_ups: str, actor: User) -> Minutes:
    """Save the minutes; each follow-up line becomes a matter on the shared list, or nothing is saved."""
    items, problems = parse_follow_ups(follow_ups, held_on=held_on)
    if problems:
        raise BadFollowUps(problems="；".join(problems))
    minutes = Minutes.objects.create(community=community, held_on=held_on, title=title.strip(),
                                     attendees=attendees.strip(), decisions=decisions.strip(),
                                     recorded_by=_actor(actor))
    audit.record("jointoffice.minutes.recorded", actor=actor, target=minutes, data={"after": {
        "held_on": held_on, "title": minutes.title, "follow_ups": len(items)}})
    for item in items:
        open_matter(community=community, title=item.title, party=item.party, owner=item.owner,
                    due_on=item.due_on, actor=actor, minutes=minutes)
    return minutes
