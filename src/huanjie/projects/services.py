"""Every change to a practical project: one function each, atomic, with its audit record."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.accounts.models import Role
from huanjie.accounts.selectors import roles_in
from huanjie.ledgers import services as ledger
from huanjie.ledgers.models import Demand, Handler, Status
from huanjie.projects.errors import (
    BadBudget,
    BadProgress,
    CannotComplete,
    ConsentByStreetOfficeOnly,
    ConsentIncomplete,
    DemandNotLinkable,
    MotionNotPassed,
    MotionRequired,
    NoReelectionUnderWay,
    PhotoRefused,
    WrongProjectStatus,
)
from huanjie.projects.funding import motion_refusal
from huanjie.projects.models import (
    Funding,
    Milestone,
    Notification,
    Phase,
    Project,
    ProjectPhoto,
    ProjectStatus,
    ReelectionConsent,
)
from huanjie.projects.restriction import check_restriction, reelection_in_progress
from huanjie.roster.models import Community
from huanjie.uploads import checked_photo
from huanjie.voting.models import Contest

User = AbstractBaseUser | None


def _actor(actor: User) -> AbstractBaseUser | None:
    return actor if getattr(actor, "pk", None) else None


def _guard(project: Project, expected: ProjectStatus, action: str) -> None:
    if project.status != expected:
        raise WrongProjectStatus(title=project.title, actual=ProjectStatus(project.status).label,
                                 expected=expected.label, action=action)


def check_funding(*, community: Community, funding: Funding, motion: Contest | None) -> None:
    """The maintenance fund is spent only on a motion the owners' assembly passed (funding.py)."""
    if funding != Funding.MAINTENANCE_FUND:
        return
    if motion is None:
        raise MotionRequired()
    reason = motion_refusal(motion, community.pk)
    if reason:
        raise MotionNotPassed(motion=motion.title, reason=reason)


@transaction.atomic
def create_project(*, community: Community, title: str, scope: str, budget: Decimal, funding: Funding,
                   motion: Contest | None, contractor: str, actor: User, changes_manager: bool = False,
                   by_sitting_committee: bool = True, consent: ReelectionConsent | None = None) -> Project:
    """A project; during a re-election the sitting committee's fund or manager project needs the street office's
    consent (《上海市住宅物业管理规定》第二十八条, projects.restriction)."""
    if budget <= 0 or budget.as_tuple().exponent < -2:  # type: ignore[operator]
        raise BadBudget(value=budget)
    check_funding(community=community, funding=funding, motion=motion)
    check_restriction(community_id=community.pk, title=title.strip(), funding=funding, changes_manager=changes_manager,
                      by_sitting_committee=by_sitting_committee, consent=consent)
    project = Project.objects.create(community=community, title=title.strip(), scope=scope.strip(), budget=budget,
                                     funding=funding, motion=motion if funding == Funding.MAINTENANCE_FUND else None,
                                     contractor=contractor.strip(), created_by=_actor(actor),
                                     changes_manager=changes_manager, by_sitting_committee=by_sitting_committee,
                                     consent=consent)
    audit.record("projects.project.created", actor=actor, target=project, data={"after": {
        "title": project.title, "budget": budget, "funding": str(funding), "motion": project.motion_id,
        "contractor": project.contractor, "changes_manager": changes_manager,
        "by_sitting_committee": by_sitting_committee, "consent": project.consent_id}})
    return project


@transaction.atomic
def record_consent(*, community: Community, subject: str, reason: str, actor: AbstractBaseUser,
                   now: datetime | None = None) -> ReelectionConsent:
    """The street office consents to a matter the sitting committee may not decide alone during the re-election."""
    if Role.SUPERVISOR not in roles_in(actor, community):
        raise ConsentByStreetOfficeOnly()
    reelection = reelection_in_progress(community.pk)
    if reelection is None:
        raise NoReelectionUnderWay()
    subject, reason = " ".join(subject.split()), " ".join(reason.split())
    if not subject or not reason:
        raise ConsentIncomplete()
    consent = ReelectionConsent.objects.create(community=community, reelection=reelection, subject=subject,
                                               reason=reason, given_by=actor, given_at=now or timezone.now())
    audit.record("projects.consent.recorded", actor=actor, target=consent, data={"after": {
        "reelection": reelection.pk, "consented_to": subject, "reason": reason}})
    return consent


@transaction.atomic
def add_milestone(*, project: Project, title: str, due_on: date, actor: User) -> Milestone:
    milestone = Milestone.objects.create(community_id=project.community_id, project=project, title=title.strip(),
                                         due_on=due_on)
    audit.record("projects.milestone.added", actor=actor, target=project,
                 data={"after": {"milestone": milestone.pk, "title": milestone.title, "due_on": due_on}})
    return milestone


@transaction.atomic
def finish_milestone(*, milestone: Milestone, done_on: date, actor: User, today: date) -> Milestone:
    if done_on > today:
        raise CannotComplete(title=milestone.title, reason=_("完成日期 %(day)s 晚于今天。") % {"day": done_on})
    before = milestone.done_on
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit.record("projects.milestone.done", actor=actor, target=milestone.project, data={
        "before": {"milestone": milestone.pk, "done_on": before}, "after": {"milestone": milestone.pk,
                                                                             "done_on": done_on}})
    return milestone


@transaction.atomic
def start_project(*, project: Project, started_on: date, actor: User, today: date) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    _guard(project, ProjectStatus.PLANNED, _("开工"))
    check_restriction(community_id=project.community_id, title=project.title, funding=project.funding,
                      changes_manager=project.changes_manager, by_sitting_committee=project.by_sitting_committee,
                      consent=project.consent)
    if started_on > today:
        raise CannotComplete(title=project.title, reason=_("开工日期 %(day)s 晚于今天。") % {"day": started_on})
    project.status, project.started_on = ProjectStatus.IN_PROGRESS, started_on
    project.save(update_fields=["status", "started_on"])
    audit.record("projects.project.started", actor=actor, target=project, data={
        "before": {"status": ProjectStatus.PLANNED}, "after": {"status": project.status, "started_on": started_on}})
    return project


@transaction.atomic
def set_progress(*, project: Project, progress: int, actor: User) -> Project:
    """Record how far the work has come; it only goes forward, and 100% is reached by completing."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _guard(project, ProjectStatus.IN_PROGRESS, _("更新进度"))
    if not project.progress <= progress <= 100:
        raise BadProgress(current=project.progress, value=progress)
    before = project.progress
    project.progress = progress
    project.save(update_fields=["progress"])
    audit.record("projects.project.progress", actor=actor, target=project,
                 data={"before": {"progress": before}, "after": {"progress": progress}})
    return project


@transaction.atomic
def add_photo(*, project: Project, phase: Phase, caption: str, upload: UploadedFile, actor: User) -> ProjectPhoto:
    """Attach a photo after checking it really is a JPEG, PNG or WebP image of at most 5 MB."""
    extension, content_type = checked_photo(upload, refused=PhotoRefused)
    upload.name = f"{phase}-{uuid.uuid4().hex[:12]}.{extension}"
    photo = ProjectPhoto.objects.create(community_id=project.community_id, project=project, phase=phase,
                                        caption=caption.strip(), image=upload, content_type=content_type,
                                        uploaded_by=_actor(actor))
    audit.record("projects.photo.added", actor=actor, target=project, data={"after": {
        "photo": photo.image.name, "phase": str(phase), "caption": photo.caption, "bytes": upload.size}})
    return photo


@transaction.atomic
def link_demand(*, project: Project, demand: Demand, actor: User) -> Project:
    """Record that the project answers a demand of the ledger; it will be closed when the project is."""
    reason = ""
    if demand.community_id != project.community_id:
        reason = _("不是本小区的诉求。")
    elif demand.status == Status.CLOSED:
        reason = _("该诉求已办结。")
    elif project.status == ProjectStatus.COMPLETED:
        reason = _("项目已竣工。")
    elif project.demands.filter(pk=demand.pk).exists():
        reason = _("已经关联过了。")
    if reason:
        raise DemandNotLinkable(number=demand.number, reason=reason)
    project.demands.add(demand)
    audit.record("projects.demand.linked", actor=actor, target=project, data={"after": {"demand": demand.number}})
    return project


def completion_blockers(project: Project) -> list[str]:
    """What still stands between the project and its completion, in words for the page."""
    reasons = []
    open_milestones = [m.title for m in project.milestones.all() if m.done_on is None]
    if open_milestones:
        reasons.append(_("节点未完成：%(items)s") % {"items": "、".join(open_milestones)})
    phases = {p.phase for p in project.photos.all()}
    if Phase.BEFORE not in phases:
        reasons.append(_("缺少施工前照片"))
    if Phase.AFTER not in phases:
        reasons.append(_("缺少施工后照片"))
    return reasons


@transaction.atomic
def complete_project(*, project: Project, completed_on: date, actor: User, today: date) -> Project:
    """Complete the project, close every demand it answers, and tell the owners who raised them."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _guard(project, ProjectStatus.IN_PROGRESS, _("竣工"))
    if completed_on > today:
        raise CannotComplete(title=project.title, reason=_("竣工日期 %(day)s 晚于今天。") % {"day": completed_on})
    if project.started_on and completed_on < project.started_on:
        raise CannotComplete(title=project.title, reason=_("竣工日期早于开工日期 %(day)s。") % {
            "day": project.started_on})
    blockers = completion_blockers(project)
    if blockers:
        raise CannotComplete(title=project.title, reason="；".join(blockers))
    before = {"status": project.status, "progress": project.progress}
    project.status, project.progress, project.completed_on = ProjectStatus.COMPLETED, 100, completed_on
    project.save(update_fields=["status", "progress", "completed_on"])
    closed = [_close_demand(project, demand, completed_on, actor) for demand in project.demands.all()]
    audit.record("projects.project.completed", actor=actor, target=project, data={
        "before": before, "after": {"status": project.status, "progress": 100, "completed_on": completed_on},
        "demands_closed": [n for n in closed if n is not None]})
    return project


def _close_demand(project: Project, demand: Demand, completed_on: date, actor: User) -> int | None:
    """Walk the demand through the ledger's own steps to closed, then notify its unit's owners."""
    if demand.status == Status.CLOSED:
        return None
    answer = _("实事项目“%(title)s”已于 %(day)s 竣工，您反映的问题已随项目解决。如仍有问题，请联系居委会。") % {
        "title": project.title, "day": f"{completed_on:%Y年%m月%d日}"}
    if demand.status == Status.RECORDED:
        ledger.assign_demand(demand=demand, handler=Handler.OWNERS_COMMITTEE, due_on=None, actor=actor)
    if demand.status == Status.ASSIGNED:
        ledger.start_demand(demand=demand, actor=actor)
    if demand.status == Status.IN_PROGRESS:
        ledger.answer_demand(demand=demand, answer=answer, answered_on=completed_on, actor=actor)
    ledger.close_demand(demand=demand, closed_on=completed_on, actor=actor)
    if demand.unit_id is not None:
        text = _("您反映的第%(number)s号诉求“%(summary)s”已办结：%(answer)s") % {
            "number": demand.number, "summary": demand.summary, "answer": demand.answer}
        Notification.objects.create(community_id=project.community_id, unit_id=demand.unit_id, demand=demand,
                                    project=project, created_at=timezone.now(), text=text[:500])
    return demand.number
