from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from huanjie.accounts.models import Membership, Role
from huanjie.accounts.selectors import AnyUser
from huanjie.projects.models import Notification, Phase, Project, ProjectPhoto
from huanjie.roster.models import Community


@dataclass(frozen=True)
class PhotoPair:
    """The same place before and after the work, shown side by side."""

    caption: str
    before: ProjectPhoto | None
    after: ProjectPhoto | None


def projects_of(community: Community) -> QuerySet[Project]:
    return Project.objects.filter(community=community).prefetch_related("demands", "photos", "milestones")


def photo_pairs(project: Project) -> list[PhotoPair]:
    by_caption: dict[str, dict[str, ProjectPhoto]] = {}
    for photo in project.photos.all():
        by_caption.setdefault(photo.caption, {}).setdefault(photo.phase, photo)
    return [PhotoPair(caption, pair.get(Phase.BEFORE), pair.get(Phase.AFTER)) for caption, pair in by_caption.items()]


def overdue_milestones(project: Project, today: date) -> set[int]:
    return {m.pk for m in project.milestones.all() if m.done_on is None and m.due_on < today}


def owner_notifications(user: AnyUser, community: Community) -> QuerySet[Notification]:
    """Notifications for the units this owner signed in for, newest first."""
    units = Membership.objects.filter(user_id=user.pk, role=Role.OWNER, community=community).values("unit")
    return Notification.objects.filter(community=community, unit__in=units).select_related("project")
