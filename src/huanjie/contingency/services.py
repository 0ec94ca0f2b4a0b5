"""Every change to a contingency plan: one function each, atomic, with its audit record."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from huanjie import audit
from huanjie.accounts.models import Role
from huanjie.accounts.selectors import roles_in
from huanjie.contingency.defaults import CHECKS, RISKS
from huanjie.contingency.errors import (
    AlreadyTicked,
    ChecklistOpen,
    IncidentIncomplete,
    PlanExists,
    RoleRequired,
    WrongPlanStatus,
)
from huanjie.contingency.models import (
    ChecklistItem,
    EventKind,
    EventPlan,
    Incident,
    Level,
    PlanStatus,
    Risk,
    RiskKind,
)
from huanjie.reelection.models import Reelection


def _label(actor: AbstractBaseUser) -> str:
    return str(getattr(actor, "get_full_name", lambda: "")() or actor.get_username())


def _guard(plan: EventPlan, expected: PlanStatus, action: str) -> None:
    if plan.status != expected:
        raise WrongPlanStatus(event=plan.get_kind_display(), actual=PlanStatus(plan.status).label,
                              expected=expected.label, action=action)


def _locked(plan: EventPlan) -> EventPlan:
    return EventPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def create_plan(*, reelection: Reelection, kind: EventKind, starts_at: datetime, venue: str, commander: str,
                commander_phone: str, actor: AbstractBaseUser | None) -> EventPlan:
    """A plan for one event, starting from the usual risks and checks of that event (defaults.py)."""
    if EventPlan.objects.filter(reelection=reelection, kind=kind).exists():
        raise PlanExists(event=EventKind(kind).label)
    plan = EventPlan.objects.create(community_id=reelection.community_id, reelection=reelection, kind=kind,
                                    starts_at=starts_at, venue=venue.strip(), commander=commander.strip(),
                                    commander_phone=commander_phone.strip())
    Risk.objects.bulk_create([
        Risk(community_id=plan.community_id, plan=plan, kind=r.kind, situation=r.situation, likelihood=r.likelihood,
             impact=r.impact, mitigation=r.mitigation, responsible=plan.commander, contact=plan.commander_phone)
        for r in RISKS[kind]])
    ChecklistItem.objects.bulk_create([
        ChecklistItem(community_id=plan.community_id, plan=plan, position=i, text=c.text, role=c.role)
        for i, c in enumerate(CHECKS[kind], start=1)])
    audit.record("contingency.plan.created", actor=actor, target=plan, data={"after": {
        "kind": str(kind), "starts_at": starts_at, "venue": plan.venue, "commander": plan.commander}})
    return plan


@transaction.atomic
def add_risk(*, plan: EventPlan, kind: RiskKind, situation: str, likelihood: Level, impact: Level,
             mitigation: str, responsible: str, contact: str, actor: AbstractBaseUser | None) -> Risk:
    risk = Risk.objects.create(community_id=plan.community_id, plan=plan, kind=kind, situation=situation.strip(),
                               likelihood=likelihood, impact=impact, mitigation=mitigation.strip(),
                               responsible=responsible.strip(), contact=contact.strip())
    audit.record("contingency.risk.added", actor=actor, target=plan, data={"after": {
        "risk": risk.pk, "kind": str(kind), "likelihood": int(likelihood), "impact": int(impact),
        "responsible": risk.responsible}})
    return risk


@transaction.atomic
def add_check(*, plan: EventPlan, text: str, role: Role, actor: AbstractBaseUser | None) -> ChecklistItem:
    plan = _locked(plan)
    _guard(plan, PlanStatus.PREPARING, "增加会前检查项")
    position = (plan.checklist.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = ChecklistItem.objects.create(community_id=plan.community_id, plan=plan, position=position,
                                        text=text.strip(), role=role)
    audit.record("contingency.check.added", actor=actor, target=plan,
                 data={"after": {"item": item.pk, "text": item.text, "role": str(role)}})
    return item


@transaction.atomic
def tick_check(*, item: ChecklistItem, actor: AbstractBaseUser, now: datetime) -> ChecklistItem:
    """Confirm one pre-event check; only someone holding the item's role in the community may."""
    item = ChecklistItem.objects.select_for_update().select_related("plan", "plan__community").get(pk=item.pk)
    _guard(item.plan, PlanStatus.PREPARING, "勾选会前检查项")
    if item.done_at is not None:
        raise AlreadyTicked(item=item.text, who=item.done_by_label,
                            when=f"{timezone.localtime(item.done_at):%Y-%m-%d %H:%M}")
    if item.role not in roles_in(actor, item.plan.community):
        raise RoleRequired(item=item.text, role=Role(item.role).label)
    item.done_at, item.done_by, item.done_by_label = now, actor, _label(actor)
    item.save(update_fields=["done_at", "done_by", "done_by_label"])
    audit.record("contingency.check.ticked", actor=actor, target=item.plan, data={
        "before": {"item": item.pk, "done": False}, "after": {"item": item.pk, "done": True, "text": item.text}})
    return item


@transaction.atomic
def start_event(*, plan: EventPlan, actor: AbstractBaseUser, now: datetime) -> EventPlan:
    """Mark the event started; refused while any pre-event check is still open."""
    plan = _locked(plan)
    _guard(plan, PlanStatus.PREPARING, "宣布开始")
    open_items = list(plan.checklist.filter(done_at__isnull=True).values_list("text", flat=True))
    if open_items:
        shown = "、".join(open_items[:3]) + ("等" if len(open_items) > 3 else "")
        raise ChecklistOpen(count=len(open_items), items=shown, event=plan.get_kind_display())
    plan.status, plan.started_at, plan.started_by = PlanStatus.STARTED, now, actor
    plan.save(update_fields=["status", "started_at", "started_by"])
    audit.record("contingency.event.started", actor=actor, target=plan, data={
        "before": {"status": PlanStatus.PREPARING}, "after": {"status": PlanStatus.STARTED, "started_at": now}})
    return plan


@transaction.atomic
def log_incident(*, plan: EventPlan, happened_at: datetime, risk_kind: RiskKind, what: str, action: str,
                 actor: AbstractBaseUser, now: datetime) -> Incident:
    """Write down what happened during the event and what was done about it."""
    plan = _locked(plan)
    _guard(plan, PlanStatus.STARTED, "记录突发情况")
    if not what.strip() or not action.strip():
        raise IncidentIncomplete()
    incident = Incident.objects.create(community_id=plan.community_id, plan=plan, happened_at=happened_at,
                                       risk_kind=risk_kind, what=what.strip(), action=action.strip(),
                                       recorded_by=actor, recorded_at=now)
    audit.record("contingency.incident.logged", actor=actor, target=plan, data={"after": {
        "incident": incident.pk, "happened_at": happened_at, "kind": str(risk_kind), "what": incident.what,
        "action": incident.action}})
    return incident


@transaction.atomic
def end_event(*, plan: EventPlan, actor: AbstractBaseUser, now: datetime) -> EventPlan:
    plan = _locked(plan)
    _guard(plan, PlanStatus.STARTED, "宣布结束")
    plan.status, plan.ended_at = PlanStatus.ENDED, now
    plan.save(update_fields=["status", "ended_at"])
    audit.record("contingency.event.ended", actor=actor, target=plan, data={
        "before": {"status": PlanStatus.STARTED}, "after": {"status": PlanStatus.ENDED, "ended_at": now}})
    return plan
