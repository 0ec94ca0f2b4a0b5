"""初任培训: courses for the new committee, their materials, sessions and who attended.

The records feed the filing pack: SH art. 23 lists the members' training records among the
papers filed with the street office within 30 days of the election.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community


class Topic(models.TextChoices):
    LAW = "law", _("法律法规")
    FINANCE = "finance", _("财务管理")
    MAINTENANCE_FUND = "maintenance_fund", _("专项维修资金")
    PROPERTY_CONTRACT = "property_contract", _("物业服务合同监督")
    MEETINGS = "meetings", _("会议组织与议事规则")


class Position(models.TextChoices):
    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")
    ALTERNATE = "alternate", _("候补委员")


class Course(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="courses")
    topic = models.CharField(_("主题"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("课程名称"), max_length=120)
    required = models.BooleanField(_("必修"), default=True)

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["reelection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reelection", "title"], name="training_course_unique_title"),
            models.CheckConstraint(condition=Q(topic__in=Topic.values), name="training_course_topic"),
        ]

    def __str__(self) -> str:
        return self.title


def material_path(material: Material, filename: str) -> str:
    return f"training/{material.community_id}/{material.course_id}/{filename}"


class Material(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("资料名称"), max_length=120)
    file = models.FileField(_("文件"), upload_to=material_path)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训资料")
        verbose_name_plural = _("培训资料")
        ordering = ["course", "pk"]

    def __str__(self) -> str:
        return self.title


class Trainee(models.Model):
    """A member of the newly elected committee, who must be trained."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="trainees")
    name = models.CharField(_("姓名"), max_length=60)
    position = models.CharField(_("职务"), max_length=12, choices=Position.choices, default=Position.MEMBER)

    class Meta:
        verbose_name = _("新一届委员")
        verbose_name_plural = _("新一届委员")
        ordering = ["reelection", "pk"]
        constraints = [models.UniqueConstraint(fields=["reelection", "name"], name="training_trainee_unique_name")]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("培训日期"))
    place = models.CharField(_("地点"), max_length=120)
    trainer = models.CharField(_("授课人"), max_length=60)

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.course} {self.held_on}"


class Attendance(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("出勤"))

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        constraints = [models.UniqueConstraint(fields=["session", "trainee"], name="training_attendance_once")]

    def __str__(self) -> str:
        return f"{self.trainee} @ {self.session}"
