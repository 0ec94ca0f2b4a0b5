"""The demo shows the work around the election (issue 7, Done when)."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.contingency.models import EventKind, EventPlan, PlanStatus
from huanjie.demo.around import facade_picture
from huanjie.demo.build import load_demo
from huanjie.handover.models import HandoverItem
from huanjie.jointoffice.models import DutySlot, Matter
from huanjie.ledgers.models import Status
from huanjie.projects.models import Notification, Project, ProjectStatus
from huanjie.projects.selectors import photo_pairs
from huanjie.training.models import Session
from huanjie.training.selectors import training_records


@pytest.fixture
def demo(db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo(today=date(2026, 11, 29))


def test_the_demo_shows_the_facade_project_plans_joint_office_training_and_handover(demo):
    # The facade project: completed, before and after side by side, its demands closed.
    project = Project.objects.get(community=demo)
    assert project.status == ProjectStatus.COMPLETED and project.progress == 100
    pairs = photo_pairs(project)
    assert len(pairs) == 2 and all(p.before and p.after for p in pairs)
    assert all(p.before.image.storage.exists(p.before.image.name) for p in pairs)
    demands = list(project.demands.all())
    assert demands and all(d.status == Status.CLOSED for d in demands)
    assert Notification.objects.filter(project=project).count() == sum(1 for d in demands if d.unit_id)

    # The election meeting has its plan with checks still open; the candidates' meeting was held.
    election = EventPlan.objects.get(community=demo, kind=EventKind.ELECTION_MEETING)
    assert election.status == PlanStatus.PREPARING and election.checklist.filter(done_at__isnull=True).exists()
    held = EventPlan.objects.get(community=demo, kind=EventKind.CANDIDATES_MEETING)
    assert held.status == PlanStatus.ENDED and held.incidents.count() == 1

    # The joint office's roster and matters, the new committee's training planned (its members are not elected
    # yet: nobody is named) and the handover.
    assert DutySlot.objects.filter(community=demo).count() == 10 * 2 * 3
    assert Matter.objects.filter(community=demo).count() == 4
    assert Session.objects.filter(community=demo).count() == 5 and training_records(demo.reelections.get()) == []
    assert all(i.complete for i in HandoverItem.objects.filter(community=demo))


def test_the_demo_pictures_are_the_same_on_every_run():
    assert facade_picture(after=False, variant=1) == facade_picture(after=False, variant=1)
    assert facade_picture(after=False, variant=0) != facade_picture(after=True, variant=0)
