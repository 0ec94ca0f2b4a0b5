"""Every change to the induction training: one function each, atomic, with its audit record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from huanjie import audit
from huanjie.reelection.models import Reelection
from huanjie.training.errors import CourseExists, NotATrainee, SessionInFuture, TraineeExists
from huanjie.training.materials import checked_material
from huanjie.training.models import Attendance, Course, Material, Position, Session, Topic, Trainee

User = AbstractBaseUser | None

# The five courses every new committee takes (product.md: the law, finance, the maintenance
# fund, supervising the property contract, running meetings).
STANDARD_COURSES: tuple[tuple[Topic, str], ...] = (
    (Topic.LAW, "《民法典》物权编与《上海市住宅物业管理规定》"),
    (Topic.FINANCE, "业委会财务与公共收益管理"),
    (Topic.MAINTENANCE_FUND, "专项维修资金的使用与公示"),
    (Topic.PROPERTY_CONTRACT, "物业服务合同的履约监督"),
    (Topic.MEETINGS, "业主大会和业委会会议的组织与议事规则"),
)


def _actor(actor: User) -> AbstractBaseUser | None:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def add_standard_courses(*, reelection: Reelection, actor: User) -> list[Course]:
    have = set(Course.objects.filter(reelection=reelection).values_list("title", flat=True))
    made = Course.objects.bulk_create([
        Course(community_id=reelection.community_id, reelection=reelection, topic=topic, title=title)
        for topic, title in STANDARD_COURSES if title not in have])
    audit.record("training.courses.standard_added", actor=actor, target=reelection,
                 data={"after": [c.title for c in made]})
    return made


@transaction.atomic
def add_course(*, reelection: Reelection, topic: Topic, title: str, required: bool, actor: User) -> Course:
    title = title.strip()
    if Course.objects.filter(reelection=reelection, title=title).exists():
        raise CourseExists(title=title)
    course = Course.objects.create(community_id=reelection.community_id, reelection=reelection, topic=topic,
                                   title=title, required=required)
    audit.record("training.course.added", actor=actor, target=course,
                 data={"after": {"topic": str(topic), "title": title, "required": required}})
    return course


@transaction.atomic
def add_trainee(*, reelection: Reelection, name: str, position: Position, actor: User) -> Trainee:
    name = name.strip()
    if Trainee.objects.filter(reelection=reelection, name=name).exists():
        raise TraineeExists(name=name)
    trainee = Trainee.objects.create(community_id=reelection.community_id, reelection=reelection, name=name,
                                     position=position)
    audit.record("training.trainee.added", actor=actor, target=trainee,
                 data={"after": {"name": name, "position": str(position)}})
    return trainee


@transaction.atomic
def add_material(*, course: Course, title: str, upload: UploadedFile, actor: User) -> Material:
    extension, content_type = checked_material(upload)
    upload.name = f"{uuid.uuid4().hex[:12]}.{extension}"
    material = Material.objects.create(community_id=course.community_id, course=course, title=title.strip(),
                                       file=upload, content_type=content_type, uploaded_by=_actor(actor))
    audit.record("training.material.added", actor=actor, target=course,
                 data={"after": {"title": material.title, "file": material.file.name, "bytes": upload.size}})
    return material


@transaction.atomic
def schedule_session(*, course: Course, held_on: date, place: str, trainer: str, actor: User) -> Session:
    session = Session.objects.create(community_id=course.community_id, course=course, held_on=held_on,
                                     place=place.strip(), trainer=trainer.strip())
    audit.record("training.session.scheduled", actor=actor, target=course, data={"after": {
        "session": session.pk, "held_on": held_on, "place": session.place, "trainer": session.trainer}})
    return session


@transaction.atomic
def record_attendance(*, session: Session, present: Iterable[Trainee], actor: User, today: date) -> list[Attendance]:
    """Who came to a session that took place: everyone on the new committee is marked present or absent."""
    if session.held_on > today:
        raise SessionInFuture(course=session.course.title, day=session.held_on.isoformat())
    members = {t.pk: t for t in Trainee.objects.filter(reelection_id=session.course.reelection_id)}
    came = list(present)
    for trainee in came:
        if trainee.pk not in members:
            raise NotATrainee(name=trainee.name)
    came_ids = {t.pk for t in came}
    before = dict(Attendance.objects.filter(session=session).values_list("trainee_id", "present"))
    rows = []
    for pk, trainee in members.items():
        row, _ = Attendance.objects.update_or_create(session=session, trainee=trainee, defaults={
            "community_id": session.community_id, "present": pk in came_ids})
        rows.append(row)
    audit.record("training.attendance.recorded", actor=actor, target=session.course, data={
        "session": session.pk, "before": {str(k): v for k, v in before.items()},
        "after": {str(r.trainee_id): r.present for r in rows}})
    return rows
