"""人选: recruitment (招贤), nominations, eligibility checks (资格审查), the review panel (评审团).

A `Nomination` is what was submitted — who, by which method and channel, the profile, the
consent to publication. Its `Candidate` is that person's course through the review, with a
`CandidateStatus`; every exclusion carries `status_reason`, which the candidate reads on
their own page. The candidate ledger (人选台账) reads these tables.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.notices.models import Notice
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Owner, Unit
from huanjie.rules.committee import LAWFUL_SIZES, SMALL_COMMITTEE
from huanjie.rules.eligibility import EXTRA_PREFIX, Condition

CONDITION_LABELS: dict[str, str] = {
    Condition.OWNER: _("本小区业主（业主名册）"),
    Condition.CIVIL_CAPACITY: _("具有完全民事行为能力"),
    Condition.PROPERTY_COMPANY: _("本人、配偶及直系亲属不在本小区物业服务企业任职"),
    Condition.LOAD_BEARING: _("无损坏房屋主体和承重结构且未改正的情形"),
    Condition.ILLEGAL_BUILDING: _("无违法搭建且未改正的情形"),
    Condition.FACADE: _("无破坏房屋外貌且未改正的情形"),
    Condition.CHANGE_OF_USE: _("无擅自改变物业使用性质且未改正的情形"),
    Condition.ILLEGAL_LETTING: _("无违法出租房屋且未改正的情形"),
    Condition.DECISIONS: _("无不执行业主大会、业主委员会决定且未改正的情形"),
    Condition.PLEDGE: _("已签署书面承诺"),
}


class Recruitment(models.Model):
    """One round of finding candidates for one re-election, with the working group's settings."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    reelection = models.OneToOneField(Reelection, on_delete=models.CASCADE, related_name="recruitment")
    call_notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    candidate_notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    joint_minimum = models.PositiveSmallIntegerField(_("联名推荐所需业主户数"), default=5,
                                                     validators=[MinValueValidator(1)])
    extra_conditions = models.JSONField(_("业主大会增设的条件"), default=list, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("业委会委员名额"), default=7,
        help_text=_("五至十一人的单数；小区总建筑面积不足一万平方米的，可以为三人，须写明依据。"))
    # 《上海市住宅物业管理规定》第二十条: three members only in a community under 10,000 m², with its basis
    # (the rules of procedure's article, or the assembly's decision) written down.
    small_committee_basis = models.CharField(
        _("三人业委会的依据"), max_length=300, blank=True,
        help_text=_("仅在业委会由三人组成时填写，例如：业主大会议事规则第×条；小区总建筑面积×平方米。"))
    # 差额 or not: a slate with no more candidates than seats stands only on the working group's decision,
    # for exactly that number of candidates (huanjie.rules.committee.slate_decision_needed).
    uncontested_for = models.PositiveSmallIntegerField(_("等额（或不足额）决定所针对的候选人数"), null=True,
                                                       blank=True)
    uncontested_reason = models.TextField(_("等额（或不足额）决定的理由"), max_length=1000, blank=True)
    uncontested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    uncontested_on = models.DateField(_("等额（或不足额）决定日期"), null=True, blank=True)
    target_finance = models.PositiveSmallIntegerField(_("至少几名财务专业人士"), default=1)
    target_law = models.PositiveSmallIntegerField(_("至少几名法律专业人士"), default=1)
    target_buildings = models.PositiveSmallIntegerField(_("至少来自几个楼栋"), default=3)
    target_each_gender = models.PositiveSmallIntegerField(_("男女各至少几名"), default=1)
    target_street = models.PositiveSmallIntegerField(_("评审团：街道部门至少几人"), default=1)
    target_legal_expert = models.PositiveSmallIntegerField(_("评审团：法律专家至少几人"), default=1)
    target_owner_rep = models.PositiveSmallIntegerField(_("评审团：业主代表至少几人"), default=2)
    pass_mark = models.DecimalField(_("推荐分数线（百分制）"), max_digits=5, decimal_places=2, default=Decimal("60"))
    spread_limit = models.DecimalField(_("评分分歧提示（最高与最低相差超过）"), max_digits=5, decimal_places=2,
                                       default=Decimal("20"))
    final_list_on = models.DateField(_("正式候选人名单确定日期"), null=True, blank=True)
    final_list_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        verbose_name = _("候选人征集")
        verbose_name_plural = _("候选人征集")
        constraints = [
            models.CheckConstraint(name="candidates_recruitment_pass_mark_range",
                                   condition=Q(pass_mark__gte=0, pass_mark__lte=100)),
            # 《业主大会和业主委员会指导规则》第三十一条; 《上海市住宅物业管理规定》第二十条 (rules.committee).
            models.CheckConstraint(name="candidates_recruitment_committee_size",
                                   condition=Q(seats__in=LAWFUL_SIZES)
                                   | (Q(seats=SMALL_COMMITTEE) & ~Q(small_committee_basis=""))),
            models.CheckConstraint(name="candidates_recruitment_uncontested_reason",
                                   condition=Q(uncontested_for__isnull=True) | ~Q(uncontested_reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.reelection} · 候选人征集"


def condition_label(recruitment: Recruitment, key: str) -> str:
    """The words of a condition: the statute's, or the assembly's own (`extra:<n>`) as it wrote them."""
    if key.startswith(EXTRA_PREFIX):
        index = int(key[len(EXTRA_PREFIX):]) - 1
        extra = recruitment.extra_conditions
        return str(extra[index]) if 0 <= index < len(extra) else key
    return str(CONDITION_LABELS.get(key, key))


class NominationMethod(models.TextChoices):
    SELF = "self", _("本人自荐")
    JOINT = "joint", _("业主联名推荐")
    RESIDENTS_COMMITTEE = "residents_committee", _("居委会推荐")


class SourceChannel(models.TextChoices):
    ONLINE = "online", _("网上报名")
    PAPER_FORM = "paper_form", _("纸质报名表")
    OWNERS_GROUP = "owners_group", _("业主群")
    BULLETIN = "bulletin", _("公告栏")
    HOME_VISIT = "home_visit", _("上门走访")
    FORUM = "forum", _("座谈会")


class Gender(models.TextChoices):
    FEMALE = "female", _("女")
    MALE = "male", _("男")


class AgeBand(models.TextChoices):
    UNDER_36 = "18-35", _("35岁及以下")
    FROM_36 = "36-50", _("36至50岁")
    FROM_51 = "51-65", _("51至65岁")
    OVER_65 = "66+", _("66岁及以上")


class Skill(models.TextChoices):
    FINANCE = "finance", _("财务")
    LAW = "law", _("法律")
    ENGINEERING = "engineering", _("工程")
    PROPERTY = "property", _("物业管理")


class TimeAvailable(models.TextChoices):
    DAYTIME = "daytime", _("工作日白天")
    EVENINGS = "evenings", _("晚间和周末")
    FLEXIBLE = "flexible", _("时间灵活")


class NominationStatus(models.TextChoices):
    # A joint recommendation started online waits for its co-signers; it becomes a nomination
    # (and its candidate enters the review) when enough owners have signed within the period.
    COLLECTING = "collecting", _("征集联名中")
    SUBMITTED = "submitted", _("已提交")


class Nomination(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="nominations")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("被提名人"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("房号"))
    method = models.CharField(_("提名方式"), max_length=24, choices=NominationMethod.choices)
    channel = models.CharField(_("来源渠道"), max_length=16, choices=SourceChannel.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    age_band = models.CharField(_("年龄段"), max_length=8, choices=AgeBand.choices)
    occupation = models.CharField(_("职业"), max_length=60)
    party_member = models.BooleanField(_("中共党员"), default=False)
    skills = models.JSONField(_("专业特长"), default=list, blank=True)
    time_available = models.CharField(_("可投入时间"), max_length=12, choices=TimeAvailable.choices)
    statement = models.TextField(_("参选陈述"), max_length=2000)
    consent_to_publish = models.BooleanField(_("同意公示个人基本信息"))
    status = models.CharField(_("状态"), max_length=12, choices=NominationStatus.choices,
                              default=NominationStatus.SUBMITTED)

    class Meta:
        verbose_name = _("提名")
        verbose_name_plural = _("提名")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(name="candidates_nomination_status_valid",
                                   condition=Q(status__in=NominationStatus.values)),
            models.UniqueConstraint(fields=["recruitment", "owner"], name="candidates_nomination_once_per_owner"),
            models.CheckConstraint(name="candidates_nomination_consent", condition=Q(consent_to_publish=True)),
            models.CheckConstraint(name="candidates_nomination_method_valid",
                                   condition=Q(method__in=NominationMethod.values)),
        ]

    def __str__(self) -> str:
        return f"{self.owner.name}（{self.unit.code}）"


class Supporter(models.Model):
    """One unit's owners joining a joint recommendation (业主联名推荐).

    On paper, staff enter the units of the signed form (`signed_by` empty); online, the owner
    co-signs from their own phone page and `owner`/`signed_by` say who.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="supporters")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(Owner, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("联名业主"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    signed_at = models.DateTimeField(_("联名时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("联名推荐人")
        verbose_name_plural = _("联名推荐人")
        constraints = [models.UniqueConstraint(fields=["nomination", "unit"], name="candidates_supporter_once")]

    def __str__(self) -> str:
        return self.unit.code


class CandidateStatus(models.TextChoices):
    NOMINATED = "nominated", _("待资格审查")
    ELIGIBLE = "eligible", _("资格审查通过，待面试评审")
    INELIGIBLE = "ineligible", _("资格审查未通过")
    SHORTLISTED = "shortlisted", _("拟列入候选人名单")
    NOT_SHORTLISTED = "not_shortlisted", _("未列入候选人名单")
    FINAL = "final", _("正式候选人")
    WITHDRAWN = "withdrawn", _("已撤回")


EXCLUDED_STATES = (CandidateStatus.INELIGIBLE, CandidateStatus.NOT_SHORTLISTED, CandidateStatus.WITHDRAWN)


class Candidate(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="candidates")
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="candidate")
    status = models.CharField(_("状态"), max_length=16, choices=CandidateStatus.choices,
                              default=CandidateStatus.NOMINATED)
    status_reason = models.TextField(_("理由（告知本人）"), blank=True)
    interview_at = models.DateTimeField(_("面试时间"), null=True, blank=True)
    interview_place = models.CharField(_("面试地点"), max_length=120, blank=True)
    panel_score = models.DecimalField(_("评审团得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    panel_recommended = models.BooleanField(_("评审团推荐"), null=True, blank=True)
    panel_reason = models.TextField(_("评审团意见"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["nomination__submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(name="candidates_candidate_status_valid",
                                   condition=Q(status__in=CandidateStatus.values)),
            models.CheckConstraint(name="candidates_candidate_exclusion_has_reason", condition=(
                ~Q(status__in=[s.value for s in EXCLUDED_STATES]) | ~Q(status_reason=""))),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.nomination.owner.name


class EligibilityCheck(models.Model):
    """One condition confirmed by one person, with the evidence (and the reason when not met)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="checks")
    condition = models.CharField(_("条件"), max_length=40)
    met = models.BooleanField(_("符合"))
    evidence = models.TextField(_("依据"), blank=True)
    evidence_file = models.FileField(_("证明材料"), upload_to="candidates/evidence/%Y/%m/", blank=True)
    reason = models.TextField(_("不符合的理由"), blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text=_("空表示系统依业主名册自动核对"))
    confirmed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("资格审查")
        verbose_name_plural = _("资格审查")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "condition"], name="candidates_check_once"),
            models.CheckConstraint(name="candidates_check_failure_has_reason", condition=Q(met=True) | ~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.condition}"


class ArrearsEntry(models.Model):
    """A unit's outstanding property fees or maintenance fund, from the list the property company gives."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="arrears")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("欠费金额（元）"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("欠费记录")
        verbose_name_plural = _("欠费记录")
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "unit"], name="candidates_arrears_once"),
            models.CheckConstraint(name="candidates_arrears_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.amount}"


class Affiliation(models.TextChoices):
    STREET = "street", _("街道相关部门")
    LEGAL_EXPERT = "legal_expert", _("法律专家")
    OWNER_REP = "owner_rep", _("业主代表")
    RESIDENTS_COMMITTEE = "residents_committee", _("居委会")
    OTHER = "other", _("其他")


class Panelist(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="panelists")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats")
    affiliation = models.CharField(_("所属方面"), max_length=24, choices=Affiliation.choices)

    class Meta:
        verbose_name = _("评审团成员")
        verbose_name_plural = _("评审团成员")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["recruitment", "user"], name="candidates_panelist_once")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Criterion(models.Model):
    """One part of the interview rubric; a sheet's score is the weighted share of the maximum."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=60)
    max_points = models.PositiveSmallIntegerField(_("满分"))
    weight = models.DecimalField(_("权重"), max_digits=4, decimal_places=2, default=Decimal("1"))
    sort_key = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "name"], name="candidates_criterion_unique_name"),
            models.CheckConstraint(name="candidates_criterion_sane", condition=Q(max_points__gte=1, weight__gt=0)),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A panelist assigned to interview a candidate; a declared conflict keeps them from scoring."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="assignments")
    panelist = models.ForeignKey(Panelist, on_delete=models.CASCADE, related_name="assignments")
    conflict_declared = models.BooleanField(_("申报利益冲突"), default=False)
    conflict_note = models.CharField(_("利益冲突说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "panelist"], name="candidates_assignment_once"),
            models.CheckConstraint(name="candidates_conflict_has_note",
                                   condition=Q(conflict_declared=False) | ~Q(conflict_note="")),
        ]

    def __str__(self) -> str:
        return f"{self.panelist} → {self.candidate}"


class ScoreSheet(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="sheet")
    submitted_at = models.DateTimeField()
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")

    def __str__(self) -> str:
        return str(self.assignment)


class Score(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("得分"))

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="candidates_score_once")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


# ---- 候选人见面会 -------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    HELD = "held", _("已召开，纪要已存档")


class Meeting(models.Model):
    """The candidates' meeting with owners (候选人见面会): announced as a notice, recorded in minutes."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("会议地点"), max_length=120)
    host = models.CharField(_("主持人"), max_length=60)
    notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)
    minutes = models.TextField(_("会议纪要"), blank=True)
    recorder = models.CharField(_("记录人"), max_length=60, blank=True)
    minutes_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    minutes_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("候选人见面会")
        verbose_name_plural = _("候选人见面会")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(name="candidates_meeting_status_valid",
                                   condition=Q(status__in=MeetingStatus.values)),
            models.CheckConstraint(name="candidates_meeting_held_has_minutes", condition=(
                Q(status=MeetingStatus.SCHEDULED) | (~Q(minutes="") & Q(minutes_at__isnull=False)))),
        ]

    def __str__(self) -> str:
        return f"候选人见面会 {self.starts_at:%Y-%m-%d}"

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD


class MeetingCandidate(models.Model):
    """Whether a listed candidate came to the meeting; an absence is explained."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="candidate_attendance")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("出席"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("见面会候选人")
        verbose_name_plural = _("见面会候选人")
        ordering = ["candidate__nomination__submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "candidate"], name="candidates_meeting_candidate_once"),
            models.CheckConstraint(name="candidates_meeting_absence_explained", condition=Q(present=True)
                                   | ~Q(note="")),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.candidate}"


class MeetingAttendee(models.Model):
    """An owner household signed in at the meeting (签到), one row per unit."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签到时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("见面会签到")
        verbose_name_plural = _("见面会签到")
        ordering = ["unit__sort_key", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="candidates_meeting_unit_once")]

    def __str__(self) -> str:
        return self.unit.code


class QuestionSource(models.TextChoices):
    ADVANCE_ONLINE = "advance_online", _("会前网上提交")
    ADVANCE_PAPER = "advance_paper", _("会前书面提交")
    AT_MEETING = "at_meeting", _("会上现场提问")


class MeetingQuestion(models.Model):
    """An owner's question, to all candidates or to one; each candidate's answer is kept."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("提问人房号"))
    asker_name = models.CharField(_("提问人"), max_length=60)
    to_candidate = models.ForeignKey(Candidate, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("提问对象"), help_text=_("空表示向全体候选人提问"))
    text = models.TextField(_("问题"), max_length=1000)
    source = models.CharField(_("来源"), max_length=16, choices=QuestionSource.choices)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("见面会提问")
        verbose_name_plural = _("见面会提问")
        ordering = ["asked_at", "pk"]
        constraints = [models.CheckConstraint(name="candidates_question_source_valid",
                                              condition=Q(source__in=QuestionSource.values))]

    def __str__(self) -> str:
        return self.text[:30]


class MeetingAnswer(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(MeetingQuestion, on_delete=models.CASCADE, related_name="answers")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("回答要点"), max_length=2000)

    class Meta:
        verbose_name = _("见面会答复")
        verbose_name_plural = _("见面会答复")
        ordering = ["candidate__nomination__submitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "candidate"], name="candidates_answer_once")]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.text[:20]}"
