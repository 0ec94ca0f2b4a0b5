"""Reading the training: who attended what, who has completed, and the records for the filing pack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huanjie.reelection.models import Reelection
from huanjie.training.models import Attendance, Course, Trainee


@dataclass(frozen=True)
class CourseRecord:
    course: str
    topic: str
    required: bool
    attended_on: date | None  # the first session of the course this member attended


@dataclass(frozen=True)
class TrainingRecord:
    """One new member's training, as the filing pack lists it (SH art. 23)."""

    name: str
    position: str
    courses: tuple[CourseRecord, ...]

    @property
    def complete(self) -> bool:
        return all(c.attended_on is not None for c in self.courses if c.required)

    @property
    def attended(self) -> int:
        return sum(1 for c in self.courses if c.attended_on is not None)


def training_records(reelection: Reelection) -> list[TrainingRecord]:
    """Every new member with each course and the day attended; the filing pack calls this."""
    courses = list(Course.objects.filter(reelection=reelection).order_by("pk"))
    first: dict[tuple[int, int], date] = {}
    for trainee_id, course_id, held_on in (Attendance.objects.filter(session__course__reelection=reelection,
                                                                     present=True)
                                           .order_by("session__held_on")
                                           .values_list("trainee_id", "session__course_id", "session__held_on")):
        first.setdefault((trainee_id, course_id), held_on)
    return [
        TrainingRecord(trainee.name, str(trainee.get_position_display()), tuple(
            CourseRecord(c.title, str(c.get_topic_display()), c.required, first.get((trainee.pk, c.pk)))
            for c in courses))
        for trainee in Trainee.objects.filter(reelection=reelection).order_by("pk")
    ]
